/**
 * The 规则 view's pure parts (issue 12): which city-wide rule a user may read or change, and the
 * checks a rule edit must pass before it is sent (the same limits the services enforce, so the
 * form names the field at once instead of after a round trip). No React, no requests.
 */
import type { Permission } from '../../../../contract/access';

/** The three city-wide rule sets the view shows, each owned by one capability. */
export const ruleKinds = ['quarantine', 'arrival', 'frequency'] as const;
export type RuleKind = (typeof ruleKinds)[number];

/**
 * The permission each rule set's routes declare (GET / PUT): quarantine.routes.ts,
 * tracing-field.routes.ts, testing.routes.ts. Changing one also needs a city-scoped role
 * (`Scope.ensureCityWide` in the services): the rules hold for the whole city.
 */
export const ruleAccess: Record<RuleKind, { read: Permission; write: Permission }> = {
  quarantine: { read: 'quarantine:read', write: 'quarantine:write' },
  arrival: { read: 'tracing:read', write: 'tracing:write' },
  frequency: { read: 'testing:read', write: 'testing:manage' },
};

export type RuleMode = 'edit' | 'read' | 'none';

interface Viewer {
  permissions: readonly string[];
  scope: readonly string[];
}

/** What a user may do with a rule set: change it (its write permission and the whole city), read it, or neither. */
export function ruleMode(user: Viewer | null, kind: RuleKind): RuleMode {
  if (!user) return 'none';
  const { read, write } = ruleAccess[kind];
  if (!user.permissions.includes(read)) return 'none';
  return user.permissions.includes(write) && user.scope.includes('*') ? 'edit' : 'read';
}

/** The rule sets a user sees at all: the 规则 tab is shown when there is one. */
export function visibleRuleKinds(user: Viewer | null): RuleKind[] {
  return ruleKinds.filter((k) => ruleMode(user, k) !== 'none');
}

// ---- checks of an edit (the services' limits: rules.ts ruleProblems, arrivals.service.ts, rounds.service.ts) ----

/** A problem with one field, as a key under `qrules.problems` and its figures. */
export interface Problem {
  key: 'wholeDays' | 'daysRange' | 'testDayRange' | 'hoursRange' | 'intervalRange' | 'duplicateDays';
  min?: number;
  max?: number;
}

export const MAX_PLACEMENT_DAYS = 60;
export const MAX_LANDING_TEST_HOURS = 168;
export const MAX_INTERVAL_DAYS = 365;

export interface PlacementRuleValues {
  siteDays: number | null;
  homeDays: number | null;
  testDays: readonly number[];
  homeTestDays: readonly number[];
}

const whole = (n: number | null): n is number => n !== null && Number.isInteger(n);

function periodProblem(n: number | null): Problem | undefined {
  if (!whole(n)) return { key: 'wholeDays' };
  if (n < 0 || n > MAX_PLACEMENT_DAYS) return { key: 'daysRange', min: 0, max: MAX_PLACEMENT_DAYS };
  return undefined;
}

/** Test days fall on days 1…period of their phase (day 1 = the first day), each day once. */
function testDaysProblem(days: readonly number[], period: number | null): Problem | undefined {
  const max = whole(period) ? period : 0;
  if (days.some((d) => !Number.isInteger(d) || d < 1 || d > max)) return { key: 'testDayRange', min: 1, max };
  if (new Set(days).size !== days.length) return { key: 'duplicateDays' };
  return undefined;
}

/** Every problem of a quarantine-period edit, by field (empty when it may be sent). */
export function placementRuleProblems(v: PlacementRuleValues): Partial<Record<keyof PlacementRuleValues, Problem>> {
  const out: Partial<Record<keyof PlacementRuleValues, Problem>> = {};
  const site = periodProblem(v.siteDays);
  const home = periodProblem(v.homeDays);
  if (site) out.siteDays = site;
  if (home) out.homeDays = home;
  const siteTests = testDaysProblem(v.testDays, v.siteDays);
  const homeTests = testDaysProblem(v.homeTestDays, v.homeDays);
  if (siteTests) out.testDays = siteTests;
  if (homeTests) out.homeTestDays = homeTests;
  return out;
}

/** The landing test's deadline in hours after arrival: 0–168 (a week). */
export function landingHoursProblem(h: number | null): Problem | undefined {
  if (!whole(h) || h < 0 || h > MAX_LANDING_TEST_HOURS) return { key: 'hoursRange', min: 0, max: MAX_LANDING_TEST_HOURS };
  return undefined;
}

/** A tag's testing interval: every 1–365 days. */
export function intervalProblem(d: number | null): Problem | undefined {
  if (!whole(d) || d < 1 || d > MAX_INTERVAL_DAYS) return { key: 'intervalRange', min: 1, max: MAX_INTERVAL_DAYS };
  return undefined;
}

/** Days as the form keeps them: sorted, each once (a Select in `multiple` mode keeps the click order). */
export function sortedDays(days: readonly number[]): number[] {
  return [...new Set(days)].sort((a, b) => a - b);
}

/** The choices of a test-day picker: days 1…period. */
export function dayChoices(period: number | null): number[] {
  const n = whole(period) ? Math.max(0, Math.min(period, MAX_PLACEMENT_DAYS)) : 0;
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** Rows in the order of their vocabulary (密接 before 病例, 高 before 低), not the database's; unknown keys last. */
export function inVocabularyOrder<T>(rows: readonly T[], key: (row: T) => string, vocabulary: readonly string[]): T[] {
  const rank = (row: T) => {
    const i = vocabulary.indexOf(key(row));
    return i < 0 ? vocabulary.length : i;
  };
  return [...rows].sort((a, b) => rank(a) - rank(b));
}

/** Tags a new frequency rule may be set for: the registry's tags that have none yet. */
export function tagsWithoutRule(all: readonly string[], ruled: ReadonlyArray<{ tag: string }>): string[] {
  const have = new Set(ruled.map((r) => r.tag));
  return all.filter((t) => !have.has(t));
}
