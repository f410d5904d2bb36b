/** Kysely row types of the alerts module (DDL: db/migrations/202612010331_alerts.ts). */
export type Grade = 'red' | 'orange' | 'yellow' | 'blue';
export type AlertStatus = 'new' | 'verifying' | 'discarded' | 'monitoring' | 'escalated';
export type RuleLevel = 'district' | 'street' | 'community' | 'grid';

export interface AlertRuleRow {
  id: string;
  code: string;
  name: string;
  /** JSON array of channel names (channels.ts). */
  channels: string;
  min_channels: number;
  min_records: number;
  window_hours: number;
  /** The rule's reach: records within this area; null = the whole city (a city-wide rule). */
  area_code: string | null;
  /** Group records by the area of this level they lie in; null = the reach itself is the one area. */
  level: RuleLevel | null;
  grade: Grade;
  due_hours: number;
  enabled: number;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}

/** A record of a channel the evaluator has seen (one row per channel record, ever). */
export interface ChannelRecordRow {
  channel: string;
  record_id: string;
  /** The id the record's access guard takes (tube barcode, case id, …). */
  subject_id: string;
  area_code: string;
  occurred_at: string;
  seen_at: string;
}

export interface AlertRow {
  id: string;
  code: string;
  rule_id: string;
  rule_code: string;
  rule_name: string;
  grade: Grade;
  area_code: string;
  status: AlertStatus;
  first_at: string;
  last_at: string;
  /** Records up to this instant join this alert (last record + the rule's window). */
  open_until: string;
  records: number;
  /** JSON array of the distinct channels among its records. */
  channels: string;
  raised_at: string;
  due_at: string;
  /** When it was first given a verdict (discarded, monitoring or escalated). */
  verified_at: string | null;
  updated_at: string;
}

export interface AlertRecordRow {
  alert_id: string;
  channel: string;
  record_id: string;
  subject_id: string;
  area_code: string;
  occurred_at: string;
  joined_at: string;
}

export interface AlertStepRow {
  id: string;
  alert_id: string;
  from_status: AlertStatus;
  to_status: AlertStatus;
  actor_id: string | null;
  actor_name: string;
  note: string;
  at: string;
}

export interface AlertTables {
  alert_rules: AlertRuleRow;
  alert_channel_records: ChannelRecordRow;
  alerts: AlertRow;
  alert_records: AlertRecordRow;
  alert_steps: AlertStepRow;
}
