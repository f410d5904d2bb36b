import { sql } from 'kysely';
import type { ImportRowError } from '../../../../contract/owners';
import type { LineReport } from '../../../../contract/surveillance';
import type { AppContext } from '../../../context';
import { validationError, why } from '../../../errors';
import { rowProblem } from '../../../lib/import-report';
import { addMs, HOUR } from '../../../lib/clock';
import { normalizeIdNumber, validateIdNumber } from '../../../lib/id-number';
import { newId } from '../../../lib/ids';
import { maskIdNumber } from '../../../lib/masking';
import { Scope, sendHandoffs, type HandoffInput } from '../../access';
import { lineReportReadable } from '../../access/guards.surveillance';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../auth/actor';
import { docHash, PeopleService } from '../../people';
import { insertChunks } from '../../../db/dialect';
import type { SentinelLineReportRow } from '../surveillance.table';
import { SentinelRepository } from './sentinel.repository';
import { indicatorsOf } from './sentinel-view';

/**
 * Line lists (issue 14 item 2): individuals a sentinel reports by ID number. Each is matched to the
 * registry by the keyed hash (the number is never stored in clear), gets a testing deadline (the
 * sentinel type's `line_list_hours`, 48 h by default), and is overdue when the deadline passes with
 * no sample taken since the report. A later positive result links back by query (samples → tubes).
 * A resident of another area is handed off to their home area, which then sees the report.
 */
export class LineListService {
  constructor(private readonly ctx: AppContext) {}

  async report(actor: Actor, sentinelCode: string, people: ReadonlyArray<{ idNumber: string; reason: string }>) {
    const scope = Scope.of(actor);
    const errors: ImportRowError[] = [];
    return this.ctx.db.transaction().execute(async (trx) => {
      const repo = new SentinelRepository(trx, scope);
      const sentinel = (await repo.byCodes([sentinelCode])).get(sentinelCode);
      if (!sentinel) throw validationError({ sentinelCode: 'unknown sentinel (or not yours to report for)' });
      const type = await repo.type(sentinel.type);
      const indicators = indicatorsOf(sentinel, type);
      const now = this.ctx.clock.now();
      const valid: Array<{ row: number; idNumber: string; reason: string }> = [];
      people.forEach((p, i) => {
        const check = validateIdNumber(p.idNumber, now);
        if (!check.ok) errors.push(rowProblem(i + 1, 'idNumber', why('id_number', check.reason)));
        else if (!indicators.includes(p.reason))
          errors.push(
            rowProblem(
              i + 1,
              'reason',
              why('not_indicator', `not an indicator of this sentinel (${indicators.join(', ')})`, { indicators: indicators.join(', ') }),
            ),
          );
        else valid.push({ row: i + 1, idNumber: normalizeIdNumber(p.idNumber), reason: p.reason });
      });
      const matches = await new PeopleService(this.ctx).resolveIdNumbers(valid.map((v) => v.idNumber));
      const reportedAt = now.toISOString();
      const deadline = addMs(reportedAt, (type?.line_list_hours ?? 48) * HOUR);
      const rows: SentinelLineReportRow[] = valid.map((v) => {
        const hit = matches.get(v.idNumber);
        return {
          id: newId(),
          sentinel_id: sentinel.id,
          sentinel_code: sentinel.code,
          sentinel_area_code: sentinel.area_code,
          person_id: hit?.id ?? null,
          home_area_code: hit?.area_code ?? null,
          doc_hash: docHash(this.ctx.pii, v.idNumber),
          doc_enc: this.ctx.pii.encrypt(v.idNumber),
          doc_masked: maskIdNumber(v.idNumber),
          reason: v.reason,
          reported_at: reportedAt,
          test_deadline: deadline,
          reported_by: actor.name,
        };
      });
      for (const chunk of insertChunks(this.ctx.dialect, rows)) await trx.insertInto('sentinel_line_reports').values(chunk).execute();
      // Residents of areas outside the sentinel's own reach their home area by hand-off.
      const elsewhere: HandoffInput[] = rows
        .filter((r) => r.home_area_code && !r.home_area_code.startsWith(sentinel.area_code))
        .map((r) => ({
          areaCode: r.home_area_code!,
          kind: 'sentinel_report',
          personId: r.person_id,
          subjectType: 'sentinel_line_report',
          subjectId: r.id,
          message: `哨点 ${sentinel.name} 报告（${r.reason}），请于 ${r.test_deadline.slice(0, 16).replace('T', ' ')} UTC 前完成核酸检测`,
        }));
      const handedOff = await sendHandoffs(this.ctx, trx, actor, sentinel.area_code, elsewhere);
      if (rows.length)
        await new AuditService(this.ctx).append(
          {
            actor,
            action: 'sentinel.line_reported',
            targetType: 'sentinel',
            targetId: sentinel.id,
            areaCode: sentinel.area_code,
            details: { code: sentinel.code, reports: rows.map((r) => r.id), matched: rows.filter((r) => r.person_id).length, handedOff },
          },
          trx,
        );
      return { accepted: rows.length, matched: rows.filter((r) => r.person_id).length, handedOff, errors };
    });
  }

  /** Line reports the caller may read (masked), newest deadline last; `overdue` keeps those past their deadline with no sample since the report. */
  async list(actor: Actor, opts: { area?: string; overdue?: boolean; limit?: number } = {}): Promise<LineReport[]> {
    const scope = Scope.of(actor).within(opts.area);
    const now = this.ctx.clock.nowIso();
    const rows = await sql<{
      id: string;
      sentinel_code: string;
      sentinel_area_code: string;
      person_id: string | null;
      home_area_code: string | null;
      doc_masked: string;
      reason: string;
      reported_at: string;
      test_deadline: string;
      tested_at: string | null;
      positive_at: string | null;
    }>`select t.id, t.sentinel_code, t.sentinel_area_code, t.person_id, t.home_area_code, t.doc_masked, t.reason, t.reported_at, t.test_deadline,
        (select min(s.collected_at) from samples s where s.person_id = t.person_id and s.collected_at >= t.reported_at) as tested_at,
        (select min(tb.resulted_at) from samples s join tubes tb on tb.id = s.tube_id
          where s.person_id = t.person_id and s.collected_at >= t.reported_at and tb.result = 'positive') as positive_at
      from sentinel_line_reports t
      where ${lineReportReadable(scope)}
        ${opts.overdue ? sql`and t.test_deadline < ${now} and not exists (select 1 from samples s where s.person_id = t.person_id and s.collected_at >= t.reported_at)` : sql``}
      order by t.test_deadline, t.id
      limit ${opts.limit ?? 1000}`.execute(this.ctx.db);
    return rows.rows.map((r) => ({
      id: r.id,
      sentinelCode: r.sentinel_code,
      sentinelAreaCode: r.sentinel_area_code,
      personId: r.person_id,
      homeAreaCode: r.home_area_code,
      idNumberMasked: r.doc_masked,
      reason: r.reason,
      reportedAt: r.reported_at,
      testDeadline: r.test_deadline,
      testedAt: r.tested_at,
      positiveAt: r.positive_at,
    }));
  }
}
