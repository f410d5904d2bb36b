import { z } from 'zod';
import { areaQuery } from './testing';

/**
 * Printed documents (src/server/modules/documents): each GET answers application/pdf. The web
 * links to these paths for its 打印 buttons; `documentPaths` builds them in one place.
 */
export const runParams = z.object({ runId: z.string().min(1).max(64) });
export const boxParams = z.object({ code: z.string().min(1).max(64) });
export const placementParams = z.object({ id: z.string().min(1).max(64) });
export const roundParams = z.object({ id: z.string().min(1).max(64) });
export const missingPrintQuery = areaQuery;

export { documentPaths } from './document-paths';
