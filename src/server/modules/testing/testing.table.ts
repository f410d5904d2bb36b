import type { OutsideReason, PersonOutcome } from './coverage-rules';

export type TubeResult = 'negative' | 'positive' | 'suspected';
export type RecheckStatus = 'to_locate' | 'located' | 'resampled' | 'negative' | 'positive';

export interface TestingTables {
  test_rounds: {
    id: string;
    name: string;
    purpose: string;
    scope: string;
    pool_size: number;
    starts_at: string;
    deadline: string;
    status: 'open' | 'closed';
    /** When it was last closed (null while open, and for rounds closed before the column existed). */
    closed_at: string | null;
    locate_minutes: number;
    result_minutes: number;
    created_by: string;
    created_at: string;
  };
  /** The areas a round covers (one row each): scope filters rounds in SQL through this table. */
  round_areas: { round_id: string; area_code: string };
  round_exemptions: { round_id: string; person_id: string; grid_key: string; reason: string; note: string | null; recorded_by: string; at: string };
  sampling_sites: {
    id: string;
    code: string;
    name: string;
    area_code: string;
    teams: number;
    rate_per_team_hour: number;
    opens: string;
    closes: string;
    created_at: string;
  };
  labs: { id: string; code: string; name: string; area_code: string; daily_capacity: number; created_at: string };
  tubes: {
    id: string;
    barcode: string;
    round_id: string;
    site_code: string;
    pool_size: number;
    sample_count: number;
    is_recheck: number;
    status: string;
    first_sampled_at: string;
    sealed_at: string | null;
    box_code: string | null;
    result: TubeResult | null;
    ct_n: number | null;
    ct_orf1ab: number | null;
    lab_code: string | null;
    resulted_at: string | null;
    result_conflict: number;
  };
  samples: {
    id: string;
    round_id: string;
    tube_id: string;
    person_id: string;
    area_code: string;
    grid_key: string;
    site_code: string;
    collector: string | null;
    collected_at: string;
    /** The scanning device's id of the scan (idempotent upload; migration 202612010351). */
    client_id?: string | null;
  };
  /**
   * One row per person sampled in a round (coverage counts people): `grid_key` is the counter row
   * they are counted in, `outcome` where they stand, `outside_reason` why they are not part of the
   * target (null = in the target). See coverage-rules.ts.
   */
  round_people: {
    round_id: string;
    person_id: string;
    grid_key: string;
    first_at: string;
    samples: number;
    outcome: PersonOutcome;
    outside_reason: OutsideReason | null;
  };
  /**
   * Per round and bucket (a grid, or a street/community's people registered above grid level),
   * kept incrementally: people counts only (tubes are in `round_site_counters`).
   */
  coverage_counters: {
    round_id: string;
    grid_key: string;
    target: number;
    sampled: number;
    resulted: number;
    positive: number;
    rechecks_open: number;
    outside_target: number;
    outside_positive: number;
  };
  /** Per round and sampling site: first-pass tubes and those that came back positive or suspected. */
  round_site_counters: { round_id: string; site_code: string; area_code: string; tubes: number; pools_positive: number };
  boxes: {
    id: string;
    code: string;
    round_id: string;
    site_code: string;
    tube_count: number;
    sealed_at: string;
    handed_over_at: string | null;
    received_at: string | null;
    lab_code: string | null;
    received_count: number | null;
    discrepancy: string | null;
  };
  tube_results: {
    id: string;
    tube_id: string;
    result: TubeResult;
    ct_n: number | null;
    ct_orf1ab: number | null;
    tested_at: string;
    lab_code: string;
    conflict: number;
    created_at: string;
  };
  rechecks: {
    id: string;
    round_id: string;
    pool_tube_id: string;
    person_id: string;
    area_code: string;
    owner_name: string | null;
    owner_id: string | null;
    status: RecheckStatus;
    created_at: string;
    locate_deadline: string;
    result_deadline: string;
    located_at: string | null;
    resampled_at: string | null;
    single_tube_barcode: string | null;
    resulted_at: string | null;
  };
  person_last_sampled: { person_id: string; last_at: string };
  /** A recorded batch not yet settled into round_people and the counters (sample-settle.ts): the tubes it touched (JSON ids). */
  sample_settle_queue: { id: string; round_id: string; tube_ids: string; samples: number; created_at: string };
  testing_frequency_rules: { tag: string; interval_days: number };
  result_codes: { id: string; doc_hash: string; code_hash: string; expires_at: string; used_at: string | null; created_at: string };
  outbox: { id: string; channel: string; to_masked: string; to_enc: string | null; body: string; created_at: string };
}
