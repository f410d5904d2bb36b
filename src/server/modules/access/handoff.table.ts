export type HandoffStatus = 'open' | 'acknowledged' | 'done';

export interface HandoffRow {
  id: string;
  area_code: string;
  kind: string;
  person_id: string | null;
  subject_type: string;
  subject_id: string;
  from_area_code: string | null;
  message: string;
  status: HandoffStatus;
  created_by: string;
  created_at: string;
  acted_by: string | null;
  acted_at: string | null;
  note: string | null;
}

export interface AccessTables {
  handoffs: HandoffRow;
}
