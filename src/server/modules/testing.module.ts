import { sql } from 'kysely';
import { can } from './auth/actor';
import { areaSql, Scope } from './access';
import type { EpiModule } from './module';
import { RechecksService } from './testing/rechecks.service';
import { SampleSettler, SETTLE_INTERVAL_SECONDS } from './testing/sample-settle';
import { registerTestingCommands } from './testing/testing.commands';
import { registerRoundUndoCommands } from './testing/round-undo.commands';
import { testingRoutes } from './testing/testing.routes';
import { startOfLocalDay, localDate } from '../lib/local-time';

/** Mass testing, 采送检报 (capability 3). */
export const testingModule: EpiModule = {
  name: 'testing',
  routes: testingRoutes,
  commands: (program, kit) => {
    registerTestingCommands(program, kit);
    registerRoundUndoCommands(program, kit);
  },
  // Device batches land as sample rows only; this counts them into coverage (staleness ≤ interval + one settle).
  jobs: [{ name: 'testing.settle-samples', intervalSeconds: SETTLE_INTERVAL_SECONDS, handler: async (ctx) => void (await new SampleSettler(ctx).settle()) }],
  figures: async (ctx, actor) => {
    if (!can(actor, 'testing:read')) return [];
    const scope = Scope.of(actor);
    const today = startOfLocalDay(localDate(ctx.clock.now(), ctx.config.timeZone), ctx.config.timeZone).toISOString();
    const samples = await ctx.db
      .selectFrom('samples')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('collected_at', '>=', today)
      .where((eb) => scope.where(eb, 'area_code'))
      .executeTakeFirstOrThrow();
    // Open positive pools with at least one open re-check of the caller's residents (not the city's).
    const pools = await sql<{
      n: number;
    }>`select count(distinct pool_tube_id) as n from rechecks where status in ('to_locate', 'located', 'resampled') and ${areaSql(scope, 'area_code')}`.execute(
      ctx.db,
    );
    return [
      { key: 'samples_today', value: Number(samples.n) },
      { key: 'positive_pools_open', value: Number(pools.rows[0]?.n ?? 0) },
      { key: 'rechecks_overdue', value: await new RechecksService(ctx).overdueCount(actor) },
    ];
  },
};
