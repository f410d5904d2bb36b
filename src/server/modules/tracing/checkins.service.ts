import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { Dialect } from '../../db/database';
import type { DB } from '../../db/schema';
import { DAY } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { maskIdNumber } from '../../lib/masking';
import { Scope } from '../access';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { PersonRepository } from '../people';
import { prepareScans, type CheckinInput, type PreparedScans, type Rejected } from './checkin-prepare';
import { CheckinRepository, type ScanRow, type UnmatchedRow } from './checkin.repository';
import { scanDay } from './scan-days';
import { VenueRepository } from './venue.repository';
import { why } from '../../errors';
import { rowProblem } from '../../lib/import-report';

export type { CheckinInput } from './checkin-prepare';

export interface CheckinOutcome {
  accepted: number;
  duplicates: number;
  unknownPeople: number;
  unknownVenues: number;
  rejected: Rejected;
}

export const emptyOutcome = (): CheckinOutcome => ({ accepted: 0, duplicates: 0, unknownPeople: 0, unknownVenues: 0, rejected: [] });

/**
 * Venue codes of the caller's scope, kept across the batches of one import: a file names the same
 * venues batch after batch, so each is looked up once. Codes not found are asked again next batch
 * (a venue registered meanwhile is then found).
 */
export class KnownVenues {
  private readonly known = new Set<string>();
  constructor(
    readonly scope: Scope,
    private readonly dialect: Dialect,
  ) {}

  async check(db: Kysely<DB>, codes: readonly string[]): Promise<ReadonlySet<string>> {
    const ask = [...new Set(codes)].filter((c) => !this.known.has(c));
    for (const c of await new VenueRepository(db, this.scope, this.dialect).inScope(ask)) this.known.add(c);
    return this.known;
  }
}

/**
 * Venue check-ins (扫码): bulk ingest, unmatched scans kept apart, retention purge.
 *
 * A scan is the venue's record: whoever ingests it must hold the venue in scope (the place-code
 * platform's feed is a token with city scope). A scan at a venue outside the caller's scope — or an
 * unknown one — is a row error below city level; at city level an unknown venue's scan is kept
 * apart for matching later.
 */
export class CheckinsService {
  constructor(private readonly ctx: AppContext) {}

  /**
   * One batch in one transaction. Malformed rows are rejected with row and column; scans naming
   * an unknown person (or, city-wide, an unknown venue) are kept in checkins_unmatched (ID
   * encrypted) and counted; the same scan twice is stored once.
   */
  async ingest(actor: Actor, rows: readonly CheckinInput[]): Promise<CheckinOutcome> {
    return this.ingestPrepared(actor, prepareScans(this.ctx.pii, rows, this.ctx.clock.now().getTime()));
  }

  /**
   * A batch already checked and hashed (checkin-prepare.ts, possibly on a worker thread): people
   * resolved by keyed hash in set-based look-ups, venues checked against the caller's scope, then
   * one transaction with its audit entry.
   */
  async ingestPrepared(actor: Actor, p: PreparedScans, venues = new KnownVenues(Scope.of(actor), this.ctx.dialect)): Promise<CheckinOutcome> {
    const out: CheckinOutcome = { ...emptyOutcome(), rejected: [...p.rejected] };
    if (p.days.length === 0) return out;
    const scope = venues.scope;
    // Anyone may scan at my venue: the person look-up is city-wide; the scan stays the venue's record.
    const people = await new PersonRepository(this.ctx.db, this.ctx.dialect, Scope.city('integrity')).idsByDocHashes(this.ctx.database, p.hashes);
    const known = await venues.check(this.ctx.db, p.venues);
    const now = this.ctx.clock.nowIso();
    const matched: ScanRow[] = [];
    const unmatched: UnmatchedRow[] = [];
    const venueCodes = new Set<string>();
    for (let i = 0; i < p.days.length; i++) {
      const venue = p.venues[i] ?? '';
      if (!known.has(venue) && !scope.isCity) {
        out.rejected.push(rowProblem(p.rows[i] ?? 0, 'venue_code', why('unknown_venue', 'is not a venue in your scope')));
        continue;
      }
      venueCodes.add(venue);
      const person = people.get(p.hashes[i] ?? '');
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
    // Rows refused here come in key order; report every refusal in row order.
    if (out.rejected.length > p.rejected.length) out.rejected.sort((a, b) => a.row - b.row);
    if (matched.length + unmatched.length === 0) return out;
    await this.ctx.db.transaction().execute(async (trx) => {
      const repo = new CheckinRepository(trx, scope, this.ctx.database);
      out.accepted = await repo.insertScans(matched);
      await repo.insertUnmatched(unmatched);
      out.duplicates = matched.length - out.accepted;
      await new AuditService(this.ctx).append(
        {
          actor,
          action: 'checkins.ingested',
          targetType: 'venue',
          details: {
            venues: [...venueCodes].slice(0, 1000),
            accepted: out.accepted,
            duplicates: out.duplicates,
            unknownPeople: out.unknownPeople,
            unknownVenues: out.unknownVenues,
          },
        },
        trx,
      );
    });
    return out;
  }

  /** Unmatched scans at the caller's venues, newest first (masked), for the 扫码 page. */
  async unmatched(actor: Actor, limit = 200) {
    return new CheckinRepository(this.ctx.db, Scope.of(actor), this.ctx.database).unmatched(limit);
  }

  /**
   * Delete scans older than the retention period (a job, city-wide by rule 'job'): whole days are
   * range deletes on the leading scan_day of both keys (contiguous pages, no per-venue walk), one
   * day per transaction so the write lock is never held for more than a day's slice; the day the
   * cutoff falls in loses only the scans before the cutoff.
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
