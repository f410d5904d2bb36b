/**
 * Worker thread for big people imports: parses the file (CSV/XLSX, UTF-8/GBK), checks each row and
 * builds its stored form (keyed hashes, AES-GCM ciphertexts) while the main thread writes the
 * previous batch. The file's bytes are pulled from the main thread chunk by chunk, so memory stays
 * bounded whatever the file size. Batches travel through lib/worker-batches; chunks as ChunkMessage / NeedChunk.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { Pii } from '../../lib/pii';
import { batchSender } from '../../lib/worker-batches';
import { readTable } from './import-source';
import {
  PEOPLE_COLUMNS,
  PEOPLE_REQUIRED_COLUMNS,
  prepareRecord,
  type ChunkMessage,
  type NeedChunk,
  type PreparedBatch,
  type PreparedRow,
} from './import-prepare';

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
const pii = new Pii(Buffer.from(input.key));
const sender = batchSender<PreparedBatch>(port, input.ahead);
// Uploads: ask for the next chunk whenever fewer than 8 MB wait here, so the parser never waits on
// the main thread while that thread is busy in a synchronous SQLite write.
const source = input.path
  ? createReadStream(input.path)
  : new Readable({ highWaterMark: 8 * 1024 * 1024, read: () => port.postMessage({ need: true } satisfies NeedChunk) });
port.on('message', (m: ChunkMessage | 'ack') => {
  if (m === 'ack') return; // handled by the sender
  if ('chunk' in m) source.push(Buffer.from(m.chunk));
  else source.push(null);
});

try {
  let batch: PreparedRow[] = [];
  let rows = 0;
  for await (const rec of readTable(source, PEOPLE_COLUMNS, PEOPLE_REQUIRED_COLUMNS)) {
    rows++;
    batch.push(prepareRecord(pii, input.now, rec));
    if (batch.length >= input.batchSize) {
      await sender.send({ prepared: batch, rows });
      batch = [];
    }
  }
  if (batch.length) await sender.send({ prepared: batch, rows });
  sender.done();
} catch (e) {
  sender.fail(e);
}
