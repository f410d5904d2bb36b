import type { GuardSpec } from './guard';
import { areaSql } from './scope';

/** Tracing records belong to the area of the person (case, contact) or place (venue) they are about. */
export const tracingGuards = {
  case: { table: 'cases', key: 'id', read: (s) => areaSql(s, 't.area_code') },
  contact: { table: 'contacts', key: 'id', read: (s) => areaSql(s, 't.area_code') },
  notice: { table: 'assist_notices', key: 'id', read: (s) => areaSql(s, 't.area_code') },
  arrival: { table: 'arrivals', key: 'id', read: (s) => areaSql(s, 't.area_code') },
  venue: { table: 'venues', key: 'code', read: (s) => areaSql(s, 't.area_code') },
} satisfies Record<string, GuardSpec>;
