import type { Readable } from 'node:stream';
import { setImmediate as yieldToOthers } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { ImportRecord } from '../modules/people/import-source';
import type { ChunkMessage } from '../modules/people/import-prepare';
import type { TableWorkerInput } from './table-worker';
import { batchesFromWorker } from './worker-batches';

/**
 * Records of a CSV/XLSX table in batches, parsed on a worker thread; between batches the caller's
 * thread yields once to the event loop, so health checks and searches are answered while an
 * upload is written batch by batch (issue 11, finding 4).
 */
export async function* tableBatchesOffThread(
  input: Readable | string,
  columns: readonly string[],
  required: readonly string[],
  batchSize: number,
): AsyncGenerator<ImportRecord[]> {
  const workerData: TableWorkerInput = { path: typeof input === 'string' ? input : null, columns: [...columns], required: [...required], batchSize, ahead: 2 };
  // The sources are TypeScript: a JS boot file registers tsx in the worker, as bin/*.js do for the CLI and server.
  const worker = new Worker(new URL('./table-worker-boot.js', import.meta.url), { workerData });
  const chunks = typeof input === 'string' ? null : (input[Symbol.asyncIterator]() as AsyncIterator<Buffer>);
  let failure: Error | null = null;
  const feed = async () => {
    if (!chunks) return;
    try {
      const next = await chunks.next();
      worker.postMessage((next.done ? { end: true } : { chunk: next.value }) satisfies ChunkMessage);
    } catch (e) {
      failure = e as Error; // e.g. the upload limit: reported as the cause, not as the worker's exit
      await worker.terminate();
    }
  };
  try {
    for await (const batch of batchesFromWorker<ImportRecord[]>(worker, 'table worker', () => void feed())) {
      yield batch;
      await yieldToOthers();
    }
  } catch (e) {
    throw failure ?? e;
  } finally {
    await chunks?.return?.(undefined);
  }
}
