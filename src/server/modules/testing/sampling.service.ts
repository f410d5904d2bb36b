import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../context';
import { bulkInsert, selectByKeys, type BulkSpec, type KeyLookup } from '../../db/bulk';
import type { DB } from '../../db/schema';
import { newId } from '../../lib/ids';
import { AuditService } from '../audit/audit.service';
import { Access, Scope } from '../access';
import type { Actor } from '../auth/actor';
import { tubeBarcodePattern, type SampleWarning } from '../../../contract/sampling';
import type { TestingTables } from './testing.table';
import { checkInstant, type RejectedRow } from './testing.errors';
import { freshTube, loadBatch, whoOf, type Who } from './sample-batch';
import { CoverageCounters } from './coverage-counters.repository';
import { bucketOf, placeArrivals, type Placement } from './coverage-rules';

// The three per-sample writes go through the bulk path (see db/bulk.ts).
const TUBES_BULK: BulkSpec<Tube> = {
  table: 'tubes',
  columns: [
    'id',
    'barcode',
    'round_id',
    'site_code',
    'pool_size',
    'sample_count',
    'is_recheck',
    'status',
    'first_sampled_at',
    'sealed_at',
    'box_code',
    'result',
    'ct_n',
    'ct_orf1ab',
    'lab_code',
    'resulted_at',
    'result_conflict',
  ],
  types: {
    pool_size: 'integer',
    sample_count: 'integer',
    is_recheck: 'integer',
    ct_n: 'double precision',
    ct_orf1ab: 'double precision',
    result_conflict: 'integer',
  },
  // New tubes are inserted; tubes already known get this batch's count, status and times.
  conflict:
    'on conflict (barcode) do update set sample_count = excluded.sample_count, status = excluded.status, sealed_at = excluded.sealed_at, first_sampled_at = excluded.first_sampled_at',
};
const SAMPLES_BULK: BulkSpec<Sample> = {
  table: 'samples',
  columns: ['id', 'round_id', 'tube_id', 'person_id', 'area_code', 'grid_key', 'site_code', 'collector', 'collected_at', 'client_id'],
};
const ROUND_PEOPLE_BULK: BulkSpec<TestingTables['round_people']> = {
  table: 'round_people',
  columns: ['round_id', 'person_id', 'grid_key', 'first_at', 'samples', 'outcome', 'outside_reason'],
  types: { samples: 'integer' },
};
const LAST_SAMPLED_BULK: BulkSpec<{ person_id: string; last_at: string }> = {
  table: 'person_last_sampled',
  columns: ['person_id', 'last_at'],
  conflict:
    'on conflict (person_id) do update set last_at = case when excluded.last_at > person_last_sampled.last_at then excluded.last_at else person_last_sampled.last_at end',
};

export interface SampleInput {
  roundId: string;
  tubeBarcode: string;
  /** Who: the document number, or the 居民码 payload (`residentCode`); one of them. */
  idNumber?: string;
  residentCode?: string;
  siteCode: string;
  collectedAt: string;
  collector?: string;
  /** The device's id of this scan: a re-sent row with the same id (at the same site) creates nothing. */
  clientId?: string;
}

export interface IngestResult {
  accepted: number;
  /** Retries of a sample already recorded (same tube and person): ignored, not an error. */
  duplicates: number;
  /** Rows whose clientId was already recorded at that site (a re-sent batch): nothing created. */
  replayed: number;
  /** People sampled again in the same round in another tube: recorded, shown, counted once. */
  sampledTwice: number;
  /** People sampled for the first time in the round who are not part of its target (flagged, see coverage-rules.ts). */
  outsideTarget: number;
  rejected: RejectedRow[];
  /** Rows kept with a warning: the person was already sampled in this round (another tube). */
  warnings: SampleWarning[];
  tubesSealed: string[];
}

export const emptyIngestResult = (): IngestResult => ({
  accepted: 0,
  duplicates: 0,
  replayed: 0,
  sampledTwice: 0,
  outsideTarget: 0,
  rejected: [],
  warnings: [],
  tubesSealed: [],
});

type Tube = TestingTables['tubes'];
interface WriteBatch {
  tubes: Tube[];
  /** Barcodes of tubes this batch opened (counted once per site). */
  fresh: ReadonlySet<string>;
  rounds: ReadonlyMap<string, TestingTables['test_rounds']>;
  sites: ReadonlyMap<string, TestingTables['sampling_sites']>;
  /** The batch row of each sample, for warnings. */
  rowOf: ReadonlyMap<string, number>;
}

function groupBy<T>(items: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) (out.get(key(x)) ?? out.set(key(x), []).get(key(x)))?.push(x);
  return out;
}
type Sample = TestingTables['samples'];
const BARCODE = tubeBarcodePattern;

/** 采: record samples in batches (sampling devices, the scan page, CSV files) — one transaction per batch. */
export class SamplingService {
  constructor(private readonly ctx: AppContext) {}

  /** Record a batch in its own transaction, or in the caller's (`trx`: a walk-in registers the person first). */
  async recordSamples(actor: Actor, rows: readonly SampleInput[], firstRow = 1, trx?: Kysely<DB>): Promise<IngestResult> {
    const who = rows.map((r) => whoOf(this.ctx.pii, r));
    if (trx) return this.recordIn(trx, actor, rows, who, firstRow);
    return this.ctx.db.transaction().execute((t) => this.recordIn(t, actor, rows, who, firstRow));
  }

  private async recordIn(trx: Kysely<DB>, actor: Actor, rows: readonly SampleInput[], who: readonly Who[], firstRow: number): Promise<IngestResult> {
    const now = this.ctx.clock.nowIso();
    const result = emptyIngestResult();
    const reject = (i: number, column: string, reason: string) => result.rejected.push({ row: firstRow + i, column, reason });
    const { personOf, rounds, roundIds, sites, mySites, seenClientIds, tubes, inTube, startMs } = await loadBatch(this.ctx, trx, actor, rows, who);
    const touched = new Map<string, Tube>();
    const freshTubes = new Set<string>();
    const samples: Sample[] = [];
    const rowOf = new Map<string, number>();
    rows.forEach((r, i) => {
      const round = rounds.get(r.roundId);
      const site = sites.get(r.siteCode);
      const w = who[i] as Who;
      const timeProblem = checkInstant(r.collectedAt, now);
      if (!round) return reject(i, 'round_id', `unknown round ${r.roundId}`);
      if (round.status !== 'open') return reject(i, 'round_id', 'the round is closed');
      if (!BARCODE.test(r.tubeBarcode)) return reject(i, 'tube_barcode', 'must be 4–40 letters, digits or -');
      // Unknown, or not one the caller works at: the same answer, so no site elsewhere is revealed.
      if (!site || !mySites.has(site.code)) return reject(i, 'site_code', 'not a sampling site you work at');
      const clientKey = r.clientId ? `${r.clientId}|${site.code}` : null;
      if (clientKey && seenClientIds.has(clientKey)) {
        result.replayed++;
        return;
      }
      if (w.kind === 'bad') return reject(i, w.column, w.reason);
      const person = personOf(w);
      if (!person)
        return w.kind === 'code'
          ? reject(i, 'resident_code', 'names a person no longer in the registry')
          : void result.rejected.push({
              row: firstRow + i,
              column: 'id_number',
              reason: 'no person with this document number in the registry',
              code: 'not_registered',
            });
      if (timeProblem) return reject(i, 'collected_at', timeProblem);
      const collectedMs = Date.parse(r.collectedAt);
      const collectedAt = new Date(collectedMs).toISOString();
      if (collectedMs < (startMs.get(round.id) ?? 0) - 86_400_000) return reject(i, 'collected_at', `is before the round started (${round.starts_at})`);
      let tube = tubes.get(r.tubeBarcode);
      if (!tube) {
        tube = freshTube(r.tubeBarcode, round, site.code, collectedAt);
        tubes.set(tube.barcode, tube);
        freshTubes.add(tube.barcode);
      }
      if (tube.round_id !== round.id) return reject(i, 'tube_barcode', `tube ${tube.barcode} belongs to another round`);
      if (inTube.has(`${tube.id}:${person.id}`)) {
        result.duplicates++;
        return;
      }
      if (tube.status !== 'open' || tube.sample_count >= tube.pool_size)
        return reject(i, 'tube_barcode', `tube ${tube.barcode} is ${tube.status === 'open' ? 'full' : tube.status} (pool of ${tube.pool_size})`);
      inTube.add(`${tube.id}:${person.id}`);
      if (clientKey) seenClientIds.add(clientKey);
      tube.sample_count++;
      if (collectedAt < tube.first_sampled_at) tube.first_sampled_at = collectedAt;
      if (tube.sample_count >= tube.pool_size) {
        tube.status = 'sealed';
        tube.sealed_at = collectedAt;
        result.tubesSealed.push(tube.barcode);
      }
      touched.set(tube.barcode, tube);
      const gridKey = bucketOf(person.area_code);
      const sample: Sample = {
        id: newId(),
        round_id: round.id,
        tube_id: tube.id,
        person_id: person.id,
        area_code: person.area_code,
        grid_key: gridKey,
        site_code: site.code,
        collector: r.collector ?? null,
        collected_at: collectedAt,
        client_id: r.clientId ?? null,
      };
      samples.push(sample);
      rowOf.set(sample.id, firstRow + i);
    });
    await this.write(trx, { tubes: [...touched.values()], fresh: freshTubes, rounds, sites, rowOf }, samples, result);
    if (samples.length)
      await new AuditService(this.ctx).append(
        {
          actor,
          action: 'testing.samples_recorded',
          targetType: 'round',
          targetId: roundIds.join(','),
          details: {
            accepted: samples.length,
            rejected: result.rejected.length,
            replayed: result.replayed,
            sites: [...new Set(samples.map((x) => x.site_code))],
            tubes: [...touched.keys()],
          },
        },
        trx,
      );
    return result;
  }

  private async write(trx: Kysely<DB>, batch: WriteBatch, samples: Sample[], result: IngestResult): Promise<void> {
    await bulkInsert(this.ctx.database, trx, TUBES_BULK, batch.tubes);
    await bulkInsert(this.ctx.database, trx, SAMPLES_BULK, samples);
    result.accepted += samples.length;
    const counters = new CoverageCounters(trx, this.ctx.database);
    const siteTubes = new Map<string, TestingTables['round_site_counters']>();
    for (const t of batch.tubes) {
      if (!batch.fresh.has(t.barcode)) continue;
      const k = `${t.round_id}|${t.site_code}`;
      const c = siteTubes.get(k) ?? {
        round_id: t.round_id,
        site_code: t.site_code,
        area_code: batch.sites.get(t.site_code)?.area_code ?? '',
        tubes: 0,
        pools_positive: 0,
      };
      c.tubes++;
      siteTubes.set(k, c);
    }
    await counters.addSiteTubes([...siteTubes.values()]);
    // Coverage counts people: the first sample of a person in a round counts; later ones are repeats, shown not counted.
    const keyOf = (x: Sample) => `${x.round_id}:${x.person_id}`;
    const known = await this.knownRoundPeople(trx, samples);
    const fresh: Sample[] = [];
    const repeats = new Map<string, number>();
    for (const x of samples) {
      const k = keyOf(x);
      if (known.has(k)) {
        repeats.set(k, (repeats.get(k) ?? 0) + 1);
        const row = batch.rowOf.get(x.id);
        if (row !== undefined)
          result.warnings.push({ row, column: 'id_number', code: 'already_sampled', reason: 'already sampled in this round (recorded, counted once)' });
      } else {
        known.add(k);
        fresh.push(x);
      }
    }
    for (const [roundId, arrivals] of groupBy(fresh, (x) => x.round_id)) {
      const round = batch.rounds.get(roundId) as TestingTables['test_rounds'];
      const placed = await this.placeInTarget(trx, round, arrivals, batch.sites, counters);
      await bulkInsert(
        this.ctx.database,
        trx,
        ROUND_PEOPLE_BULK,
        arrivals.map((x, i) => ({
          round_id: x.round_id,
          person_id: x.person_id,
          grid_key: placed[i]?.key ?? x.grid_key,
          first_at: x.collected_at,
          samples: 1,
          outcome: 'pending' as const,
          outside_reason: placed[i]?.outside ?? null,
        })),
      );
      await counters.addArrivals(roundId, placed);
      result.outsideTarget += placed.filter((p) => p.outside).length;
    }
    for (const [k, n] of repeats) {
      const [roundId, personId] = k.split(':') as [string, string];
      await trx
        .updateTable('round_people')
        .set({ samples: sql`samples + ${n}` })
        .where('round_id', '=', roundId)
        .where('person_id', '=', personId)
        .execute();
      result.sampledTwice += n;
    }
    const last = new Map<string, string>();
    for (const s of samples) if ((last.get(s.person_id) ?? '') < s.collected_at) last.set(s.person_id, s.collected_at);
    await bulkInsert(
      this.ctx.database,
      trx,
      LAST_SAMPLED_BULK,
      [...last].map(([person_id, last_at]) => ({ person_id, last_at })),
    );
  }

  /**
   * Which of a round's new people count against its target (issue 13): registered in the round's
   * areas, not exempted, registered before the round was created, and room left in their bucket —
   * else flagged with the reason. Three set-based look-ups per batch.
   */
  private async placeInTarget(
    trx: Kysely<DB>,
    round: TestingTables['test_rounds'],
    arrivals: readonly Sample[],
    sites: ReadonlyMap<string, TestingTables['sampling_sites']>,
    counters: CoverageCounters,
  ): Promise<Placement[]> {
    const ids = arrivals.map((x) => x.person_id);
    const areas = (await trx.selectFrom('round_areas').select('area_code').where('round_id', '=', round.id).execute()).map((r) => r.area_code);
    const lookup = (table: string, columns: string[], key: string, where?: Record<string, string>) =>
      selectByKeys<Record<string, string>>(this.ctx.database, trx, { table, columns, key, where }, ids);
    const exempt = new Set((await lookup('round_exemptions', ['person_id'], 'person_id', { round_id: round.id })).map((r) => r.person_id));
    const later = new Set(
      (await lookup('persons', ['id', 'created_at'], 'id')).filter((p) => (p.created_at ?? '') > round.created_at).map((p) => p.id as string),
    );
    const room = await counters.room(
      round.id,
      arrivals.map((x) => x.grid_key),
    );
    return placeArrivals(
      arrivals.map((x) => ({
        personId: x.person_id,
        bucket: x.grid_key,
        siteBucket: bucketOf(sites.get(x.site_code)?.area_code ?? x.grid_key),
        inRoundAreas: areas.some((a) => x.grid_key.startsWith(a)),
        exempt: exempt.has(x.person_id),
        registeredAfterRound: later.has(x.person_id),
      })),
      room,
    );
  }

  /** `round:person` keys of the batch's people already counted in their round (the hot path: no query builder). */
  private async knownRoundPeople(trx: Kysely<DB>, samples: readonly Sample[]): Promise<Set<string>> {
    const known = new Set<string>();
    const byRound = new Map<string, string[]>();
    for (const x of samples) (byRound.get(x.round_id) ?? byRound.set(x.round_id, []).get(x.round_id))?.push(x.person_id);
    for (const [roundId, people] of byRound) {
      const lookup: KeyLookup = { table: 'round_people', columns: ['person_id'], where: { round_id: roundId }, key: 'person_id' };
      for (const r of await selectByKeys<{ person_id: string }>(this.ctx.database, trx, lookup, people)) known.add(`${roundId}:${r.person_id}`);
    }
    return known;
  }

  /** The collector closes a tube before it is full (end of queue, last people of a household). */
  async sealTube(actor: Actor, barcode: string): Promise<Tube> {
    return this.ctx.db.transaction().execute(async (trx) => {
      // Only the site that holds the tube (or an official over the site's area) closes it.
      await new Access(trx, Scope.of(actor)).ensure('tube', barcode, 'write');
      const tube = await trx.selectFrom('tubes').selectAll().where('barcode', '=', barcode).executeTakeFirstOrThrow();
      if (tube.status !== 'open') return tube;
      const at = this.ctx.clock.nowIso();
      await trx.updateTable('tubes').set({ status: 'sealed', sealed_at: at }).where('id', '=', tube.id).execute();
      await new AuditService(this.ctx).append(
        { actor, action: 'testing.tube_sealed', targetType: 'tube', targetId: barcode, details: { roundId: tube.round_id, site: tube.site_code } },
        trx,
      );
      return { ...tube, status: 'sealed', sealed_at: at };
    });
  }
}
