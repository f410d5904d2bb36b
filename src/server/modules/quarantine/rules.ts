/**
 * Placement rules (隔离管控规则) as pure functions. Rules are data (table placement_rules,
 * editable per outbreak); these turn a rule and a start time into the plan and judge release.
 */
import { why, type Why } from '../../errors';
import { DAY } from '../../lib/clock';
import { addDays, daysBetween, localDate } from '../../lib/local-time';
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

/**
 * Home monitoring after an early release (提前解除) starts from the release, not from the planned
 * site end: the home period keeps its length and the home tests move by the days saved, so the
 * first home test is not days away (or already "overdue") for someone sent home early.
 */
export function replanHome(
  p: { site_end: string; monitoring_end: string },
  homeTests: ReadonlyArray<{ day: number; due_date: string }>,
  releasedAt: string,
  tz: string,
): { monitoringEnd: string; tests: Array<{ day: number; due_date: string }> } {
  if (releasedAt >= p.site_end) return { monitoringEnd: p.monitoring_end, tests: homeTests.map((t) => ({ day: t.day, due_date: t.due_date })) };
  const homeMs = Date.parse(p.monitoring_end) - Date.parse(p.site_end);
  const shift = daysBetween(localDate(p.site_end, tz), localDate(releasedAt, tz));
  return {
    monitoringEnd: new Date(Date.parse(releasedAt) + homeMs).toISOString(),
    tests: homeTests.map((t) => ({ day: t.day, due_date: addDays(t.due_date, shift) })),
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

/**
 * A value outside min–max as a reason the web can word (integer, min_value or max_value with its
 * limit); the English text stays the one API and CLI users read.
 */
function outOfRange(n: number, min: number, max: number, text: string): Why | undefined {
  if (!Number.isInteger(n)) return why('integer', text);
  if (n < min) return why('min_value', text, { limit: min });
  if (n > max) return why('max_value', text, { limit: max });
  return undefined;
}

/** A rule edit must keep the plan meaningful. */
export function ruleProblems(r: { site_days: number; home_days: number; test_days: number[]; home_test_days: number[] }): Record<string, Why> {
  const f: Record<string, Why | undefined> = {
    siteDays: outOfRange(r.site_days, 0, 60, 'must be 0–60'),
    homeDays: outOfRange(r.home_days, 0, 60, 'must be 0–60'),
    testDays: r.test_days.map((d) => outOfRange(d, 1, r.site_days, `must be days 1–${r.site_days}`)).find(Boolean),
    homeTestDays: r.home_test_days.map((d) => outOfRange(d, 1, r.home_days, `must be days 1–${r.home_days}`)).find(Boolean),
  };
  return Object.fromEntries(Object.entries(f).filter((e): e is [string, Why] => e[1] !== undefined));
}
