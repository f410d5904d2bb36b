import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import { bulkInsert, selectByKeys, type BulkSpec, type KeyLookup } from '../../db/bulk';
import type { DB } from '../../db/schema';
import { newId } from '../../lib/ids';
import { AuditService } from '../audit/audit.service';
import { Access, Scope } from '../access';
import type { Actor } from '../auth/actor';
import { tubeBarcodePattern, type SampleWarning } from '../../../contract/sampling';
import type { TestingTables } from './testing.table';
import { checkInstant, type RejectedRow, instantWhy } from './testing.errors';
import { freshTube, loadBatch, whoOf, type Who } from './sample-batch';
import { CoverageCounters } from './coverage-counters.repository';
import { bucketOf } from './coverage-rules';
import { SampleSettler } from './sample-settle';
import { why, type Why } from '../../errors';
import { rowProblem } from '../../lib/import-report';

// The hot writes go through the bulk path (see db/bulk.ts).
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
  /** Whether membership and counters were settled with the batch (`outsideTarget` known); else the settle job counts them within seconds. */
  settled: boolean;
}

/**
 * 'now': settle coverage in the batch's transaction (files, walk-ins); 'deferred': the settle job
 * does, within seconds; 'auto' (the HTTP batch route): 'now' for a small batch — the scan page's
 * queue, where the answer should name who is outside the target — 'deferred' for a device's.
 */
export type SettleMode = 'now' | 'deferred' | 'auto';
/** Batches up to this many rows are settled with the batch under 'auto' (a few ms). */
export const SETTLE_WITH_BATCH_MAX = 50;

export const emptyIngestResult = (): IngestResult => ({
  accepted: 0,
  duplicates: 0,
  replayed: 0,
  sampledTwice: 0,
  outsideTarget: 0,
  rejected: [],
  warnings: [],
  tubesSealed: [],
  settled: true,
});

type Tube = TestingTables['tubes'];
interface WriteBatch {
  tubes: Tube[];
  /** Barcodes of tubes this batch opened (counted once per site). */
  fresh: ReadonlySet<string>;
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

/** Per database: the last batch queued for each set of rounds in this process. */
const turns = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * Batches of one round are serialised by the `samples:<round>` lock. On PostgreSQL a batch
 * waiting for it would hold a pooled connection all the while, and 50 devices posting at once
 * starve the settle job and the readers of connections (coverage fell a minute behind in the
 * ingest-http bench). So a process queues its batches of the same rounds before it takes a
 * connection; the lock still orders batches across processes. SQLite has one connection anyway.
 */
async function inTurn<T>(ctx: AppContext, rows: readonly SampleInput[], run: () => Promise<T>): Promise<T> {
  if (ctx.dialect !== 'postgres') return run();
  const key = [...new Set(rows.map((r) => r.roundId))].sort().join(',');
  let queue = turns.get(ctx.db);
  if (!queue) turns.set(ctx.db, (queue = new Map<string, Promise<unknown>>()));
  const before = queue.get(key) ?? Promise.resolve();
  const mine = before.catch(() => undefined).then(run);
  queue.set(key, mine);
  try {
    return await mine;
  } finally {
    if (queue.get(key) === mine) queue.delete(key);
  }
}

/** 采: record samples in batches (sampling devices, the scan page, CSV files) — one transaction per batch. */
export class SamplingService {
  constructor(private readonly ctx: AppContext) {}

  /** Record a batch in its own transaction, or in the caller's (`trx`: a walk-in registers the person first). */
  async recordSamples(actor: Actor, rows: readonly SampleInput[], firstRow = 1, trx?: Kysely<DB>, settle: SettleMode = 'now'): Promise<IngestResult> {
    const who = rows.map((r) => whoOf(this.ctx.pii, r));
    const mode = settle === 'auto' ? (rows.length <= SETTLE_WITH_BATCH_MAX ? 'now' : 'deferred') : settle;
    if (trx) return this.recordIn(trx, actor, rows, who, firstRow, mode);
    return inTurn(this.ctx, rows, () => this.ctx.db.transaction().execute((t) => this.recordIn(t, actor, rows, who, firstRow, mode)));
  }

  private async recordIn(
    trx: Kysely<DB>,
    actor: Actor,
    rows: readonly SampleInput[],
    who: readonly Who[],
    firstRow: number,
    settle: 'now' | 'deferred',
  ): Promise<IngestResult> {
    const nowMs = this.ctx.clock.now().getTime();
    const result = emptyIngestResult();
    const reject = (i: number, column: string, reason: Why | string) => result.rejected.push(rowProblem(firstRow + i, column, reason));
    const { personOf, rounds, roundIds, sites, mySites, seenClientIds, tubes, inTube, startMs } = await loadBatch(this.ctx, trx, actor, rows, who);
    const touched = new Map<string, Tube>();
    const freshTubes = new Set<string>();
    const samples: Sample[] = [];
    const rowOf = new Map<string, number>();
    rows.forEach((r, i) => {
      const round = rounds.get(r.roundId);
      const site = sites.get(r.siteCode);
      const w = who[i] as Who;
      const timeProblem = checkInstant(r.collectedAt, nowMs);
      if (!round) return reject(i, 'round_id', why('unknown_round', `unknown round ${r.roundId}`));
      if (round.status !== 'open') return reject(i, 'round_id', why('round_closed', 'the round is closed'));
      if (!BARCODE.test(r.tubeBarcode)) return reject(i, 'tube_barcode', why('format', 'must be 4–40 letters, digits or -'));
      // Unknown, or not one the caller works at: the same answer, so no site elsewhere is revealed.
      if (!site || !mySites.has(site.code)) return reject(i, 'site_code', why('not_your_site', 'not a sampling site you work at'));
      const clientKey = r.clientId ? `${r.clientId}|${site.code}` : null;
      if (clientKey && seenClientIds.has(clientKey)) {
        result.replayed++;
        return;
      }
      if (w.kind === 'bad') return reject(i, w.column, w.reason);
      const person = personOf(w);
      if (!person)
        return w.kind === 'code'
          ? reject(i, 'resident_code', why('unknown_person', 'names a person no longer in the registry'))
          : void result.rejected.push({
              ...rowProblem(firstRow + i, 'id_number', why('unknown_person', 'no person with this document number in the registry')),
              code: 'not_registered',
            });
      if (timeProblem) return reject(i, 'collected_at', instantWhy(timeProblem));
      const collectedMs = Date.parse(r.collectedAt);
      const collectedAt = new Date(collectedMs).toISOString();
      if (collectedMs < (startMs.get(round.id) ?? 0) - 86_400_000)
        return reject(i, 'collected_at', why('before_start', `is before the round started (${round.starts_at})`, { at: round.starts_at }));
      let tube = tubes.get(r.tubeBarcode);
      if (!tube) {
        tube = freshTube(r.tubeBarcode, round, site.code, collectedAt);
        tubes.set(tube.barcode, tube);
        freshTubes.add(tube.barcode);
      }
      if (tube.round_id !== round.id)
        return reject(i, 'tube_barcode', why('tube_other_round', `tube ${tube.barcode} belongs to another round`, { barcode: tube.barcode }));
      if (inTube.has(`${tube.id}:${person.id}`)) {
        result.duplicates++;
        return;
      }
      if (tube.status !== 'open' || tube.sample_count >= tube.pool_size)
        return reject(
          i,
          'tube_barcode',
          why('tube_full', `tube ${tube.barcode} is ${tube.status === 'open' ? 'full' : tube.status} (pool of ${tube.pool_size})`, {
            barcode: tube.barcode,
            pool: tube.pool_size,
          }),
        );
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
    await this.write(trx, { tubes: [...touched.values()], fresh: freshTubes, sites, rowOf }, samples, result, settle);
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

  /**
   * The batch's writes: tubes, the sample rows (with what coverage needs: person, bucket, site,
   * time), tubes per site, and one settle-queue row per round. Round membership, last-sampled and
   * the people counters are settled set-based (sample-settle.ts): here when `settle` is 'now',
   * else by the settle job within seconds.
   */
  private async write(trx: Kysely<DB>, batch: WriteBatch, samples: Sample[], result: IngestResult, settle: 'now' | 'deferred'): Promise<void> {
    // People sampled again in the round (another tube) are recorded and shown, counted once: a read of the
    // round's samples of the batch's people, before this batch's rows land.
    const seen = await this.alreadySampled(trx, samples);
    const fresh: string[] = [];
    for (const x of samples) {
      const k = `${x.round_id}:${x.person_id}`;
      if (!seen.has(k)) {
        seen.add(k);
        fresh.push(k);
        continue;
      }
      result.sampledTwice++;
      const row = batch.rowOf.get(x.id);
      if (row !== undefined)
        result.warnings.push({
          ...rowProblem(row, 'id_number', why('already_sampled', 'already sampled in this round (recorded, counted once)')),
          code: 'already_sampled',
        });
    }
    await bulkInsert(this.ctx.database, trx, TUBES_BULK, batch.tubes);
    await bulkInsert(this.ctx.database, trx, SAMPLES_BULK, samples);
    result.accepted += samples.length;
    await new CoverageCounters(trx, this.ctx.database).addSiteTubes(this.newTubesPerSite(batch));
    const queued = new Map<string, { tubeIds: string[]; samples: number }>();
    for (const t of batch.tubes) (queued.get(t.round_id) ?? queued.set(t.round_id, { tubeIds: [], samples: 0 }).get(t.round_id))?.tubeIds.push(t.id);
    for (const x of samples) {
      const q = queued.get(x.round_id);
      if (q) q.samples++;
    }
    const settler = new SampleSettler(this.ctx);
    await settler.enqueue(trx, queued);
    result.settled = settle === 'now';
    if (settle === 'deferred') return;
    const { placed } = await settler.settleIn(trx, [...queued.keys()]);
    result.outsideTarget += fresh.filter((k) => placed.get(k)?.outside).length;
  }

  /** First-pass tubes this batch opened, per round and site. */
  private newTubesPerSite(batch: WriteBatch): TestingTables['round_site_counters'][] {
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
    return [...siteTubes.values()];
  }

  /** `round:person` keys of the batch's people with a sample in their round already, settled or not (the hot path: no query builder). */
  private async alreadySampled(trx: Kysely<DB>, samples: readonly Sample[]): Promise<Set<string>> {
    const known = new Set<string>();
    for (const [roundId, xs] of groupBy(samples, (x) => x.round_id)) {
      const lookup: KeyLookup = { table: 'samples', columns: ['person_id'], where: { round_id: roundId }, key: 'person_id' };
      const people = [...new Set(xs.map((x) => x.person_id))];
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
