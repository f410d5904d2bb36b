import type { GuardSpec } from './guard';
import { areaSql } from './scope';

/** Registry records: people, areas' responsibles, hand-offs (addressed to the receiving area). */
export const registryGuards = {
  person: { table: 'persons', key: 'id', read: (s) => areaSql(s, 't.area_code') },
  responsible: { table: 'area_responsibles', key: 'id', read: (s) => areaSql(s, 't.area_code') },
  handoff: { table: 'handoffs', key: 'id', read: (s) => areaSql(s, 't.area_code') },
} satisfies Record<string, GuardSpec>;
