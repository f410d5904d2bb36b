import { can } from './auth/actor';
import type { EpiModule } from './module';
import { registerAlertCommands } from './alerts/alerts.commands';
import { alertsRoutes } from './alerts/alerts.routes';
import { AlertsService } from './alerts/alerts.service';
import { AlertSweep } from './alerts/sweep.service';

/** Multi-point triggers and alert triage (多点触发, 预警处置; capability 6, docs/alerts.md). */
export const alertsModule: EpiModule = {
  name: 'alerts',
  routes: alertsRoutes,
  commands: registerAlertCommands,
  figures: async (ctx, actor) => {
    if (!can(actor, 'alerts:read')) return [];
    const { stats } = await new AlertsService(ctx).list(actor, { limit: 1 });
    return [
      { key: 'alerts_open', value: stats.open },
      { key: 'alerts_overdue', value: stats.overdue },
    ];
  },
  // Every 15 s: an alert is raised within 60 s of the record that completes its rule (bench/alerts.ts).
  jobs: [{ name: 'alerts.sweep', intervalSeconds: 15, handler: async (ctx) => void (await new AlertSweep(ctx).run()) }],
};
