/**
 * Worker thread for big demo cities: generates the synthetic people and turns them into stored rows
 * (keyed hashes, AES-GCM ciphertexts, masks) while the main thread writes the previous batch.
 * Batches of `{ rows, tags }` through lib/worker-batches.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Pii } from '../../lib/pii';
import { batchSender } from '../../lib/worker-batches';
import { iteratePeople, planCity } from '../../../sim';
import { simPersonRow } from './demo-rows';
import type { PersonRow, PersonTagRow } from './people.table';

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
if (!parentPort) throw new Error('demo-rows-worker must run as a worker thread');
const sender = batchSender<{ rows: PersonRow[]; tags: PersonTagRow[] }>(parentPort, input.ahead);
for (const batch of iteratePeople(plan, input.batchSize)) {
  const built = batch.map((p) => simPersonRow(pii, p, input.now));
  await sender.send({ rows: built.map((b) => b.row), tags: built.flatMap((b) => b.tags) });
}
sender.done();
