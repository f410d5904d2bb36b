import { describe, expect, it } from 'vitest';
import { applyBudget, type Candidate } from './budget';

const budget = { minCount: 3, repeatWindowDays: 7, weeklyBudget: 2 };
const c = (key: string, observed: number, over: Partial<Candidate> = {}): Candidate => ({
  key,
  areaCode: '320706001',
  periodDate: '2026-05-06',
  observed,
  threshold: 5,
  ...over,
});

describe('alert budget', () => {
  it('suppresses alarms below the minimum count', () => {
    expect(applyBudget([c('a', 2)], [], budget).map((x) => x.suppressed)).toEqual(['min_count']);
  });

  it('suppresses a repeat of the same rule within the window unless new cases arrive', () => {
    const recent = [{ key: 'a', areaCode: '320706001', periodDate: '2026-05-03', observed: 9 }];
    expect(applyBudget([c('a', 8)], recent, budget)[0]!.suppressed).toBe('repeat');
    expect(applyBudget([c('a', 10)], recent, budget)[0]!.suppressed).toBeNull();
    // Outside the window the rule may fire again.
    expect(applyBudget([c('a', 8)], [{ ...recent[0]!, periodDate: '2026-04-20' }], budget)[0]!.suppressed).toBeNull();
  });

  it('spends the weekly budget of a district on the strongest alarms first', () => {
    const out = applyBudget([c('weak', 6), c('strong', 20), c('mid', 10, { areaCode: '320706002' })], [], budget);
    expect(Object.fromEntries(out.map((x) => [x.key, x.suppressed]))).toEqual({ strong: null, mid: null, weak: 'weekly_budget' });
    // Another district has its own budget.
    expect(
      applyBudget(
        [c('other', 6, { areaCode: '320707001' })],
        [
          { key: 'x', areaCode: '320706001', periodDate: '2026-05-05', observed: 9 },
          { key: 'y', areaCode: '320706001', periodDate: '2026-05-04', observed: 9 },
        ],
        budget,
      )[0]!.suppressed,
    ).toBeNull();
  });

  it('counts the signals already raised this week against the budget', () => {
    const recent = [
      { key: 'x', areaCode: '320706001', periodDate: '2026-05-05', observed: 9 },
      { key: 'y', areaCode: '320706009', periodDate: '2026-04-30', observed: 9 },
    ];
    expect(applyBudget([c('a', 9)], recent, budget)[0]!.suppressed).toBe('weekly_budget');
  });
});
