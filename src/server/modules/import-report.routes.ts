import { importReportBody, importReportQuery } from '../../contract/errors';
import type { ModuleRoutes } from '../http/plugin';
import { importReportCsv } from '../lib/import-report';

/** An import's answer holds up to 100,000 refused rows (a few MB as JSON). */
const REPORT_BODY_LIMIT = 32 * 1024 * 1024;

/**
 * The row report of an import, as a file (issue 12). Imports answer their refused rows in JSON and
 * keep no copy, so the page posts them back here to get the CSV: the server writes it once, for
 * the CLI and the web alike (lib/import-report.ts). Nothing is read from the database.
 */
export const importReportRoutes: ModuleRoutes = async (app) => {
  app.post(
    '/imports/report.csv',
    {
      config: { access: 'authenticated' },
      bodyLimit: REPORT_BODY_LIMIT,
      schema: {
        tags: ['imports'],
        summary: "An import's refused rows as the CSV report (row,column,reason,reason_code); lang=zh gives Chinese headers and reasons",
        querystring: importReportQuery,
        body: importReportBody,
      },
    },
    async (req, reply) =>
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-errors${req.query.lang === 'zh' ? '-zh' : ''}.csv"`)
        .send(`\ufeff${importReportCsv(req.body.errors, req.query.lang)}`),
  );
};
