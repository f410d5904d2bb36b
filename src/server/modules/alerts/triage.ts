/** Alert triage, pure: the allowed steps, due times and the "% verified within 48 h" figure. */
import type { AlertStatus } from './alerts.table';
import type { TriageAction } from '../../../contract/alerts';

/** new → verifying → discarded / monitoring / escalated; monitoring may still be escalated or discarded. */
const next: Record<AlertStatus, readonly AlertStatus[]> = {
  new: ['verifying'],
  verifying: ['discarded', 'monitoring', 'escalated'],
  monitoring: ['escalated', 'discarded'],
  discarded: [],
  escalated: [],
};

export const VERDICTS: readonly AlertStatus[] = ['discarded', 'monitoring', 'escalated'];
const actionOf: Record<AlertStatus, TriageAction | null> = {
  new: null,
  verifying: 'verify',
  discarded: 'discard',
  monitoring: 'monitor',
  escalated: 'escalate',
};

export function canMove(from: AlertStatus, to: AlertStatus): boolean {
  return next[from].includes(to);
}

/** The actions open from a status (what the alert drawer offers). */
export function actionsFrom(from: AlertStatus): TriageAction[] {
  return next[from].map((s) => actionOf[s]).filter((a): a is TriageAction => a !== null);
}

/** Awaiting a verdict (new or verifying). */
export function isOpen(status: AlertStatus): boolean {
  return status === 'new' || status === 'verifying';
}

export function isOverdue(a: { status: AlertStatus; due_at: string }, now: string): boolean {
  return isOpen(a.status) && now > a.due_at;
}

export const WITHIN_MS = 48 * 3_600_000;

/**
 * Of the alerts raised at least 48 h before `now`, how many had a verdict within 48 h of being
 * raised. Younger alerts are not yet decided either way and are left out of both counts.
 */
export function verifiedWithin48h(rows: ReadonlyArray<{ raised_at: string; verified_at: string | null }>, now: string) {
  const t = Date.parse(now);
  const eligible = rows.filter((r) => t - Date.parse(r.raised_at) >= WITHIN_MS);
  const ok = eligible.filter((r) => r.verified_at !== null && Date.parse(r.verified_at) - Date.parse(r.raised_at) <= WITHIN_MS);
  return { eligible: eligible.length, verified: ok.length, pct: eligible.length ? Math.round((1000 * ok.length) / eligible.length) / 10 : null };
}
