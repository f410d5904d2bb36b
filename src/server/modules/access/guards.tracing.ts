import type { GuardSpec } from './guard';
import { areaSql } from './scope';

/**
 * Tracing records belong to the area of the person (case, contact, arrival) or place (venue) they
 * are about; a 协查 notice to the area working it (the matched person's, else the receiving area).
 * A contact is its person's home area's record even when the case is another area's: that area
 * works it, the case's area sees a count (and its epidemiologist, by the rule in docs/tracing.md,
 * an audited cross-area read — not through this check).
 */
export const tracingGuards = {
  case: { table: 'cases', key: 'id', read: (s) => areaSql(s, 't.area_code') },
  contact: { table: 'contacts', key: 'id', read: (s) => areaSql(s, 't.area_code') },
  notice: { table: 'assist_notices', key: 'id', read: (s) => areaSql(s, 't.area_code') },
  arrival: { table: 'arrivals', key: 'id', read: (s) => areaSql(s, 't.area_code') },
  venue: { table: 'venues', key: 'code', read: (s) => areaSql(s, 't.area_code') },
} satisfies Record<string, GuardSpec>;
