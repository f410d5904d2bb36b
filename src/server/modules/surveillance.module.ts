import type { EpiModule } from './module';
import { registerSurveillanceCommands } from './surveillance/surveillance.commands';

/** Monitoring and early warning, 监测预警 (capability 6): detectors and Rt so far. */
export const surveillanceModule: EpiModule = {
  name: 'surveillance',
  commands: registerSurveillanceCommands,
};
