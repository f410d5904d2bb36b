import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../errors';
import { detect, parseControl } from './index';

function fieldsOf(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return (e.details as { fields: Record<string, string> }).fields;
    throw e;
  }
  throw new Error('expected a validation error');
}

const weekly = (n: number) => ({ counts: Array.from({ length: n }, (_, i) => (i * 7) % 5), frequency: 52 as const });

describe('detection control', () => {
  it("applies R's defaults", () => {
    const c = parseControl({ detector: 'farrington', frequency: 52, range: [300, 310] });
    expect(c).toMatchObject({ b: 5, w: 3, weightsThreshold: 2.58, thresholdMethod: 'delta', limit54: [5, 4], pastWeeksNotIncluded: null, powertrans: '2/3' });
    expect(parseControl({ detector: 'cusum', frequency: 365, range: [2, 3] })).toMatchObject({ k: 1.04, h: 2.26, m: null, trans: 'standard' });
  });

  it('names the field of a bad value or an unknown control name', () => {
    expect(Object.keys(fieldsOf(() => parseControl({ detector: 'farrington', frequency: 52, range: [1, 2], thresholdMethod: 'Noufaily' })))).toEqual([
      'thresholdMethod',
    ]);
    expect(Object.keys(fieldsOf(() => parseControl({ detector: 'ears', frequency: 52, range: [1, 2], baseline: 2 })))).toEqual(['baseline']);
    expect(fieldsOf(() => parseControl({ detector: 'ears', frequency: 52, range: [1, 2], alfa: 0.1 }))).toHaveProperty('alfa');
    expect(Object.keys(fieldsOf(() => parseControl({ detector: 'ears', frequency: 12, range: [1, 2] })))).toEqual(['frequency']);
    expect(Object.keys(fieldsOf(() => parseControl({ detector: 'glrnb', frequency: 52, range: [1, 2] })))).toEqual(['detector']);
  });

  it('says how many periods a method needs when the series is too short', () => {
    const c2 = parseControl({ detector: 'ears', method: 'C2', frequency: 52, range: [9, 20] });
    expect(fieldsOf(() => detect(weekly(20), c2)).range).toMatch(/needs 9 periods .* start at 10/);
    const far = parseControl({ detector: 'farrington', frequency: 52, range: [100, 120] });
    expect(fieldsOf(() => detect(weekly(120), far)).range).toMatch(/needs 262 periods/);
    const ewma = parseControl({ detector: 'ewma', frequency: 365, range: [10, 20] });
    expect(fieldsOf(() => detect(weekly(20), ewma)).count).toMatch(/at least 31 periods/);
  });

  it('rejects negative or fractional counts and irregular dates, naming the period', () => {
    const c = parseControl({ detector: 'ears', frequency: 52, range: [8, 10] });
    expect(fieldsOf(() => detect({ counts: [1, 2, 3, -1, 2, 2, 2, 2, 2, 2], frequency: 52 }, c)).count).toMatch(/period 4/);
    expect(fieldsOf(() => detect({ counts: [1, 2, 3, 1.5, 2, 2, 2, 2, 2, 2], frequency: 52 }, c)).count).toMatch(/period 4/);
    const dates = ['2026-01-05', '2026-01-12', '2026-01-20', '2026-01-26', '2026-02-02', '2026-02-09', '2026-02-16', '2026-02-23', '2026-03-02', '2026-03-09'];
    expect(fieldsOf(() => detect({ ...weekly(10), dates }, c)).date).toMatch(/period 3/);
    expect(fieldsOf(() => detect(weekly(9), c)).range).toMatch(/9 periods/);
  });
});
