import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { Pii } from '../../lib/pii';
import { batchesFromWorker } from '../../lib/worker-batches';
import { readTable } from './import-source';
import { PEOPLE_COLUMNS, PEOPLE_REQUIRED_COLUMNS, prepareRecord, type ChunkMessage, type PreparedBatch, type PreparedRow } from './import-prepare';
export type { PreparedBatch } from './import-prepare';

/** Files from this size up are prepared on a worker thread (~25,000 rows); below it, starting the worker costs more than it saves. */
export const WORKER_FROM_BYTES = 4 * 1024 * 1024;

export interface PipelineOptions {
  batchSize: number;
  /** true/false forces the choice (tests); undefined decides by size. */
  worker?: boolean;
}

/**
 * The rows of an import, checked and built, in batches. Big inputs are parsed and prepared on a
 * worker thread so that parsing, validation and encryption overlap the database writes.
 * Returns whether the worker was used (big input) with the batches.
 */
export async function preparedBatches(
  pii: Pii,
  now: string,
  input: Readable | string,
  opts: PipelineOptions,
): Promise<{ big: boolean; batches: AsyncGenerator<PreparedBatch> }> {
  if (typeof input === 'string') {
    const big = opts.worker ?? statSync(input).size >= WORKER_FROM_BYTES;
    return { big, batches: big ? onWorker(pii, now, input, opts.batchSize) : here(pii, now, createReadStream(input), opts.batchSize) };
  }
  // An upload's size is unknown until read: read up to the threshold to learn whether it is big.
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head: Buffer[] = [];
  let size = 0;
  let ended = false;
  const wanted = opts.worker === false ? 0 : opts.worker ? 1 : WORKER_FROM_BYTES;
  while (size < wanted) {
    const next = await chunks.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    size += next.value.length;
  }
  const big = opts.worker ?? (!ended && size >= WORKER_FROM_BYTES);
  async function* all(): AsyncGenerator<Buffer> {
    yield* head;
    if (ended) return;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  }
  return { big, batches: big ? onWorker(pii, now, all(), opts.batchSize) : here(pii, now, Readable.from(all()), opts.batchSize) };
}

async function* here(pii: Pii, now: string, source: Readable, batchSize: number): AsyncGenerator<PreparedBatch> {
  let prepared: PreparedRow[] = [];
  let rows = 0;
  for await (const rec of readTable(source, PEOPLE_COLUMNS, PEOPLE_REQUIRED_COLUMNS)) {
    rows++;
    prepared.push(prepareRecord(pii, now, rec));
    if (prepared.length >= batchSize) {
      yield { prepared, rows };
      prepared = [];
    }
  }
  if (prepared.length) yield { prepared, rows };
}

async function* onWorker(pii: Pii, now: string, from: string | AsyncGenerator<Buffer>, batchSize: number, ahead = 3): AsyncGenerator<PreparedBatch> {
  // The sources are TypeScript: a JS boot file registers tsx in the worker, as bin/*.js do for the CLI and server.
  const worker = new Worker(new URL('./import-worker-boot.js', import.meta.url), {
    workerData: { path: typeof from === 'string' ? from : null, key: pii.keyForWorker(), now, batchSize, ahead },
  });
  let failure: Error | null = null;
  // An upload's bytes are relayed chunk by chunk as the worker asks for them.
  const feed = async () => {
    if (typeof from === 'string') return;
    try {
      const next = await from.next();
      worker.postMessage((next.done ? { end: true } : { chunk: next.value }) satisfies ChunkMessage);
    } catch (e) {
      failure = e as Error;
      await worker.terminate();
    }
  };
  try {
    yield* batchesFromWorker<PreparedBatch>(worker, 'import worker', () => void feed());
  } catch (e) {
    throw failure ?? e;
  } finally {
    if (typeof from !== 'string') await from.return(undefined);
  }
}
