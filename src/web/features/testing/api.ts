import { get, post, qs } from '../../api/client';
import type { Coverage } from '../../../contract/coverage';

export interface Round {
  id: string;
  name: string;
  pool_size: number;
  scope: string[];
  status: string;
  starts_at: string;
  deadline: string;
}

export type { Coverage, CoverageArea } from '../../../contract/coverage';

export interface Recheck {
  id: string;
  name: string;
  id_number_masked: string;
  pool_tube: string;
  status: string;
  owner: string | null;
  locate_deadline: string;
  result_deadline: string;
  overdue: boolean;
  control_status: string;
}

export const testingApi = {
  rounds: () => get<{ items: Round[]; nextCursor: string | null }>('/testing/rounds?limit=200'),
  createRound: (body: { areas: string[]; name?: string; poolSize: number }) => post<{ id: string }>('/testing/rounds', body),
  coverage: (id: string, area?: string) => get<Coverage>(`/testing/rounds/${id}/coverage${qs({ area })}`),
  coverageMap: (id: string, area: string) => get<GeoJSON.FeatureCollection>(`/testing/rounds/${id}/coverage.geojson${qs({ area })}`),
  missing: (id: string, area: string, cursor: string | null) =>
    get<{
      items: Array<{ id: string; name: string; id_number_masked: string; phone_masked: string | null; address: string | null }>;
      nextCursor: string | null;
    }>(`/testing/rounds/${id}/missing${qs({ area, cursor, limit: 50 })}`),
  rechecks: (id: string) => get<{ items: Recheck[] }>(`/testing/rounds/${id}/rechecks`),
  sites: () => get<{ items: Array<{ code: string; name: string }> }>('/testing/sites'),
  labs: () => get<{ items: Array<{ code: string; name: string }> }>('/testing/labs'),
  /** The sampling sites and labs the user is posted to (work-site access). */
  postings: () => get<{ samplingSites: string[]; labs: string[] }>('/testing/postings'),
  incoming: () =>
    get<{ items: Array<{ code: string; site_code: string; tube_count: number; handed_over_at: string | null; lab_code: string | null }> }>(
      '/testing/boxes/incoming',
    ),
};
