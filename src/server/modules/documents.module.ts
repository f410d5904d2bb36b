import { documentsRoutes, registerDocumentCommands } from './documents';
import type { EpiModule } from './module';

/** Printable documents: transfer sheets, box manifests, notices, release certificates, missing lists (issue 12, "Paper"). */
export const documentsModule: EpiModule = {
  name: 'documents',
  routes: documentsRoutes,
  commands: registerDocumentCommands,
};
