export type CaseType = 'confirmed' | 'asymptomatic';
export type FoundBy = 'screening' | 'fever_clinic' | 'contact_management' | 'arrival_test' | 'self_report';
export type ContactClass = 'close' | 'secondary' | 'companion';
export type ContactStatus = 'candidate' | 'confirmed' | 'dismissed';
export type NoticeStatus = 'received' | 'assigned' | 'located' | 'controlled' | 'not_found' | 'not_ours';
export type RiskLevel = 'high' | 'medium' | 'low';
export type ArrivalMeasure = 'centralised_quarantine' | 'home_quarantine' | 'home_monitoring' | 'test_only';

export interface CaseRow {
  id: string;
  code: string;
  person_id: string;
  area_code: string;
  type: CaseType;
  found_by: FoundBy;
  inside_control: number;
  onset_date: string | null;
  sampling_date: string | null;
  reported_at: string;
  lookback_start: string;
  investigation_done_at: string | null;
  source_case_id: string | null;
  cluster_id: string;
  created_by: string;
  created_at: string;
}

export interface SpanRow {
  id: string;
  case_id: string;
  kind: 'venue' | 'address' | 'transport' | 'other';
  source: 'checkin' | 'interview';
  venue_code: string | null;
  area_code: string | null;
  place: string | null;
  starts_at: string;
  ends_at: string;
  people_met: string | null;
  transport: string | null;
  is_public: number;
  created_at: string;
}

export interface ContactRow {
  id: string;
  case_id: string;
  person_id: string;
  area_code: string;
  class: ContactClass;
  status: ContactStatus;
  source: 'copresence' | 'household' | 'manual';
  via_contact_id: string | null;
  venue_code: string | null;
  overlap_start: string | null;
  overlap_end: string | null;
  minutes: number;
  gap_minutes: number;
  note: string | null;
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
}

export interface NoticeRow {
  id: string;
  batch_id: string;
  issuer: string;
  reason: string;
  name: string;
  doc_hash: string | null;
  doc_enc: string | null;
  doc_masked: string | null;
  phone_hash: string | null;
  phone_enc: string | null;
  phone_masked: string | null;
  deadline: string;
  person_id: string | null;
  candidate_ids: string | null;
  area_code: string;
  status: NoticeStatus;
  owner_name: string | null;
  owner_id: string | null;
  received_at: string;
  assigned_at: string | null;
  located_at: string | null;
  closed_at: string | null;
  outcome_note: string | null;
}

export interface ArrivalRow {
  id: string;
  person_id: string;
  area_code: string;
  origin: string;
  risk_level: RiskLevel;
  arrived_at: string;
  checkpoint: string;
  is_truck_driver: number;
  measure: ArrivalMeasure;
  landing_test_due: string;
  landing_test_at: string | null;
  landing_test_result: string | null;
  created_by: string;
  created_at: string;
}

export interface TracingTables {
  venues: { code: string; name: string; type: string; area_code: string; is_key: number; created_at: string };
  /** scan_day: days since 1970-01-01 UTC of scanned_at (see scan-days.ts); leads both keys so today's scans stay in a hot slice. */
  checkins: { scan_day: number; venue_code: string; scanned_at: string; person_id: string };
  checkins_unmatched: {
    id: string;
    doc_hash: string;
    doc_enc: string;
    doc_masked: string;
    venue_code: string;
    scanned_at: string;
    reason: 'unknown_person' | 'unknown_venue';
    created_at: string;
  };
  cases: CaseRow;
  trajectory_spans: SpanRow;
  contacts: ContactRow;
  assist_notices: NoticeRow;
  arrival_rules: { risk_level: RiskLevel; measure: ArrivalMeasure; landing_test_hours: number };
  arrivals: ArrivalRow;
}
