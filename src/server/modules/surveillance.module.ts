import { systemActor } from './auth/actor';
import type { EpiModule } from './module';
import { surveillanceRoutes } from './surveillance/surveillance.routes';
import { registerSurveillanceCommands } from './surveillance/surveillance.commands';
import { SignalsService } from './surveillance/signals/signals.service';

/** Monitoring and early warning, 监测预警 (capability 6): detectors, Rt, sentinels, line lists, signals. */
export const surveillanceModule: EpiModule = {
  name: 'surveillance',
  routes: surveillanceRoutes,
  commands: registerSurveillanceCommands,
  jobs: [
    {
      // Hourly check; runs each local day once it is over (and catches up on missed days, up to a week).
      name: 'surveillance.nightly',
      intervalSeconds: 3600,
      handler: async (ctx) => {
        await new SignalsService(ctx).nightly(systemActor('surveillance.nightly'));
      },
    },
  ],
};
