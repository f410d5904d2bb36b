import type { ControlStatus } from './control-status';

export interface PersonRow {
  id: string;
  doc_type: 'resident_id' | 'passport' | 'other';
  doc_hash: string;
  doc_enc: string;
  doc_masked: string;
  name: string;
  sex: 'M' | 'F' | 'U';
  birth_date: string | null;
  phone_hash: string | null;
  phone_enc: string | null;
  phone_masked: string | null;
  area_code: string;
  grid_code: string | null;
  household_code: string | null;
  address: string | null;
  tags: string;
  control_status: ControlStatus;
  control_changed_at: string | null;
  vaccine_doses: number;
  vaccine_dates: string | null;
  created_at: string;
  updated_at: string;
}

export interface PersonTagRow {
  tag: string;
  area_code: string;
  person_id: string;
}

export interface ControlStatusChangeRow {
  id: string;
  person_id: string;
  from_status: ControlStatus;
  to_status: ControlStatus;
  reason: string;
  evidence_type: string | null;
  evidence_id: string | null;
  actor_id: string | null;
  actor_name: string;
  at: string;
}

export interface PeopleTables {
  persons: PersonRow;
  person_tags: PersonTagRow;
  control_status_changes: ControlStatusChangeRow;
}
