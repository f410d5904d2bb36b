import fs from 'node:fs';
import { setImmediate as yieldToOthers } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import type { AppContext } from '../../context';
import { Scope } from '../access';
import type { Actor } from '../auth/actor';
import { batches } from '../testing/csv-batches';
import { CheckinsService, emptyOutcome, KnownVenues, type CheckinOutcome } from './checkins.service';
import { preparedFromWorker, preparedHere } from './checkin-source';
import { NoticesService } from './notices.service';
import { VenuesService } from './venues.service';
import type { ImportRowProblem } from '../../../contract/errors';

export const VENUE_COLUMNS = ['venue_code', 'name', 'type', 'area_code', 'is_key'] as const;
export { CHECKIN_COLUMNS } from './checkin-prepare';
export const NOTICE_COLUMNS = ['name', 'id_number', 'phone', 'reason', 'issuer', 'deadline'] as const;

type Rejected = ImportRowProblem[];

/** `epigrid import venues`: upsert by venue code; each bad row reported, good rows kept. */
export async function importVenues(ctx: AppContext, actor: Actor, input: Readable | string) {
  const svc = new VenuesService(ctx);
  const total = { accepted: 0, rejected: [] as Rejected };
  for await (const batch of batches(input, VENUE_COLUMNS, ['venue_code', 'name', 'type', 'area_code'])) {
    const r = await svc.upsert(
      actor,
      batch.map((b) => ({
        row: b.row,
        venueCode: b.values.venue_code ?? '',
        name: b.values.name ?? '',
        type: b.values.type ?? '',
        areaCode: b.values.area_code ?? '',
        isKey: ['1', 'true', 'yes', '是'].includes((b.values.is_key ?? '').trim().toLowerCase()),
      })),
    );
    total.accepted += r.accepted;
    total.rejected.push(...r.rejected);
  }
  return total;
}

/**
 * Rows per transaction of a check-in file. Each transaction writes every index page it touched once,
 * and a day of a city's scans spreads over the whole day's slice of both keys, so pages written per
 * row fall as batches grow: 250,000 measured 1.2× (into a 20-million-row table) to 1.8× (empty table) faster than
 * 100,000; one transaction for a whole 1.4-million-row file was slower again (measured; cause not pinned down).
 */
const CHECKIN_ROWS_PER_TRANSACTION = 250_000;
/** An upload is written in small batches with a turn of the event loop between them, so the server keeps answering (issue 11, finding 4). */
const CHECKIN_UPLOAD_ROWS = 5_000;
/** Below this a file is prepared on this thread: starting a worker (tsx and the modules it loads) costs more than it saves. */
const WORKER_MIN_BYTES = 4_000_000;

/**
 * `epigrid import checkins`: unknown venues/people kept apart. A file is parsed and hashed on a
 * worker thread while this one writes (`worker` forces the choice, for tests); uploads are read here.
 */
export async function importCheckins(
  ctx: AppContext,
  actor: Actor,
  input: Readable | string,
  onProgress?: (rows: number) => void,
  opts: { worker?: boolean; batchSize?: number } = {},
): Promise<CheckinOutcome> {
  const svc = new CheckinsService(ctx);
  const venues = new KnownVenues(Scope.of(actor), ctx.dialect);
  const upload = typeof input !== 'string';
  const size = opts.batchSize ?? (upload ? CHECKIN_UPLOAD_ROWS : CHECKIN_ROWS_PER_TRANSACTION);
  const onWorker = typeof input === 'string' && (opts.worker ?? fs.statSync(input).size >= WORKER_MIN_BYTES);
  const source = onWorker ? preparedFromWorker(ctx, input, size) : preparedHere(ctx, input, size);
  const total = emptyOutcome();
  let rows = 0;
  for await (const batch of source) {
    const r = await svc.ingestPrepared(actor, batch.prepared, venues);
    total.accepted += r.accepted;
    total.duplicates += r.duplicates;
    total.unknownPeople += r.unknownPeople;
    total.unknownVenues += r.unknownVenues;
    total.rejected.push(...r.rejected);
    rows += batch.rows;
    onProgress?.(rows);
    if (upload) await yieldToOthers();
  }
  return total;
}

/** 协查 batch from CSV/XLSX: name,id_number,phone,reason,issuer,deadline. */
export async function importNotices(ctx: AppContext, actor: Actor, input: Readable | string, receivingArea: string) {
  const records: Array<{ row: number; name: string; idNumber: string; phone: string; reason: string; issuer: string; deadline: string }> = [];
  for await (const batch of batches(input, NOTICE_COLUMNS, ['name', 'reason', 'issuer', 'deadline'])) {
    for (const b of batch)
      records.push({
        row: b.row,
        name: b.values.name ?? '',
        idNumber: b.values.id_number ?? '',
        phone: b.values.phone ?? '',
        reason: b.values.reason ?? '',
        issuer: b.values.issuer ?? '',
        deadline: b.values.deadline ?? '',
      });
  }
  return new NoticesService(ctx).receive(actor, records, receivingArea);
}
