/**
 * Worker thread for check-in file imports: reads the CSV/XLSX and prepares each batch (checks,
 * normalisation, keyed hash, key order) while the main thread writes the previous one.
 * Batches of `{ prepared, rows }` through lib/worker-batches (at most `ahead` wait in memory).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Pii } from '../../lib/pii';
import { batchSender } from '../../lib/worker-batches';
import { batches } from '../testing/csv-batches';
import { CHECKIN_COLUMNS, prepareScans, scansOf } from './checkin-prepare';
import type { PreparedBatch } from './checkin-source';

interface Input {
  file: string;
  key: Uint8Array;
  nowMs: number;
  batchSize: number;
  ahead: number;
}

const input = workerData as Input;
const pii = new Pii(Buffer.from(input.key));
if (!parentPort) throw new Error('checkin-csv-worker must run as a worker thread');
const sender = batchSender<PreparedBatch>(parentPort, input.ahead);
try {
  for await (const batch of batches(input.file, CHECKIN_COLUMNS, CHECKIN_COLUMNS, input.batchSize)) {
    await sender.send({ prepared: prepareScans(pii, scansOf(batch), input.nowMs), rows: batch.length });
  }
  sender.done();
} catch (e) {
  sender.fail(e);
}
