/** Where each printed document is served (routes in src/server/modules/documents/documents.routes.ts). */
const enc = encodeURIComponent;
export const documentPaths = {
  transferSheet: (runId: string) => `/api/v1/documents/transfer-runs/${enc(runId)}/sheet.pdf`,
  boxManifest: (code: string) => `/api/v1/documents/boxes/${enc(code)}/manifest.pdf`,
  quarantineNotice: (placementId: string) => `/api/v1/documents/placements/${enc(placementId)}/notice.pdf`,
  releaseCertificate: (placementId: string) => `/api/v1/documents/placements/${enc(placementId)}/release.pdf`,
  missingList: (roundId: string, area: string) => `/api/v1/documents/rounds/${enc(roundId)}/missing.pdf?area=${enc(area)}`,
};
