import { describe, expect, it } from 'vitest';
import { discrSi, estimateR } from './rt';
import { readFixture, type RtCase } from './fixtures';

// EpiEstim 2.2.4's estimate_R(method = "parametric_si"), made by scripts/fixtures/detection.R.
const fx = readFixture<{ cases: RtCase[] }>('rt.json');
const KEYS = ['mean', 'sd', 'q025', 'median', 'q975'] as const;

describe('Rt matches EpiEstim estimate_R (parametric_si)', () => {
  for (const c of fx.cases) {
    it(c.name, () => {
      const got = estimateR(c.incidence, { meanSi: c.mean_si, stdSi: c.std_si, window: c.window, meanPrior: 5, stdPrior: 5 });
      expect(got.map((w) => [w.t_start, w.t_end])).toEqual(c.result.map((r) => [r.t_start, r.t_end]));
      const bad: string[] = [];
      got.forEach((w, i) => {
        for (const k of KEYS) {
          const a = w[k];
          const b = c.result[i]![k];
          const ok = a === null || b === null ? a === b : Math.abs(a - b) <= 1e-6 * Math.abs(b);
          if (!ok) bad.push(`${w.t_start}-${w.t_end} ${k}: ${a} vs R ${b}`);
        }
      });
      expect(bad.slice(0, 8)).toEqual([]);
    });
  }

  it('the fixtures include windows R leaves NA (ending before the mean serial interval)', () => {
    const c = fx.cases.find((x) => x.window === 3)!;
    expect(c.result[0]!.mean).toBeNull();
    const got = estimateR(c.incidence, { meanSi: c.mean_si, stdSi: c.std_si, window: 3, meanPrior: 5, stdPrior: 5 });
    expect(got[0]!.mean).toBeNull();
    expect(got.at(-1)!.mean).not.toBeNull();
  });

  it('the discretised serial interval starts at 0 and sums to 1', () => {
    const w = discrSi(60, 4.8, 2.3);
    expect(w[0]).toBe(0);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });
});
