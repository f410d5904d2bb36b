/** Kysely row types of monitoring and early warning (DDL in migrations 202612010321–0323). */
export interface SentinelTypeRow {
  code: string;
  name_zh: string;
  name_en: string;
  /** JSON array of indicator codes. */
  indicators: string;
  line_list_hours: number;
}

export interface SentinelRow {
  id: string;
  code: string;
  type: string;
  name: string;
  area_code: string;
  owner_name: string | null;
  owner_phone_enc: string | null;
  owner_phone_masked: string | null;
  /** JSON array; null = the type's indicators. */
  indicators: string | null;
  active: number;
  /** WGS-84 degrees (migration 202612020420); null = drawn at the area's centroid. */
  lng: number | null;
  lat: number | null;
  created_by: string;
  created_at: string;
}

export interface SentinelCountRow {
  sentinel_id: string;
  indicator: string;
  date: string;
  area_code: string;
  count: number;
  revision: number;
  reported_by: string;
  reported_at: string;
}

export interface SentinelCountHistoryRow {
  id: string;
  sentinel_id: string;
  indicator: string;
  date: string;
  area_code: string;
  old_count: number | null;
  new_count: number;
  source: CountSource;
  changed_by: string;
  changed_at: string;
}

export type CountSource = 'csv' | 'api' | 'phone';

export interface SentinelLineReportRow {
  id: string;
  sentinel_id: string;
  sentinel_code: string;
  sentinel_area_code: string;
  person_id: string | null;
  home_area_code: string | null;
  doc_hash: string;
  doc_enc: string;
  doc_masked: string;
  reason: string;
  reported_at: string;
  test_deadline: string;
  reported_by: string;
}

/** Exactly the columns the multi-point triggers read (alerts module): keep in step with migration 0323. */
export interface SurveillanceSignalRow {
  id: string;
  area_code: string;
  sentinel_id: string | null;
  indicator: string;
  period_date: string;
  observed: number;
  expected: number | null;
  threshold: number | null;
  method: string;
  /** JSON: the count rows behind the alarm. */
  evidence: string;
  created_at: string;
  /** The alert-budget reason when the alarm was not raised; null when raised. */
  suppressed: string | null;
}

export interface DetectorConfigRow {
  sentinel_type: string;
  indicator: string;
  control: string;
  updated_by: string;
  updated_at: string;
}

export interface SurveillanceBudgetRow {
  id: number;
  min_count: number;
  repeat_window_days: number;
  weekly_budget: number;
  updated_by: string;
  updated_at: string;
}

export interface SurveillanceTables {
  sentinel_types: SentinelTypeRow;
  sentinels: SentinelRow;
  sentinel_counts: SentinelCountRow;
  sentinel_count_history: SentinelCountHistoryRow;
  sentinel_line_reports: SentinelLineReportRow;
  surveillance_signals: SurveillanceSignalRow;
  surveillance_detector_configs: DetectorConfigRow;
  surveillance_budget: SurveillanceBudgetRow;
}
