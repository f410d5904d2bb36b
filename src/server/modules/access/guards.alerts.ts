import type { GuardSpec } from './guard';
import { areaSql } from './scope';

/** An alert belongs to the area it was raised for: that area's staff (and those above) see and triage it. */
export const alertGuards = {
  alert: { table: 'alerts', key: 'id', read: (s) => areaSql(s, 't.area_code') },
} satisfies Record<string, GuardSpec>;
