/**
 * Worker thread for check-in file imports: reads the CSV/XLSX and prepares each batch (checks,
 * normalisation, keyed hash, key order) while the main thread writes the previous one.
 * Messages out: `{ prepared, rows }` per batch, then `{ done: true }`, or `{ failed }` with a
 * DomainError's code, message and details (an Error crossing threads loses its code).
 * Messages in: one per batch written, so at most `ahead` batches wait in memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DomainError } from '../../errors';
import { Pii } from '../../lib/pii';
import { batches } from '../testing/csv-batches';
import { CHECKIN_COLUMNS, prepareScans } from './checkin-prepare';

interface Input {
  file: string;
  key: Uint8Array;
  nowMs: number;
  batchSize: number;
  ahead: number;
}

const input = workerData as Input;
const pii = new Pii(Buffer.from(input.key));
let inFlight = 0;
let resume: (() => void) | null = null;
parentPort?.on('message', () => {
  inFlight--;
  resume?.();
  resume = null;
});
try {
  for await (const batch of batches(input.file, CHECKIN_COLUMNS, CHECKIN_COLUMNS, input.batchSize)) {
    while (inFlight >= input.ahead) await new Promise<void>((r) => (resume = r));
    const rows = batch.map((b) => ({
      row: b.row,
      idNumber: b.values.id_number ?? '',
      venueCode: b.values.venue_code ?? '',
      scannedAt: b.values.scanned_at ?? '',
    }));
    parentPort?.postMessage({ prepared: prepareScans(pii, rows, input.nowMs), rows: batch.length });
    inFlight++;
  }
  parentPort?.postMessage({ done: true });
} catch (e) {
  if (!(e instanceof DomainError)) throw e;
  parentPort?.postMessage({ failed: { code: e.code, message: e.message, details: e.details } });
}
