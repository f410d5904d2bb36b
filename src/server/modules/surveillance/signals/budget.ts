/**
 * The alert budget (issue 14 item 4): alarms are many, signals must be few. A candidate alarm is
 * raised unless (in this order) its count is below the minimum, the same rule on the same area or
 * sentinel was raised within the repeat window and no new cases have arrived since (the count is
 * not above that signal's), or the area's district has used its weekly budget (the strongest
 * alarms, by observed/threshold, get it first). Pure: the run passes the recent raised signals.
 */
export interface Budget {
  minCount: number;
  repeatWindowDays: number;
  weeklyBudget: number;
}

export interface Candidate {
  key: string; // rule and target: method|indicator|sentinel or area
  areaCode: string;
  periodDate: string;
  observed: number;
  threshold: number | null;
}

export interface RecentSignal {
  key: string;
  areaCode: string;
  periodDate: string;
  observed: number;
}

export type Suppression = 'min_count' | 'repeat' | 'weekly_budget';

/** The district a budget is counted on (CIDARS counts per county): the first six digits. */
export const budgetArea = (code: string) => code.slice(0, 6);

const daysBefore = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
};

export function applyBudget<C extends Candidate>(
  candidates: readonly C[],
  recent: readonly RecentSignal[],
  budget: Budget,
): Array<C & { suppressed: Suppression | null }> {
  const strength = (c: Candidate) => (c.threshold && c.threshold > 0 ? c.observed / c.threshold : c.observed);
  const order = [...candidates].sort((a, b) => strength(b) - strength(a) || a.key.localeCompare(b.key));
  const used = new Map<string, number>();
  const lastByKey = new Map<string, RecentSignal>();
  for (const r of recent) {
    const prev = lastByKey.get(r.key);
    if (!prev || r.periodDate > prev.periodDate) lastByKey.set(r.key, r);
  }
  const out: Array<C & { suppressed: Suppression | null }> = [];
  for (const c of order) {
    let suppressed: Suppression | null = null;
    const weekFrom = daysBefore(c.periodDate, 6);
    if (c.observed < budget.minCount) suppressed = 'min_count';
    else {
      const last = lastByKey.get(c.key);
      if (last && last.periodDate >= daysBefore(c.periodDate, budget.repeatWindowDays) && last.periodDate < c.periodDate && c.observed <= last.observed)
        suppressed = 'repeat';
    }
    if (!suppressed) {
      const area = budgetArea(c.areaCode);
      const spent =
        (used.get(area) ?? 0) + recent.filter((r) => budgetArea(r.areaCode) === area && r.periodDate >= weekFrom && r.periodDate < c.periodDate).length;
      if (spent >= budget.weeklyBudget) suppressed = 'weekly_budget';
      else used.set(area, (used.get(area) ?? 0) + 1);
    }
    out.push({ ...c, suppressed });
  }
  return out;
}
