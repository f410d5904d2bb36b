import { can, systemActor } from './auth/actor';
import { demoCity } from './people/demo-marker';
import { loadDemoFacilities } from './quarantine/demo-facilities';
import { Scope } from './access';
import { PlacementRepository } from './quarantine/placement.repository';
import { TransferRepository } from './quarantine/transfer.repository';
import type { EpiModule } from './module';
import { CapacityService } from './quarantine/capacity.service';
import { HealthService } from './quarantine/health.service';
import { registerQuarantineCommands } from './quarantine/quarantine.commands';
import { quarantineRoutes } from './quarantine/quarantine.routes';

/** Quarantine, transfer and treatment (capability 5). */
export const quarantineModule: EpiModule = {
  name: 'quarantine',
  routes: quarantineRoutes,
  commands: registerQuarantineCommands,
  figures: async (ctx, actor) => {
    if (!can(actor, 'quarantine:read')) return [];
    const board = await new CapacityService(ctx).board(actor);
    const scope = Scope.of(actor);
    const live = await new PlacementRepository(ctx.db, scope, ctx.dialect).countLive();
    const transfers = await new TransferRepository(ctx.db, scope, ctx.dialect).countOpen();
    return [
      { key: 'placements_live', value: live },
      { key: 'transfers_open', value: transfers },
      { key: 'rooms_free', value: board.facilities.filter((f) => f.mode === 'active').reduce((s, f) => s + f.rooms_free, 0) },
      { key: 'rooms_per_10k', value: board.rooms_per_10k },
    ];
  },
  onStart: async (ctx) => {
    const city = await demoCity(ctx);
    if (!city || (await ctx.db.selectFrom('facilities').select('id').limit(1).execute()).length) return;
    await loadDemoFacilities(ctx, systemActor('demo'), city.district);
    ctx.log.info('demo city: quarantine facilities created');
  },
  jobs: [{ name: 'quarantine.missed-checks', intervalSeconds: 3600, handler: async (ctx) => void (await new HealthService(ctx).raiseMissedChecks()) }],
};
