import { coreModule } from './core.module';
import type { EpiModule } from './module';
import { registryModule } from './registry.module';
import { testingModule } from './testing.module';
import { tracingModule } from './tracing.module';
import { quarantineModule } from './quarantine.module';
import { surveillanceModule } from './surveillance.module';
import { alertsModule } from './alerts.module';
import { responseModule } from './response.module';
import { documentsModule } from './documents.module';
import { basemapModule } from './basemap.module';

/** Every capability, in the order they are mounted. Add one line per module. */
export const modules: EpiModule[] = [
  coreModule,
  registryModule,
  testingModule,
  tracingModule,
  quarantineModule,
  surveillanceModule,
  alertsModule,
  responseModule,
  documentsModule,
  basemapModule,
];
