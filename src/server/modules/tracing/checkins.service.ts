import type { Kysely } from 'kysely';
import { bulkInsert, type BulkSpec } from '../../db/bulk';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { insertChunks } from '../../db/dialect';
import { DAY } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { maskIdNumber } from '../../lib/masking';
import { Scope } from '../access/scope';
import { PersonRepository } from '../people';
import { prepareScans, type CheckinInput, type PreparedScans, type Rejected } from './checkin-prepare';
import { scanDay } from './scan-days';
import type { TracingTables } from './tracing.table';

export type { CheckinInput } from './checkin-prepare';

export interface CheckinOutcome {
  accepted: number;
  duplicates: number;
  unknownPeople: number;
  unknownVenues: number;
  rejected: Rejected;
}

type ScanRow = { scan_day: number; venue_code: string; scanned_at: string; person_id: string };

const SCANS_BULK: BulkSpec<ScanRow> = {
  table: 'checkins',
  columns: ['scan_day', 'venue_code', 'scanned_at', 'person_id'],
  types: { scan_day: 'integer' },
  conflict: 'on conflict do nothing',
};

export const emptyOutcome = (): CheckinOutcome => ({ accepted: 0, duplicates: 0, unknownPeople: 0, unknownVenues: 0, rejected: [] });

/**
 * Venue codes known to exist, kept across the batches of one import: a file names the same
 * venues batch after batch, so each is looked up once. Codes not found are asked again next batch
 * (a venue registered meanwhile is then found).
 */
export class KnownVenues {
  private readonly known = new Set<string>();

  async check(db: Kysely<DB>, codes: readonly string[]): Promise<ReadonlySet<string>> {
    const ask = [...new Set(codes)].filter((c) => !this.known.has(c));
    for (let i = 0; i < ask.length; i += 1000) {
      const found = await db
        .selectFrom('venues')
        .select('code')
        .where('code', 'in', ask.slice(i, i + 1000))
        .execute();
      for (const v of found) this.known.add(v.code);
    }
    return this.known;
  }
}

/** Venue check-ins (扫码): bulk ingest, unmatched scans kept apart, retention purge. */
export class CheckinsService {
  constructor(private readonly ctx: AppContext) {}

  /**
   * One batch in one transaction. Malformed rows are rejected with row and column; scans naming
   * an unknown person or venue are kept in checkins_unmatched (ID encrypted) and counted; the same
   * scan twice is stored once.
   */
  async ingest(rows: readonly CheckinInput[]): Promise<CheckinOutcome> {
    return this.ingestPrepared(prepareScans(this.ctx.pii, rows, this.ctx.clock.now().getTime()));
  }

  /**
   * A batch already checked and hashed (checkin-prepare.ts, possibly on a worker thread): people
   * resolved by keyed hash in set-based look-ups, venues checked, then one transaction.
   */
  async ingestPrepared(p: PreparedScans, venues = new KnownVenues()): Promise<CheckinOutcome> {
    const out: CheckinOutcome = { ...emptyOutcome(), rejected: p.rejected };
    if (p.days.length === 0) return out;
    const people = await new PersonRepository(this.ctx.db, this.ctx.dialect, Scope.city('integrity')).idsByDocHashes(this.ctx.database, p.hashes);
    const known = await venues.check(this.ctx.db, p.venues);
    const now = this.ctx.clock.nowIso();
    const matched: ScanRow[] = [];
    const unmatched: TracingTables['checkins_unmatched'][] = [];
    for (let i = 0; i < p.days.length; i++) {
      const person = people.get(p.hashes[i] ?? '');
      const venue = p.venues[i] ?? '';
      const at = p.ats[i] ?? '';
      if (person && known.has(venue)) {
        matched.push({ scan_day: p.days[i] ?? 0, venue_code: venue, scanned_at: at, person_id: person.id });
        continue;
      }
      const reason = person ? 'unknown_venue' : 'unknown_person';
      if (reason === 'unknown_person') out.unknownPeople++;
      else out.unknownVenues++;
      const idNumber = p.idNumbers[i] ?? '';
      unmatched.push({
        id: newId(),
        doc_hash: p.hashes[i] ?? '',
        doc_enc: this.ctx.pii.encrypt(idNumber),
        doc_masked: maskIdNumber(idNumber),
        venue_code: venue,
        scanned_at: at,
        reason,
        created_at: now,
      });
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
    // Already in key order (prepareScans sorts): consecutive inserts land on the same B-tree pages.
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
