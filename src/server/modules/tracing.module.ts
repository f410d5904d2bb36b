import { can } from './auth/actor';
import { Scope } from './access';
import type { EpiModule } from './module';
import { demoCity } from './people/demo-marker';
import { loadDemoVenues } from './tracing/demo-venues';
import { CheckinsService } from './tracing/checkins.service';
import { registerTracingCommands } from './tracing/tracing.commands';
import { tracingRoutes } from './tracing/tracing.routes';

/** Tracing, 流调溯源 (capability 4). */
export const tracingModule: EpiModule = {
  name: 'tracing',
  routes: tracingRoutes,
  commands: registerTracingCommands,
  figures: async (ctx, actor) => {
    if (!can(actor, 'tracing:read')) return [];
    const now = ctx.clock.nowIso();
    const scope = Scope.of(actor);
    const count = async (q: Promise<{ n: number | string | bigint }>) => Number((await q).n);
    return [
      {
        key: 'cases',
        value: await count(
          ctx.db
            .selectFrom('cases')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where((eb) => scope.where(eb, 'area_code'))
            .executeTakeFirstOrThrow(),
        ),
      },
      {
        key: 'contacts_under_control',
        value: await count(
          ctx.db
            .selectFrom('contacts')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('status', '=', 'confirmed')
            .where((eb) => scope.where(eb, 'area_code'))
            .executeTakeFirstOrThrow(),
        ),
      },
      {
        key: 'assist_notices_overdue',
        value: await count(
          ctx.db
            .selectFrom('assist_notices')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('status', 'in', ['received', 'assigned', 'located'])
            .where('deadline', '<', now)
            .where((eb) => scope.where(eb, 'area_code'))
            .executeTakeFirstOrThrow(),
        ),
      },
    ];
  },
  onStart: async (ctx) => {
    const city = await demoCity(ctx);
    if (!city || (await ctx.db.selectFrom('venues').select('code').limit(1).execute()).length) return;
    ctx.log.info('demo city: loading venues and the last days of check-ins');
    ctx.log.info(await loadDemoVenues(ctx, city), 'demo venues loaded');
  },
  jobs: [{ name: 'tracing.purge-checkins', intervalSeconds: 3600, handler: async (ctx) => void (await new CheckinsService(ctx).purgeExpired()) }],
};
