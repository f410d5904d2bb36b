import type { Kysely } from 'kysely';
import { bulkInsert, type BulkSpec } from '../../db/bulk';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { insertChunks } from '../../db/dialect';
import { DAY } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { normalizeIdNumber } from '../../lib/id-number';
import { maskIdNumber } from '../../lib/masking';
import { docHash } from '../people/person-input';
import { PeopleService } from '../people/people.service';
import { scanDay } from './scan-days';

export interface CheckinInput {
  row: number;
  idNumber: string;
  venueCode: string;
  scannedAt: string;
}

export interface CheckinOutcome {
  accepted: number;
  duplicates: number;
  unknownPeople: number;
  unknownVenues: number;
  rejected: Array<{ row: number; column: string; reason: string }>;
}

type ScanRow = { scan_day: number; venue_code: string; scanned_at: string; person_id: string };

const SCANS_BULK: BulkSpec<ScanRow> = {
  table: 'checkins',
  columns: ['scan_day', 'venue_code', 'scanned_at', 'person_id'],
  types: { scan_day: 'integer' },
  conflict: 'on conflict do nothing',
};

export const emptyOutcome = (): CheckinOutcome => ({ accepted: 0, duplicates: 0, unknownPeople: 0, unknownVenues: 0, rejected: [] });

/** Venue check-ins (扫码): bulk ingest, unmatched scans kept apart, retention purge. */
export class CheckinsService {
  constructor(private readonly ctx: AppContext) {}

  /**
   * One batch in one transaction. Malformed rows are rejected with row and column; scans naming
   * an unknown person or venue are kept in checkins_unmatched (ID encrypted) and counted; the same
   * scan twice is stored once.
   */
  async ingest(rows: readonly CheckinInput[]): Promise<CheckinOutcome> {
    const out = emptyOutcome();
    const good: CheckinInput[] = [];
    for (const r of rows) {
      const at = Date.parse(r.scannedAt);
      if (!r.idNumber.trim()) out.rejected.push({ row: r.row, column: 'id_number', reason: 'is required' });
      else if (!r.venueCode.trim()) out.rejected.push({ row: r.row, column: 'venue_code', reason: 'is required' });
      else if (Number.isNaN(at)) out.rejected.push({ row: r.row, column: 'scanned_at', reason: 'must be an ISO-8601 time' });
      else if (at > this.ctx.clock.now().getTime() + DAY) out.rejected.push({ row: r.row, column: 'scanned_at', reason: 'is in the future' });
      else good.push({ ...r, idNumber: normalizeIdNumber(r.idNumber), venueCode: r.venueCode.trim(), scannedAt: new Date(at).toISOString() });
    }
    if (good.length === 0) return out;
    const people = await new PeopleService(this.ctx).resolveIdNumbers([...new Set(good.map((g) => g.idNumber))]);
    const venueCodes = [...new Set(good.map((g) => g.venueCode))];
    const known = new Set<string>();
    for (let i = 0; i < venueCodes.length; i += 1000) {
      const found = await this.ctx.db
        .selectFrom('venues')
        .select('code')
        .where('code', 'in', venueCodes.slice(i, i + 1000))
        .execute();
      for (const v of found) known.add(v.code);
    }
    const now = this.ctx.clock.nowIso();
    const matched: ScanRow[] = [];
    const unmatched: Array<{
      id: string;
      doc_hash: string;
      doc_enc: string;
      doc_masked: string;
      venue_code: string;
      scanned_at: string;
      reason: 'unknown_person' | 'unknown_venue';
      created_at: string;
    }> = [];
    for (const g of good) {
      const person = people.get(g.idNumber);
      const reason = !person ? 'unknown_person' : !known.has(g.venueCode) ? 'unknown_venue' : null;
      if (person && !reason) matched.push({ scan_day: scanDay(g.scannedAt), venue_code: g.venueCode, scanned_at: g.scannedAt, person_id: person.id });
      else if (reason) {
        if (reason === 'unknown_person') out.unknownPeople++;
        else out.unknownVenues++;
        unmatched.push({
          id: newId(),
          doc_hash: docHash(this.ctx.pii, g.idNumber),
          doc_enc: this.ctx.pii.encrypt(g.idNumber),
          doc_masked: maskIdNumber(g.idNumber),
          venue_code: g.venueCode,
          scanned_at: g.scannedAt,
          reason,
          created_at: now,
        });
      }
    }
    await this.ctx.db.transaction().execute(async (trx) => {
      out.accepted = await this.insertScans(trx, matched);
      for (const chunk of insertChunks(this.ctx.dialect, unmatched)) await trx.insertInto('checkins_unmatched').values(chunk).execute();
    });
    out.duplicates = matched.length - out.accepted;
    return out;
  }

  /** The hot path of a million-scan day (see db/bulk.ts); duplicates ignored. Returns rows inserted. */
  private async insertScans(trx: Kysely<DB>, rows: readonly ScanRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    // In key order: consecutive inserts land on the same B-tree pages (fewer pages dirtied per batch).
    rows = [...rows].sort(
      (a, b) =>
        a.scan_day - b.scan_day ||
        (a.venue_code < b.venue_code ? -1 : a.venue_code > b.venue_code ? 1 : a.scanned_at < b.scanned_at ? -1 : a.scanned_at > b.scanned_at ? 1 : 0),
    );
    return bulkInsert(this.ctx.database, trx, SCANS_BULK, rows);
  }

  /** Unmatched scans, newest first (masked), for the 扫码 page. */
  async unmatched(limit = 200) {
    return this.ctx.db
      .selectFrom('checkins_unmatched')
      .select(['id', 'doc_masked', 'venue_code', 'scanned_at', 'reason', 'created_at'])
      .orderBy('scanned_at', 'desc')
      .limit(limit)
      .execute();
  }

  /**
   * Delete scans older than the retention period: whole days are range deletes on the leading
   * scan_day of both keys (contiguous pages, no per-venue walk), one day per transaction so the
   * write lock is never held for more than a day's slice; the day the cutoff falls in loses only
   * the scans before the cutoff.
   */
  async purgeExpired(): Promise<number> {
    const cutoff = new Date(this.ctx.clock.now().getTime() - this.ctx.config.checkinRetentionDays * DAY).toISOString();
    const lastDay = scanDay(cutoff);
    let removed = 0;
    const oldest = await this.ctx.db
      .selectFrom('checkins')
      .select((eb) => eb.fn.min('scan_day').as('day'))
      .executeTakeFirst();
    for (let day = oldest?.day == null ? lastDay : Number(oldest.day); day < lastDay; day++) {
      const r = await this.ctx.db.deleteFrom('checkins').where('scan_day', '=', day).executeTakeFirst();
      removed += Number(r.numDeletedRows);
    }
    const edge = await this.ctx.db.deleteFrom('checkins').where('scan_day', '=', lastDay).where('scanned_at', '<', cutoff).executeTakeFirst();
    removed += Number(edge.numDeletedRows);
    await this.ctx.db.deleteFrom('checkins_unmatched').where('scanned_at', '<', cutoff).execute();
    return removed;
  }
}
