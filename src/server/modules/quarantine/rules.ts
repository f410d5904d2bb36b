/**
 * Placement rules (隔离管控规则) as pure functions. Rules are data (table placement_rules,
 * editable per outbreak); these turn a rule and a start time into the plan and judge release.
 */
import { DAY } from '../../lib/clock';
import { addDays, localDate } from '../../lib/local-time';
import type { PlacementReason, PlacementRuleRow } from './quarantine.table';

export const REASONS: readonly PlacementReason[] = ['close-contact', 'secondary-contact', 'arrival', 'case', 'positive-pool'];

export interface Plan {
  siteEnd: string;
  monitoringEnd: string;
  tests: Array<{ phase: 'site' | 'home'; day: number; due_date: string }>;
}

const days = (json: string): number[] => (JSON.parse(json) as unknown[]).map(Number).filter((n) => Number.isInteger(n) && n > 0);

/** Day 1 is the start day; site tests fall on local dates from the start, home tests from the site end. */
export function planFor(rule: PlacementRuleRow, startAt: string, tz: string): Plan {
  const siteEnd = new Date(Date.parse(startAt) + rule.site_days * DAY).toISOString();
  const monitoringEnd = new Date(Date.parse(siteEnd) + rule.home_days * DAY).toISOString();
  const startDate = localDate(startAt, tz);
  const homeDate = localDate(siteEnd, tz);
  return {
    siteEnd,
    monitoringEnd,
    tests: [
      ...days(rule.test_days).map((d) => ({ phase: 'site' as const, day: d, due_date: addDays(startDate, d - 1) })),
      ...days(rule.home_test_days).map((d) => ({ phase: 'home' as const, day: d, due_date: addDays(homeDate, d - 1) })),
    ],
  };
}

/** Why a placement may not be released yet (empty when it may): days served and every site test negative. */
export function releaseBlockers(p: { site_end: string }, tests: ReadonlyArray<{ phase: string; day: number; result: string | null }>, now: string): string[] {
  const out: string[] = [];
  if (now < p.site_end) out.push(`days not served: site period ends ${p.site_end}`);
  for (const t of tests.filter((x) => x.phase === 'site')) {
    if (t.result === 'positive') out.push(`site test day ${t.day} is positive`);
    else if (t.result !== 'negative') out.push(`site test day ${t.day} has no negative result`);
  }
  return out;
}

/** A rule edit must keep the plan meaningful. */
export function ruleProblems(r: { site_days: number; home_days: number; test_days: number[]; home_test_days: number[] }): Record<string, string> {
  const f: Record<string, string> = {};
  if (!Number.isInteger(r.site_days) || r.site_days < 0 || r.site_days > 60) f.siteDays = 'must be 0–60';
  if (!Number.isInteger(r.home_days) || r.home_days < 0 || r.home_days > 60) f.homeDays = 'must be 0–60';
  if (r.test_days.some((d) => !Number.isInteger(d) || d < 1 || d > r.site_days)) f.testDays = `must be days 1–${r.site_days}`;
  if (r.home_test_days.some((d) => !Number.isInteger(d) || d < 1 || d > r.home_days)) f.homeTestDays = `must be days 1–${r.home_days}`;
  return f;
}
