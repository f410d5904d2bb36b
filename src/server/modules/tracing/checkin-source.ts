import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { AppContext } from '../../context';
import { batchesFromWorker } from '../../lib/worker-batches';
import { batches } from '../testing/csv-batches';
import { CHECKIN_COLUMNS, prepareScans, scansOf, type PreparedScans } from './checkin-prepare';

export interface PreparedBatch {
  prepared: PreparedScans;
  /** Input rows in the batch (good and rejected), for progress. */
  rows: number;
}

/** Prepared batches of a check-in file, parsed and hashed on this thread (uploads, small files). */
export async function* preparedHere(ctx: AppContext, input: Readable | string, batchSize: number): AsyncGenerator<PreparedBatch> {
  const nowMs = ctx.clock.now().getTime();
  for await (const batch of batches(input, CHECKIN_COLUMNS, CHECKIN_COLUMNS, batchSize)) {
    yield { prepared: prepareScans(ctx.pii, scansOf(batch), nowMs), rows: batch.length };
  }
}

/**
 * The same batches prepared on a worker thread, so CSV parsing and keyed hashing (about half the
 * per-row CPU) overlap the database writes. At most `ahead` batches wait in memory.
 */
export async function* preparedFromWorker(ctx: AppContext, file: string, batchSize: number, ahead = 2): AsyncGenerator<PreparedBatch> {
  // The sources are TypeScript: a JS boot file registers tsx in the worker, as bin/*.js do for the CLI and server.
  const worker = new Worker(new URL('./checkin-csv-worker-boot.js', import.meta.url), {
    workerData: { file, key: ctx.pii.keyForWorker(), nowMs: ctx.clock.now().getTime(), batchSize, ahead },
  });
  yield* batchesFromWorker<PreparedBatch>(worker, 'check-in import worker');
}
