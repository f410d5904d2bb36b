import { describe, expect, it } from 'vitest';
import { detect, parseControl } from './index';
import { readFixture, type DetectorFixtures } from './fixtures';

// R's reference answers, made by scripts/fixtures/detection.R (surveillance 1.20.3; EWMA: Rnssp's loop).
const fx = readFixture<DetectorFixtures>('detectors.json');

/** Relative agreement to 1e-6 (absolute 1e-9 near zero); null only where R gave NA. */
function close(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b)) || Math.abs(a - b) < 1e-9;
}

describe('detectors match R on the fixtures', () => {
  for (const c of fx.cases) {
    it(`${c.detector} ${c.name}`, () => {
      const s = fx.series[c.series]!;
      const control = parseControl(c.control);
      const got = detect({ counts: s.counts, frequency: control.frequency, dates: c.dates ? s.dates : undefined }, control);
      expect(got.map((p) => p.t)).toEqual(c.result.map((r) => r.t));
      const bad: string[] = [];
      got.forEach((p, i) => {
        const r = c.result[i]!;
        // R's NA alarm (no threshold) is no alarm.
        if (p.alarm !== (r.alarm ?? false)) bad.push(`t=${p.t} alarm ${p.alarm} vs R ${r.alarm}`);
        if (!close(p.upperbound, r.upperbound)) bad.push(`t=${p.t} upperbound ${p.upperbound} vs R ${r.upperbound}`);
        if (!close(p.expected, r.expected)) bad.push(`t=${p.t} expected ${p.expected} vs R ${r.expected}`);
        if (p.observed !== r.observed) bad.push(`t=${p.t} observed`);
      });
      expect(bad.slice(0, 8)).toEqual([]);
    });
  }

  it('fixtures cover every detector and both frequencies', () => {
    expect(new Set(fx.cases.map((c) => c.detector))).toEqual(new Set(['ears', 'farrington', 'cusum', 'ewma']));
    expect(new Set(fx.cases.map((c) => fx.series[c.series]!.frequency))).toEqual(new Set([52, 365]));
    // Alarms are present, so "no alarm anywhere" would fail.
    expect(fx.cases.filter((c) => c.result.some((r) => r.alarm)).length).toBeGreaterThan(20);
  });
});
