import type { FastifyInstance } from 'fastify';

/**
 * Row reports are capped (issue 11, finding 10): an import of 44 MB of junk answered with a
 * 56 MB list of rejected rows. Any top-level `rejected`, `errors` or `conflicts` list of an API
 * answer keeps its first MAX_REPORTED_ROWS entries; `<name>Total` gives the full count and
 * `reportTruncated: true` says that it was cut.
 */
export const MAX_REPORTED_ROWS = 1_000;
const REPORT_KEYS = ['rejected', 'errors', 'conflicts'] as const;

export function capReport<T>(payload: T): T {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return payload;
  let out: Record<string, unknown> | null = null;
  for (const key of REPORT_KEYS) {
    const list = (payload as Record<string, unknown>)[key];
    if (!Array.isArray(list) || list.length <= MAX_REPORTED_ROWS) continue;
    out ??= { ...(payload as Record<string, unknown>) };
    out[key] = list.slice(0, MAX_REPORTED_ROWS);
    out[`${key}Total`] = list.length;
    out.reportTruncated = true;
  }
  return (out ?? payload) as T;
}

export function installReportCap(app: FastifyInstance): void {
  app.addHook('preSerialization', async (req, _reply, payload) => (req.url.startsWith('/api/') ? capReport(payload) : payload));
}
