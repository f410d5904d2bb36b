/**
 * Demand projection for rooms over the coming days (pure). Three parts: people already placed
 * who are still on site, people waiting for a room (confirmed contacts and arrivals not yet
 * placed), and a growth scenario in the manner of CHIME: new cases double every `doublingDays`,
 * each brings `contactsPerCase` people who stay `stayDays`.
 */
export interface ProjectionInput {
  days: number;
  /** Site end of every live placement (ISO). */
  liveSiteEnds: readonly string[];
  /** Start of each projected day (ISO, local midnight), days[0] = today. */
  dayStarts: readonly string[];
  /** Local calendar date of each day (YYYY-MM-DD). */
  dates: readonly string[];
  pending: number;
  stayDays: number;
  dailyCasesNow: number;
  doublingDays: number;
  contactsPerCase: number;
  capacityByDay: readonly number[];
}

export interface ProjectionDay {
  day: number;
  date: string;
  existing: number;
  pending: number;
  projected: number;
  demand: number;
  capacity: number;
  shortfall: number;
}

export function project(i: ProjectionInput): ProjectionDay[] {
  const ends = [...i.liveSiteEnds].sort();
  const newPeople = (d: number) => i.dailyCasesNow * 2 ** (d / Math.max(0.5, i.doublingDays)) * i.contactsPerCase;
  return i.dayStarts.slice(0, i.days).map((start, d) => {
    const existing = ends.length - lowerBound(ends, start);
    const pending = d < i.stayDays ? i.pending : 0;
    let projected = 0;
    for (let k = Math.max(1, d - i.stayDays + 1); k <= d; k++) projected += newPeople(k);
    projected = Math.round(projected);
    const demand = existing + pending + projected;
    const capacity = i.capacityByDay[d] ?? i.capacityByDay[i.capacityByDay.length - 1] ?? 0;
    return { day: d, date: i.dates[d] ?? start.slice(0, 10), existing, pending, projected, demand, capacity, shortfall: Math.max(0, demand - capacity) };
  });
}

/** Index of the first element > x (elements ending after the day starts are still on site). */
function lowerBound(sorted: readonly string[], x: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? '') <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
