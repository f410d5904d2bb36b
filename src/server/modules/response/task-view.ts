import type { Incident, IncidentDetail, Task } from '../../../contract/response';
import type { IncidentWithCounts } from './incident.repository';
import type { IncidentLinkRow, IncidentTimelineRow, ResponseTaskRow, ResponseZoneRow } from './response.table';
import { zoneActive } from './zone-rules';

/** A task on the wire (camelCase); `overdue` against `now`. */
export function taskView(r: ResponseTaskRow, now: string): Task {
  return {
    id: r.id,
    incidentId: r.incident_id,
    planCode: r.plan_code,
    key: r.template_key,
    action: r.action,
    group: r.group_code,
    areaCode: r.area_code,
    ownerUserId: r.owner_user_id,
    owner: r.owner_name,
    ownerNote: r.owner_note,
    mark: r.mark,
    autoClose: r.auto_rule,
    dependsOn: JSON.parse(r.depends_on) as string[],
    status: r.status,
    dueAt: r.due_at,
    doneAt: r.done_at,
    doneNote: r.done_note,
    closedBy: r.closed_by_ref,
    escalations: Number(r.escalations),
    overdue: r.status === 'open' && r.due_at < now,
  };
}

/** The CLI's documented `task list --json` row (snake_case integration contract). */
export function taskCliRow(r: ResponseTaskRow) {
  return { id: r.id, action: r.action, status: r.status, owner: r.owner_name, due_at: r.due_at, done_at: r.done_at, escalations: Number(r.escalations) };
}

export function incidentView(r: IncidentWithCounts): Incident {
  return {
    id: r.id,
    name: r.name,
    areaCode: r.area_code,
    grade: r.grade,
    status: r.status,
    t0: r.t0,
    openedFrom: r.opened_from,
    sourceId: r.source_id,
    createdAt: r.created_at,
    closedAt: r.closed_at,
    tasksOpen: r.tasks_open,
    tasksOverdue: r.tasks_overdue,
  };
}

export function incidentDetailView(d: { row: IncidentWithCounts; links: IncidentLinkRow[]; timeline: IncidentTimelineRow[] }): IncidentDetail {
  return {
    ...incidentView(d.row),
    links: d.links.map((l) => ({ kind: l.kind, refId: l.ref_id, addedAt: l.added_at })),
    timeline: d.timeline.map((e) => ({ id: e.id, at: e.at, kind: e.kind, actor: e.actor, summary: e.summary, refType: e.ref_type, refId: e.ref_id })),
  };
}

/** A control zone on the wire. */
export function zoneView(z: ResponseZoneRow, now: string) {
  return {
    id: z.id,
    incidentId: z.incident_id,
    kind: z.kind,
    name: z.name,
    areaCodes: JSON.parse(z.area_codes) as string[],
    polygon: z.polygon ? (JSON.parse(z.polygon) as { type: string; coordinates: unknown }) : null,
    startsAt: z.starts_at,
    endsAt: z.ends_at,
    active: zoneActive(z, now),
    createdAt: z.created_at,
  };
}
