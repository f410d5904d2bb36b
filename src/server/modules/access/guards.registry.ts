import type { GuardSpec } from './guard';
import { areaSql, handoffReachSql } from './scope';

/** Registry records: people, areas' responsibles, hand-offs (addressed to the receiving area, or about a facility the caller is posted to). */
export const registryGuards = {
  person: { table: 'persons', key: 'id', read: (s) => areaSql(s, 't.area_code') },
  responsible: { table: 'area_responsibles', key: 'id', read: (s) => areaSql(s, 't.area_code') },
  handoff: { table: 'handoffs', key: 'id', read: (s) => handoffReachSql(s, 't.area_code', 't.subject_type', 't.subject_id') },
} satisfies Record<string, GuardSpec>;
