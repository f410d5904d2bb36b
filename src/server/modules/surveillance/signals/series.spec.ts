import { describe, expect, it } from 'vitest';
import { buildSeries, hasHistory, lateStarters, type CountPoint } from './series';

const p = (sentinel_id: string, area_code: string, date: string, count: number, indicator = 'fever_drugs'): CountPoint => ({
  sentinel_id,
  area_code,
  indicator,
  date,
  count,
});

describe('daily series for the nightly run', () => {
  it('builds a series per sentinel and a roll-up per street and district, missing days as 0', () => {
    const rows = [
      p('A', '320706001001', '2026-05-04', 2),
      p('A', '320706001001', '2026-05-06', 5),
      p('B', '320706001002', '2026-05-06', 1),
      p('B', '320706001002', '2026-05-05', 4),
    ];
    const s = buildSeries(rows, '2026-05-04', '2026-05-06');
    const by = Object.fromEntries(s.map((x) => [x.target, x.counts]));
    expect(by).toEqual({ 's:A': [2, 0, 5], 's:B': [0, 4, 1], 'a:320706001': [2, 4, 6], 'a:320706': [2, 4, 6] });
    expect(s.find((x) => x.target === 'a:320706001')!.today.map((r) => r.sentinel_id)).toEqual(['A', 'B']);
  });

  it('leaves out a sentinel that did not report on the run date, from its own series and the roll-ups', () => {
    const s = buildSeries([p('A', '320706001001', '2026-05-05', 3), p('B', '320706001002', '2026-05-06', 1)], '2026-05-05', '2026-05-06');
    expect(s.map((x) => [x.target, x.counts])).toEqual([
      ['s:B', [0, 1]],
      ['a:320706001', [0, 1]],
      ['a:320706', [0, 1]],
    ]);
  });

  it('a series starts at its first report: with fewer days behind it than the detector reads it is not tested, unless it reported before the window', () => {
    const rows = [
      p('A', '320706001001', '2026-05-01', 2),
      p('A', '320706001001', '2026-05-06', 5),
      p('B', '320706001002', '2026-05-04', 1),
      p('B', '320706001002', '2026-05-06', 1),
    ];
    const s = buildSeries(rows, '2026-05-01', '2026-05-06');
    const by = Object.fromEntries(s.map((x) => [x.target, x]));
    expect([by['s:A']!.first, by['s:B']!.first, by['a:320706001']!.first]).toEqual([0, 3, 0]);
    expect(lateStarters(s)).toEqual([{ sentinel_id: 'B', indicator: 'fever_drugs' }]);
    const none = new Set<string>();
    expect(hasHistory(by['s:A']!, 6, none)).toBe(true);
    expect(hasHistory(by['s:B']!, 3, none)).toBe(true);
    expect(hasHistory(by['s:B']!, 4, none)).toBe(false);
    expect(hasHistory(by['s:B']!, 4, new Set(['B|fever_drugs']))).toBe(true);
    // The street's roll-up has A's history.
    expect(hasHistory(by['a:320706001']!, 6, none)).toBe(true);
  });
});
