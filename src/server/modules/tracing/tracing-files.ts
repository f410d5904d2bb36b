import type { Readable } from 'node:stream';
import type { AppContext } from '../../context';
import type { Actor } from '../auth/actor';
import { batches } from '../testing/csv-batches';
import { CheckinsService, emptyOutcome, type CheckinOutcome } from './checkins.service';
import { NoticesService } from './notices.service';
import { VenuesService } from './venues.service';

export const VENUE_COLUMNS = ['venue_code', 'name', 'type', 'area_code', 'is_key'] as const;
export const CHECKIN_COLUMNS = ['id_number', 'venue_code', 'scanned_at'] as const;
export const NOTICE_COLUMNS = ['name', 'id_number', 'phone', 'reason', 'issuer', 'deadline'] as const;

type Rejected = Array<{ row: number; column: string; reason: string }>;

/** `epigrid import venues`: upsert by venue code; each bad row reported, good rows kept. */
export async function importVenues(ctx: AppContext, input: Readable | string) {
  const svc = new VenuesService(ctx);
  const total = { accepted: 0, rejected: [] as Rejected };
  for await (const batch of batches(input, VENUE_COLUMNS, ['venue_code', 'name', 'type', 'area_code'])) {
    const r = await svc.upsert(
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

/** `epigrid import checkins`: 100,000 rows per transaction (bigger batches amortise index page writes); unknown venues/people kept apart. */
export async function importCheckins(ctx: AppContext, input: Readable | string, onProgress?: (rows: number) => void): Promise<CheckinOutcome> {
  const svc = new CheckinsService(ctx);
  const total = emptyOutcome();
  let rows = 0;
  for await (const batch of batches(input, CHECKIN_COLUMNS, CHECKIN_COLUMNS, 100_000)) {
    const r = await svc.ingest(
      batch.map((b) => ({ row: b.row, idNumber: b.values.id_number ?? '', venueCode: b.values.venue_code ?? '', scannedAt: b.values.scanned_at ?? '' })),
    );
    total.accepted += r.accepted;
    total.duplicates += r.duplicates;
    total.unknownPeople += r.unknownPeople;
    total.unknownVenues += r.unknownVenues;
    total.rejected.push(...r.rejected);
    rows += batch.length;
    onProgress?.(rows);
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
