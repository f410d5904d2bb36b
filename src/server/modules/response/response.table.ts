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
  task_id: string;
  incident_id: string;
  kind: 'start' | 'due' | 'overdue' | 'escalation';
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
}
