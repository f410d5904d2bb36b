import type { Alert, AlertDetail, Rule } from '../../../contract/alerts';
import { parseJson } from '../../db/dialect';
import type { AlertListRow } from './alert.repository';
import type { ParsedRule } from './rule.repository';
import { isOverdue } from './triage';

/** An alert row → its wire shape (camelCase). */
export function alertView(a: AlertListRow, now: string): Alert {
  return {
    id: a.id,
    code: a.code,
    grade: a.grade,
    ruleCode: a.rule_code,
    ruleName: a.rule_name,
    areaCode: a.area_code,
    areaName: a.area_name ?? null,
    status: a.status,
    firstAt: a.first_at,
    lastAt: a.last_at,
    records: Number(a.records),
    channels: parseJson<string[]>(a.channels, []),
    raisedAt: a.raised_at,
    dueAt: a.due_at,
    verifiedAt: a.verified_at,
    overdue: isOverdue(a, now),
  };
}

export type AlertDetailParts = Pick<AlertDetail, 'evidence' | 'hidden' | 'steps' | 'actions'>;

export function ruleView(r: ParsedRule, editable: boolean): Rule {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    channels: [...r.channels],
    minChannels: r.minChannels,
    minRecords: r.minRecords,
    windowHours: r.windowHours,
    areaCode: r.areaCode,
    level: r.level,
    grade: r.grade,
    dueHours: r.dueHours,
    enabled: r.enabled,
    updatedBy: r.row.updated_by,
    updatedAt: r.row.updated_at,
    editable,
  };
}
