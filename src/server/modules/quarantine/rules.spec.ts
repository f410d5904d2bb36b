import type { PlacementRuleRow } from './quarantine.table';
import { planFor, releaseBlockers, replanHome, ruleProblems } from './rules';

const rule = (over: Partial<PlacementRuleRow> = {}): PlacementRuleRow =>
  ({ reason: 'close-contact', site_days: 7, home_days: 3, test_days: '[1,2,3,5,7]', home_test_days: '[3]', ...over }) as PlacementRuleRow;

describe('placement rules', () => {
  it('plans site and home tests on local calendar days', () => {
    // 2026-05-06T20:00Z is 05-07 04:00 in Shanghai: day 1 is the 7th there.
    const p = planFor(rule(), '2026-05-06T20:00:00.000Z', 'Asia/Shanghai');
    expect(p.siteEnd).toBe('2026-05-13T20:00:00.000Z');
    expect(p.monitoringEnd).toBe('2026-05-16T20:00:00.000Z');
    expect(p.tests.filter((t) => t.phase === 'site').map((t) => t.due_date)).toEqual(['2026-05-07', '2026-05-08', '2026-05-09', '2026-05-11', '2026-05-13']);
    expect(p.tests.filter((t) => t.phase === 'home')).toEqual([{ phase: 'home', day: 3, due_date: '2026-05-16' }]);
  });

  it('blocks release until the days are served and every site test is negative', () => {
    const p = { site_end: '2026-05-13T20:00:00.000Z' };
    const tests = [
      { phase: 'site', day: 1, result: 'negative' },
      { phase: 'site', day: 7, result: null },
      { phase: 'home', day: 3, result: null },
    ];
    expect(releaseBlockers(p, tests, '2026-05-10T00:00:00.000Z')).toHaveLength(2);
    expect(releaseBlockers(p, tests, '2026-05-14T00:00:00.000Z')).toEqual(['site test day 7 has no negative result']);
    expect(releaseBlockers(p, [{ phase: 'site', day: 7, result: 'positive' }], '2026-05-14T00:00:00.000Z')).toEqual(['site test day 7 is positive']);
    expect(releaseBlockers(p, [{ phase: 'site', day: 7, result: 'negative' }], '2026-05-14T00:00:00.000Z')).toEqual([]);
  });

  it('starts home monitoring from an early release, keeping its length and moving its tests by the days saved', () => {
    const p = planFor(rule(), '2026-05-06T20:00:00.000Z', 'Asia/Shanghai');
    const home = p.tests.filter((t) => t.phase === 'home');
    const plan = { site_end: p.siteEnd, monitoring_end: p.monitoringEnd };
    // Released 2026-05-10 09:00 Shanghai, local site end was 05-14: four days earlier.
    const early = replanHome(plan, home, '2026-05-10T01:00:00.000Z', 'Asia/Shanghai');
    expect(early.monitoringEnd).toBe('2026-05-13T01:00:00.000Z');
    expect(early.tests).toEqual([{ day: 3, due_date: '2026-05-12' }]);
    // A release on or after the planned end keeps the plan.
    expect(replanHome(plan, home, '2026-05-14T02:00:00.000Z', 'Asia/Shanghai')).toEqual({
      monitoringEnd: p.monitoringEnd,
      tests: [{ day: 3, due_date: '2026-05-16' }],
    });
  });

  it('refuses rule edits that make the plan meaningless, naming each field', () => {
    expect(ruleProblems({ site_days: 7, home_days: 3, test_days: [1, 7], home_test_days: [3] })).toEqual({});
    const texts = (p: ReturnType<typeof ruleProblems>) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.text]));
    const bad = ruleProblems({ site_days: 61, home_days: -1, test_days: [62], home_test_days: [0] });
    expect(texts(bad)).toEqual({
      siteDays: 'must be 0–60',
      homeDays: 'must be 0–60',
      testDays: 'must be days 1–61',
      homeTestDays: 'must be days 1–-1',
    });
    // The machine reason and its limit, for the web's words.
    expect(bad.siteDays).toMatchObject({ why: 'max_value', params: { limit: 60 } });
    expect(bad.homeDays).toMatchObject({ why: 'min_value', params: { limit: 0 } });
    expect(bad.homeTestDays).toMatchObject({ why: 'min_value', params: { limit: 1 } });
    expect(texts(ruleProblems({ site_days: 7, home_days: 3, test_days: [8], home_test_days: [] }))).toEqual({ testDays: 'must be days 1–7' });
    expect(ruleProblems({ site_days: 7, home_days: 3, test_days: [1, 8], home_test_days: [] }).testDays).toMatchObject({
      why: 'max_value',
      params: { limit: 7 },
    });
    expect(ruleProblems({ site_days: 7.5, home_days: 3, test_days: [], home_test_days: [] }).siteDays?.why).toBe('integer');
  });
});
