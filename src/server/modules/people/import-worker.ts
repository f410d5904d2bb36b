/**
 * Worker thread for big people imports: parses the file (CSV/XLSX, UTF-8/GBK), checks each row and
 * builds its stored form (keyed hashes, AES-GCM ciphertexts) while the main thread writes the
 * previous batch. The file's bytes are pulled from the main thread chunk by chunk, so memory stays
 * bounded whatever the file size. Protocol: see ToWorker / FromWorker.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { DomainError } from '../../errors';
import { Pii } from '../../lib/pii';
import { readTable } from './import-source';
import { PEOPLE_COLUMNS, PEOPLE_REQUIRED_COLUMNS, prepareRecord, type FromWorker, type PreparedRow, type ToWorker } from './import-prepare';

interface Input {
  /** A file to read here; without it the bytes are pulled from the main thread (uploads). */
  path: string | null;
  key: Uint8Array;
  now: string;
  batchSize: number;
  /** Batches allowed in flight before waiting for the writer to acknowledge one (bounds memory). */
  ahead: number;
}

const input = workerData as Input;
const port = parentPort;
if (!port) throw new Error('import-worker must run as a worker thread');
const send = (m: FromWorker) => port.postMessage(m);
const pii = new Pii(Buffer.from(input.key));
// Uploads: ask for the next chunk whenever fewer than 8 MB wait here, so the parser never waits on
// the main thread while that thread is busy in a synchronous SQLite write.
const source = input.path ? createReadStream(input.path) : new Readable({ highWaterMark: 8 * 1024 * 1024, read: () => send({ type: 'need' }) });
let inFlight = 0;
let resume: (() => void) | null = null;
port.on('message', (m: ToWorker) => {
  if (m.type === 'chunk') source.push(Buffer.from(m.data));
  else if (m.type === 'end') source.push(null);
  else {
    inFlight--;
    resume?.();
    resume = null;
  }
});

async function post(prepared: PreparedRow[], rows: number): Promise<void> {
  while (inFlight >= input.ahead) await new Promise<void>((r) => (resume = r));
  send({ type: 'batch', prepared, rows });
  inFlight++;
}

try {
  let batch: PreparedRow[] = [];
  let rows = 0;
  for await (const rec of readTable(source, PEOPLE_COLUMNS, PEOPLE_REQUIRED_COLUMNS)) {
    rows++;
    batch.push(prepareRecord(pii, input.now, rec));
    if (batch.length >= input.batchSize) {
      await post(batch, rows);
      batch = [];
    }
  }
  if (batch.length) await post(batch, rows);
  send({ type: 'done' });
} catch (e) {
  const err = e as Error;
  send({ type: 'error', code: e instanceof DomainError ? e.code : null, message: err.message, details: e instanceof DomainError ? e.details : {} });
}
// The parent terminates the worker once it has read everything; an open port would keep it alive otherwise.
port.close();
