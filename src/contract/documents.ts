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

const enc = encodeURIComponent;
export const documentPaths = {
  transferSheet: (runId: string) => `/api/v1/documents/transfer-runs/${enc(runId)}/sheet.pdf`,
  boxManifest: (code: string) => `/api/v1/documents/boxes/${enc(code)}/manifest.pdf`,
  quarantineNotice: (placementId: string) => `/api/v1/documents/placements/${enc(placementId)}/notice.pdf`,
  releaseCertificate: (placementId: string) => `/api/v1/documents/placements/${enc(placementId)}/release.pdf`,
  missingList: (roundId: string, area: string) => `/api/v1/documents/rounds/${enc(roundId)}/missing.pdf?area=${enc(area)}`,
};
