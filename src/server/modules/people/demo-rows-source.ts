import { Worker } from 'node:worker_threads';
import { batchesFromWorker } from '../../lib/worker-batches';
import type { Pii } from '../../lib/pii';
import { iteratePeople, type CityPlan } from '../../../sim';
import { simPersonRow } from './demo-rows';
import type { PersonRow, PersonTagRow } from './people.table';

export interface RowBatch {
  rows: PersonRow[];
  tags: PersonTagRow[];
}

/** Rows of the demo city in batches, built on this thread (small cities, tests). */
export async function* rowsHere(pii: Pii, plan: CityPlan, now: string, batchSize: number): AsyncGenerator<RowBatch> {
  for (const batch of iteratePeople(plan, batchSize)) {
    const built = batch.map((p) => simPersonRow(pii, p, now));
    yield { rows: built.map((b) => b.row), tags: built.flatMap((b) => b.tags) };
  }
}

/**
 * The same batches built on a worker thread, so generation and encryption overlap the writes
 * (two cores: roughly halves a 10-million-person build). At most `ahead` batches wait in memory.
 */
export async function* rowsFromWorker(pii: Pii, plan: CityPlan, now: string, batchSize: number, ahead = 4): AsyncGenerator<RowBatch> {
  // The sources are TypeScript: a JS boot file registers tsx in the worker, as bin/*.js do for the CLI and server.
  const worker = new Worker(new URL('./demo-rows-worker-boot.js', import.meta.url), {
    workerData: { seed: plan.seed, people: plan.people, district: plan.districtCode, key: pii.keyForWorker(), now, batchSize, ahead },
  });
  yield* batchesFromWorker<RowBatch>(worker, 'demo row worker');
}
