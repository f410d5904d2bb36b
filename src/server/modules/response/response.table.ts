/** Kysely row types of the response command (DDL: migrations/202612010341_response.ts). */

export type IncidentSource = 'alert' | 'tube' | 'case' | 'manual';
export type IncidentLinkKind = 'case' | 'round' | 'placement' | 'zone';

export interface IncidentRow {
  id: string;
  /** Named as the command centre names it, e.g. "0506". */
  name: string;
  area_code: string;
  grade: string | null;
  status: 'open' | 'closed';
  /** The first positive's time: every deadline and timeliness mark counts from it. */
  t0: string;
  opened_from: IncidentSource;
  /** The alert, tube or case it was opened from (null when opened by hand). */
  source_id: string | null;
  created_by: string;
  created_at: string;
  closed_at: string | null;
  closed_note: string | null;
}

export interface IncidentLinkRow {
  incident_id: string;
  kind: IncidentLinkKind;
  ref_id: string;
  added_by: string;
  added_at: string;
}

/** One line of an incident's timeline: what happened, when, by whom (and the record it concerns). */
export interface IncidentTimelineRow {
  id: string;
  incident_id: string;
  at: string;
  kind: string;
  actor: string;
  summary: string;
  ref_type: string | null;
  ref_id: string | null;
}

export interface ResponsePlanRow {
  id: string;
  code: string;
  name: string;
  /** JSON PlanDefinition (plan-rules.ts), validated before it is stored. */
  definition: string;
  version: number;
  updated_by: string;
  updated_at: string;
}

export interface PlanActivationRow {
  incident_id: string;
  plan_code: string;
  plan_version: number;
  activated_by: string;
  activated_at: string;
}

export interface ResponseTaskRow {
  id: string;
  incident_id: string;
  plan_code: string;
  template_key: string;
  action: string;
  group_code: string | null;
  area_code: string;
  /** The user who owns it; null when nobody resolved and the command centre holds it (owner_note says why). */
  owner_user_id: string | null;
  owner_name: string;
  owner_note: string | null;
  /** Timeliness mark the task counts towards ('2h', '4h', '5h', '24h'). */
  mark: string | null;
  /** A rule under which the data closes the task (auto-close.ts), or null. */
  auto_rule: string | null;
  /** JSON array of template keys this task waits for. */
  depends_on: string;
  status: 'open' | 'done';
  due_at: string;
  done_at: string | null;
  done_by: string | null;
  done_note: string | null;
  /** `kind:id` of the record whose data closed the task. */
  closed_by_ref: string | null;
  /** Index of the next notice in the task's notice schedule (escalation.ts). */
  alert_stage: number;
  /** When the sweep must next look at the task; null once nothing is left to send. */
  next_alert_at: string | null;
  escalations: number;
  created_at: string;
}

export interface ResponseInboxRow {
  id: string;
  user_id: string;
  /** Null for a hand-over notice (roster_notices names its group and shift). */
  task_id: string | null;
  incident_id: string | null;
  kind: 'start' | 'due' | 'overdue' | 'escalation' | 'handover';
  title: string;
  created_at: string;
  read_at: string | null;
}

/** A notice for an SMS/IM gateway; the payload names users and tasks by id, never a phone or name in clear. */
export interface ResponseOutboxRow {
  id: string;
  inbox_id: string;
  channel: string;
  payload: string;
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  next_attempt_at: string;
  sent_at: string | null;
  last_error: string | null;
  created_at: string;
}

export interface WorkGroupRow {
  id: string;
  /** One of the standard groups (流调溯源 tracing, 核酸检测 testing, 隔离管控 quarantine, 监督检查 supervision). */
  code: string;
  name: string;
  area_code: string;
  lead_user_id: string | null;
  created_at: string;
}

export interface WorkGroupMemberRow {
  group_id: string;
  user_id: string;
  added_at: string;
}

/** A rotation of a work group (DDL: migrations/202612020410_roster.ts); rules in roster-rules.ts. */
export interface RosterRotationRow {
  id: string;
  group_id: string;
  name: string;
  starts_at: string;
  ends_at: string | null;
  shift_unit: 'hour' | 'day' | 'week' | 'month';
  shift_count: number;
  /** Weekday mask, bit 0 = Monday … bit 6 = Sunday. */
  weekdays: number;
  /** JSON array of user ids, in turn order. */
  members: string;
  created_by: string;
  created_at: string;
}

/** From `effective_from` on, the rotation runs with the non-null fields. */
export interface RosterChangeRow {
  id: string;
  rotation_id: string;
  effective_from: string;
  shift_unit: RosterRotationRow['shift_unit'] | null;
  shift_count: number | null;
  weekdays: number | null;
  members: string | null;
  created_by: string;
  created_at: string;
}

/** A cover (user_id holds the group instead of replaces_user_id, or of everyone when null) or one half of a swap. */
export interface RosterOverrideRow {
  id: string;
  group_id: string;
  kind: 'cover' | 'swap';
  user_id: string;
  replaces_user_id: string | null;
  starts_at: string;
  ends_at: string;
  swap_id: string | null;
  note: string | null;
  created_by: string;
  created_at: string;
}

/** A hand-over notice sent: one per group, person and shift start. */
export interface RosterNoticeRow {
  id: string;
  group_id: string;
  user_id: string;
  shift_start: string;
  shift_end: string;
  inbox_id: string;
  created_at: string;
}

/** A control zone of an incident (DDL: migrations/202612020520_response_zones.ts; rules in zone-rules.ts). */
export interface ResponseZoneRow {
  id: string;
  incident_id: string;
  /** The incident's area: the zone is in scope exactly when its incident is. */
  area_code: string;
  kind: 'sealed' | 'controlled' | 'precaution';
  name: string;
  /** JSON array of area codes inside the incident's area. */
  area_codes: string;
  /** JSON GeoJSON Polygon or MultiPolygon, or null. */
  polygon: string | null;
  starts_at: string;
  ends_at: string | null;
  end_note: string | null;
  created_by: string;
  created_at: string;
}

export interface ResponseTables {
  incidents: IncidentRow;
  incident_links: IncidentLinkRow;
  incident_timeline: IncidentTimelineRow;
  response_plans: ResponsePlanRow;
  plan_activations: PlanActivationRow;
  response_tasks: ResponseTaskRow;
  response_inbox: ResponseInboxRow;
  response_outbox: ResponseOutboxRow;
  work_groups: WorkGroupRow;
  work_group_members: WorkGroupMemberRow;
  roster_rotations: RosterRotationRow;
  roster_changes: RosterChangeRow;
  roster_overrides: RosterOverrideRow;
  roster_notices: RosterNoticeRow;
  response_zones: ResponseZoneRow;
}
