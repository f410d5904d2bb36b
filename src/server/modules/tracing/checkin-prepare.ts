import { DAY } from '../../lib/clock';
import { normalizeIdNumber } from '../../lib/id-number';
import type { Pii } from '../../lib/pii';
import type { ImportRecord } from '../people/import-source';
import { docHash } from '../people/person-input';
import { scanDay } from './scan-days';
import { why } from '../../errors';
import { rowProblem } from '../../lib/import-report';
import type { ImportRowProblem } from '../../../contract/errors';

/** Columns of a check-in file (the integration contract). */
export const CHECKIN_COLUMNS = ['id_number', 'venue_code', 'scanned_at'] as const;

/** A file's records (header → value) as scans. */
export function scansOf(records: readonly ImportRecord[]): CheckinInput[] {
  return records.map((b) => ({ row: b.row, idNumber: b.values.id_number ?? '', venueCode: b.values.venue_code ?? '', scannedAt: b.values.scanned_at ?? '' }));
}

/** One scan as read from a file or the batch API (raw text, row number for error reports). */
export interface CheckinInput {
  row: number;
  idNumber: string;
  venueCode: string;
  scannedAt: string;
}

export type Rejected = ImportRowProblem[];

/**
 * A batch of scans checked, normalised and hashed, in key order (day, venue, time), as parallel
 * columns: no database needed, so it runs on a worker thread for file imports (CSV parsing and the
 * keyed hash are most of the per-row CPU) and on the caller's thread for API batches. Columns
 * rather than objects because they cross threads by structured clone, which is cheaper on a few
 * large arrays than on 100,000 small objects.
 */
export interface PreparedScans {
  days: number[];
  venues: string[];
  /** Scan instant, normalised to ISO-8601 UTC. */
  ats: string[];
  /** Keyed hash of the ID number (the person look-up key). */
  hashes: string[];
  /** Normalised ID numbers: needed only for scans that match nobody (stored encrypted). */
  idNumbers: string[];
  /** Input row of each scan, for a row refused after the database is asked (a venue outside the caller's scope). */
  rows: number[];
  rejected: Rejected;
}

/** Check, normalise, hash and sort one batch. Rows more than a day after `nowMs` are refused as in the future. */
export function prepareScans(pii: Pii, rows: readonly CheckinInput[], nowMs: number): PreparedScans {
  const rejected: Rejected = [];
  const good: Array<{ day: number; venue: string; at: string; idNumber: string; row: number }> = [];
  for (const r of rows) {
    const at = Date.parse(r.scannedAt);
    if (!r.idNumber.trim()) rejected.push(rowProblem(r.row, 'id_number', why('required', 'is required')));
    else if (!r.venueCode.trim()) rejected.push(rowProblem(r.row, 'venue_code', why('required', 'is required')));
    else if (Number.isNaN(at)) rejected.push(rowProblem(r.row, 'scanned_at', why('instant', 'must be an ISO-8601 time')));
    else if (at > nowMs + DAY) rejected.push(rowProblem(r.row, 'scanned_at', why('in_future', 'is in the future')));
    else good.push({ day: scanDay(at), venue: r.venueCode.trim(), at: new Date(at).toISOString(), idNumber: normalizeIdNumber(r.idNumber), row: r.row });
  }
  // Key order: consecutive inserts land on the same B-tree pages (fewer pages dirtied per transaction).
  good.sort((a, b) => a.day - b.day || (a.venue < b.venue ? -1 : a.venue > b.venue ? 1 : a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const hashOf = new Map<string, string>(); // one HMAC per person per batch, not per scan
  const out: PreparedScans = { days: [], venues: [], ats: [], hashes: [], idNumbers: [], rows: [], rejected };
  for (const g of good) {
    let h = hashOf.get(g.idNumber);
    if (h === undefined) hashOf.set(g.idNumber, (h = docHash(pii, g.idNumber)));
    out.days.push(g.day);
    out.venues.push(g.venue);
    out.ats.push(g.at);
    out.hashes.push(h);
    out.idNumbers.push(g.idNumber);
    out.rows.push(g.row);
  }
  return out;
}
