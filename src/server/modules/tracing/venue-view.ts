import type { UnmatchedScan, Venue } from '../../../contract/tracing';
import type { TracingTables } from './tracing.table';

/** Venues and unmatched scans as the wire shows them (src/contract/tracing.ts). */
export function venueView(v: TracingTables['venues']): Venue {
  return { code: v.code, name: v.name, type: v.type, areaCode: v.area_code, isKey: v.is_key === 1, createdAt: v.created_at };
}

/** An unmatched scan: the ID number only masked (the clear value stays encrypted in the table). */
export function unmatchedScanView(u: {
  id: string;
  doc_masked: string;
  venue_code: string;
  scanned_at: string;
  reason: string;
  created_at: string;
}): UnmatchedScan {
  return { id: u.id, idNumberMasked: u.doc_masked, venueCode: u.venue_code, scannedAt: u.scanned_at, reason: u.reason, createdAt: u.created_at };
}
