/**
 * Worker thread for big demo cities: generates the synthetic people and turns them into stored rows
 * (keyed hashes, AES-GCM ciphertexts, masks) while the main thread writes the previous batch.
 * Messages: `{ rows, tags }` per batch, then `{ done: true }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Pii } from '../../lib/pii';
import { iteratePeople, planCity } from '../../../sim';
import { simPersonRow } from './demo-rows';

interface Input {
  seed: number;
  people: number;
  district: string;
  key: Uint8Array;
  now: string;
  batchSize: number;
  /** Batches allowed in flight before waiting for the writer to acknowledge one (bounds memory). */
  ahead: number;
}

const input = workerData as Input;
const pii = new Pii(Buffer.from(input.key));
const plan = planCity({ seed: input.seed, people: input.people, districtCode: input.district });
let inFlight = 0;
let resume: (() => void) | null = null;
parentPort?.on('message', () => {
  inFlight--;
  resume?.();
  resume = null;
});
for (const batch of iteratePeople(plan, input.batchSize)) {
  while (inFlight >= input.ahead) await new Promise<void>((r) => (resume = r));
  const built = batch.map((p) => simPersonRow(pii, p, input.now));
  parentPort?.postMessage({ rows: built.map((b) => b.row), tags: built.flatMap((b) => b.tags) });
  inFlight++;
}
parentPort?.postMessage({ done: true });
