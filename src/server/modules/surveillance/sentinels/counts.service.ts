import type { Readable } from 'node:stream';
import type { ImportRowError } from '../../../../contract/owners';
import { sentinelCountColumns, type CountResult } from '../../../../contract/surveillance';
import type { AppContext } from '../../../context';
import { DomainError, why } from '../../../errors';
import { rowProblem } from '../../../lib/import-report';
import { newId } from '../../../lib/ids';
import { localDate } from '../../../lib/local-time';
import { Scope } from '../../access';
import { AuditService } from '../../audit/audit.service';
import type { Actor } from '../../auth/actor';
import { readTable } from '../../people';
import type { CountSource, SentinelCountHistoryRow, SentinelCountRow } from '../surveillance.table';
import { countKey, dropContradictions, parseCountRow, type CountRow } from './count-rows';
import { SentinelRepository } from './sentinel.repository';
import { indicatorsOf } from './sentinel-view';

/** A counts file is a day or a back-fill of a district's sentinels: bounded, read whole. */
export const MAX_COUNT_ROWS = 200_000;
/** Never saying whether a code outside the caller's reach exists (route probe): unknown and out of reach read the same. */
const UNKNOWN = 'unknown sentinel (or not yours to report for)';

/**
 * Daily sentinel counts from a CSV, the API batch or the phone page. Keeps the good rows: each bad
 * row is reported (row, column, reason) and nothing of it is written; the good ones commit in one
 * transaction with one audit entry. A count for a (sentinel, indicator, date) already held is a
 * correction: the current value changes and the history keeps old and new; the same value again
 * changes nothing. Two different counts for one key in one batch contradict each other: both rows
 * are errors.
 */
export class CountsService {
  constructor(private readonly ctx: AppContext) {}

  today(): string {
    return localDate(this.ctx.clock.now(), this.ctx.config.timeZone);
  }

  async importFile(actor: Actor, input: Readable | string): Promise<CountResult> {
    const today = this.today();
    const parsed: CountRow[] = [];
    const errors: ImportRowError[] = [];
    let n = 0;
    for await (const rec of readTable(input, sentinelCountColumns)) {
      if (++n > MAX_COUNT_ROWS) throw new DomainError('BAD_FILE', `A counts file holds at most ${MAX_COUNT_ROWS} rows; split it`, { maxRows: MAX_COUNT_ROWS });
      const r = parseCountRow(rec.row, rec.values, today);
      if ('errors' in r) errors.push(...r.errors);
      else parsed.push(r.ok);
    }
    if (n === 0) throw new DomainError('EMPTY_FILE', 'The file has a header but no rows');
    return this.record(actor, parsed, errors, 'csv');
  }

  /** The API batch: items numbered from 1 as rows. */
  batch(
    actor: Actor,
    items: ReadonlyArray<{ sentinelCode: string; date: string; indicator: string; count: number }>,
    source: CountSource = 'api',
  ): Promise<CountResult> {
    const today = this.today();
    const parsed: CountRow[] = [];
    const errors: ImportRowError[] = [];
    items.forEach((it, i) => {
      const r = parseCountRow(i + 1, { sentinel_code: it.sentinelCode, date: it.date, indicator: it.indicator, count: it.count }, today);
      if ('errors' in r) errors.push(...r.errors);
      else parsed.push(r.ok);
    });
    return this.record(actor, parsed, errors, source);
  }

  /** The phone page: today's counts of one sentinel, indicator → count. */
  phone(actor: Actor, sentinelCode: string, counts: Record<string, number>): Promise<CountResult> {
    const date = this.today();
    return this.batch(
      actor,
      Object.entries(counts).map(([indicator, count]) => ({ sentinelCode, date, indicator, count })),
      'phone',
    );
  }

  private async record(actor: Actor, parsed: CountRow[], errors: ImportRowError[], source: CountSource): Promise<CountResult> {
    const { rows, errors: contradictions } = dropContradictions(parsed);
    errors.push(...contradictions);
    const scope = Scope.of(actor);
    const result = await this.ctx.db.transaction().execute(async (trx) => {
      const repo = new SentinelRepository(trx, scope);
      const sentinels = await repo.byCodes(rows.map((r) => r.sentinelCode));
      const types = new Map((await repo.types()).map((t) => [t.code, t]));
      const good: Array<CountRow & { sentinelId: string; areaCode: string }> = [];
      for (const r of rows) {
        const s = sentinels.get(r.sentinelCode);
        if (!s || s.active !== 1) {
          errors.push(rowProblem(r.row, 'sentinel_code', why('unknown_sentinel', UNKNOWN)));
          continue;
        }
        const indicators = indicatorsOf(s, types.get(s.type));
        if (!indicators.includes(r.indicator)) {
          errors.push(
            rowProblem(
              r.row,
              'indicator',
              why('not_indicator', `not an indicator of this sentinel (it reports ${indicators.join(', ')})`, { indicators: indicators.join(', ') }),
            ),
          );
          continue;
        }
        good.push({ ...r, sentinelId: s.id, areaCode: s.area_code });
      }
      const now = this.ctx.clock.nowIso();
      const current = await repo.currentCounts(good.map((g) => ({ sentinel_id: g.sentinelId, indicator: g.indicator, date: g.date })));
      const fresh: SentinelCountRow[] = [];
      const history: SentinelCountHistoryRow[] = [];
      const corrected: Array<{ sentinel: string; indicator: string; date: string; from: number; to: number }> = [];
      let unchanged = 0;
      for (const g of good) {
        const old = current.get(`${g.sentinelId}|${g.indicator}|${g.date}`);
        if (old && old.count === g.count) {
          unchanged++;
          continue;
        }
        const row: SentinelCountRow = {
          sentinel_id: g.sentinelId,
          indicator: g.indicator,
          date: g.date,
          area_code: g.areaCode,
          count: g.count,
          revision: old ? old.revision + 1 : 1,
          reported_by: actor.name,
          reported_at: now,
        };
        if (old) {
          await repo.updateCount(row);
          corrected.push({ sentinel: g.sentinelCode, indicator: g.indicator, date: g.date, from: old.count, to: g.count });
        } else fresh.push(row);
        history.push({
          id: newId(),
          sentinel_id: g.sentinelId,
          indicator: g.indicator,
          date: g.date,
          area_code: g.areaCode,
          old_count: old ? old.count : null,
          new_count: g.count,
          source,
          changed_by: actor.name,
          changed_at: now,
        });
      }
      await repo.insertCounts(this.ctx.dialect, fresh);
      await repo.insertHistory(this.ctx.dialect, history);
      if (history.length) {
        const codes = [...new Set(good.map((g) => g.sentinelCode))];
        const areas = [...new Set(good.map((g) => g.areaCode))];
        await new AuditService(this.ctx).append(
          {
            actor,
            action: 'sentinel.counts_recorded',
            targetType: 'sentinel',
            targetId: codes.length === 1 ? sentinels.get(codes[0]!)!.id : undefined,
            areaCode: areas.length === 1 ? areas[0] : undefined,
            details: {
              source,
              sentinels: codes.slice(0, 200),
              inserted: fresh.length,
              corrected: corrected.slice(0, 200),
              correctedCount: corrected.length,
              keys: fresh.slice(0, 200).map((f) => countKey({ sentinelCode: f.sentinel_id, indicator: f.indicator, date: f.date })),
            },
          },
          trx,
        );
      }
      return { accepted: fresh.length + corrected.length + unchanged, updated: corrected.length, unchanged };
    });
    errors.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
    return { accepted: result.accepted, rejected: new Set(errors.map((e) => e.row)).size, updated: result.updated, unchanged: result.unchanged, errors };
  }
}
