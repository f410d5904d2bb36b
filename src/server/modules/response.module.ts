import { sql } from 'kysely';
import { can } from './auth/actor';
import { Scope } from './access';
import type { EpiModule } from './module';
import { ActivationService } from './response/activation.service';
import { autoCloseTasks } from './response/auto-close';
import { registerResponseCommands } from './response/response.commands';
import { responseRoutes } from './response/response.routes';
import { sendHandoverNotices } from './response/roster-handover';
import { sweepNotices } from './response/sweep';
import { drainOutbox } from './response/webhook';

/** Response command (capability 7): incidents, plans, owned and dated tasks, escalation, notices, timeliness. */
export const responseModule: EpiModule = {
  name: 'response',
  routes: responseRoutes,
  commands: registerResponseCommands,
  figures: async (ctx, actor) => {
    if (!can(actor, 'response:read')) return [];
    const scope = Scope.of(actor);
    const now = ctx.clock.nowIso();
    const r = await ctx.db
      .selectFrom('response_tasks')
      .select([sql<number>`count(*)`.as('open'), sql<number>`sum(case when due_at < ${now} then 1 else 0 end)`.as('overdue')])
      .where('status', '=', 'open')
      .where((eb) => scope.where(eb, 'area_code'))
      .executeTakeFirst();
    const incidents = await ctx.db
      .selectFrom('incidents')
      .select(sql<number>`count(*)`.as('n'))
      .where('status', '=', 'open')
      .where((eb) => scope.where(eb, 'area_code'))
      .executeTakeFirst();
    return [
      { key: 'incidents_open', value: Number(incidents?.n ?? 0) },
      { key: 'tasks_open', value: Number(r?.open ?? 0) },
      { key: 'tasks_overdue', value: Number(r?.overdue ?? 0) },
    ];
  },
  events: [{ name: 'response.activate-on-escalation', type: 'alert.escalated', handle: (ctx, e) => new ActivationService(ctx).onAlertEscalated(e) }],
  jobs: [
    // every 15 s so an overdue notice leaves within 60 s of its deadline (issue 15 item 4)
    {
      name: 'response.notices',
      intervalSeconds: 15,
      handler: async (ctx) => {
        await autoCloseTasks(ctx);
        await sweepNotices(ctx);
      },
    },
    // the hand-over notice, EPIGRID_ROSTER_HANDOVER_MINUTES before each shift (once per shift)
    { name: 'response.roster-handover', intervalSeconds: 60, handler: async (ctx) => void (await sendHandoverNotices(ctx)) },
    { name: 'response.outbox', intervalSeconds: 15, handler: async (ctx) => void (await drainOutbox(ctx)) },
  ],
};
