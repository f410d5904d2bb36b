/**
 * Worker thread that parses a CSV/XLSX table into batches of records (row number + values), for
 * the batch imports whose checks run on the main thread (samples, results). Parsing a 300,000-row
 * upload on the main thread kept /healthz waiting for seconds (issue 11, finding 4). The bytes of
 * an upload are pulled from the main thread chunk by chunk, as the people import worker does.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { readTable, type ImportRecord } from '../modules/people/import-source';
import type { ChunkMessage, NeedChunk } from '../modules/people/import-prepare';
import { batchSender } from './worker-batches';

export interface TableWorkerInput {
  /** A file to read here; without it the bytes are pulled from the main thread (uploads). */
  path: string | null;
  columns: string[];
  required: string[];
  batchSize: number;
  ahead: number;
}

const input = workerData as TableWorkerInput;
const port = parentPort;
if (!port) throw new Error('table-worker must run as a worker thread');
const sender = batchSender<ImportRecord[]>(port, input.ahead);
const source = input.path
  ? createReadStream(input.path)
  : new Readable({ highWaterMark: 4 * 1024 * 1024, read: () => port.postMessage({ need: true } satisfies NeedChunk) });
port.on('message', (m: ChunkMessage | 'ack') => {
  if (m === 'ack') return; // handled by the sender
  if ('chunk' in m) source.push(Buffer.from(m.chunk));
  else source.push(null);
});

try {
  let batch: ImportRecord[] = [];
  for await (const rec of readTable(source, input.columns, input.required)) {
    batch.push(rec);
    if (batch.length >= input.batchSize) {
      await sender.send(batch);
      batch = [];
    }
  }
  if (batch.length) await sender.send(batch);
  sender.done();
} catch (e) {
  sender.fail(e);
}
