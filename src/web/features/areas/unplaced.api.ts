import { get, post, qs } from '../../api/client';

export type { UnplacedPerson } from '../../../contract/unplaced';
import type { UnplacedPerson } from '../../../contract/unplaced';

export interface BulkPlacement {
  mode: 'building' | 'point';
  batchId: string;
  moved: number;
  byHouseholdCode: number;
  byAddress: number;
  households: number;
  remaining: number;
  ambiguous: number;
}

/** 未落格: people registered above grid level, and placing them into a grid. */
export const unplacedApi = {
  summary: (area: string) => get<{ items: Array<{ code: string; name: string; level: string; people: number }> }>(`/people/unplaced/summary${qs({ area })}`),
  list: (area: string, cursor: string | null) =>
    get<{ items: UnplacedPerson[]; nextCursor: string | null }>(`/people/unplaced${qs({ area, cursor, limit: 100 })}`),
  bulk: (mode: 'building' | 'point', area: string) => post<BulkPlacement>(`/people/assign-grid/by-${mode}`, { area }),
  assign: (body: { grid: string; personIds: string[]; reason?: string }) => post<{ grid: string; moved: number }>('/people/assign-grid', body),
};
