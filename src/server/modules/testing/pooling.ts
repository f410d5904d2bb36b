/** Pure planning maths for mass testing: no I/O. */

/** Dorfman: expected tests per person with pools of k at prevalence p: 1/k + 1 − (1−p)^k (k = 1 → 1). */
export function dorfmanTestsPerPerson(k: number, p: number): number {
  if (k <= 1) return 1;
  return 1 / k + 1 - (1 - p) ** k;
}

/** The pool size among the allowed ones that needs the fewest tests per person at prevalence p. */
export function suggestPoolSize(
  p: number,
  allowed: readonly number[] = [1, 5, 10, 20],
): { poolSize: number; testsPerPerson: number; table: Array<{ poolSize: number; testsPerPerson: number }> } {
  const table = allowed.map((k) => ({ poolSize: k, testsPerPerson: dorfmanTestsPerPerson(k, p) }));
  const best = table.reduce((a, b) => (b.testsPerPerson < a.testsPerPerson ? b : a));
  return { ...best, table };
}

export interface CapacityInput {
  people: number; // still to sample
  sites: Array<{ teams: number; ratePerTeamHour: number }>;
  labsDailyCapacity: number; // tubes per day over all labs
  poolSize: number;
  prevalence?: number;
  hoursPerDay?: number; // sampling hours per day
}

/** When will the round finish, and which link of the chain is the bottleneck? */
export function capacityPlan(input: CapacityInput) {
  const hoursPerDay = input.hoursPerDay ?? 16;
  const samplingPerHour = input.sites.reduce((s, x) => s + x.teams * x.ratePerTeamHour, 0);
  const tubes = Math.ceil(input.people / Math.max(1, input.poolSize));
  const recheckTubes = input.prevalence ? Math.ceil(input.people * (dorfmanTestsPerPerson(input.poolSize, input.prevalence) - 1 / input.poolSize)) : 0;
  const labTubesPerHour = input.labsDailyCapacity / 24;
  const samplingHours = samplingPerHour > 0 ? input.people / samplingPerHour : Infinity;
  const samplingWallHours = samplingHours * (24 / hoursPerDay);
  const labHours = labTubesPerHour > 0 ? (tubes + recheckTubes) / labTubesPerHour : Infinity;
  const bottleneck = samplingWallHours >= labHours ? 'sampling' : 'laboratory';
  return { samplingPerHour, tubes, recheckTubes, samplingHours: samplingWallHours, labHours, finishHours: Math.max(samplingWallHours, labHours), bottleneck };
}

/** Nearest-rank percentile of a list of numbers (0 < p ≤ 1). */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
}
