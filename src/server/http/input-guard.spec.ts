import { capReport, MAX_REPORTED_ROWS } from './report-cap';
import { findProblem, INPUT_LIMITS } from './input-guard';
import { dateSchema, instantSchema, isCalendarDate, isInstant } from './schemas';

describe('input guard', () => {
  const limits = INPUT_LIMITS;
  it('names the field holding text PostgreSQL cannot store', () => {
    expect(findProblem({ a: { b: ['ok', 'x\u0000y'] } }, limits)).toEqual(['a.b.1', 'must not contain a NUL character']);
    expect(findProblem({ reason: 'a\ud800b' }, limits)?.[0]).toBe('reason');
    expect(findProblem({ reason: 'emoji 😷 is fine' }, limits)).toBeNull();
    expect(findProblem({ ['k\u0000']: 1 }, limits)?.[1]).toMatch(/field name/);
  });
  it('refuses integers beyond 32 bits, long strings, long arrays and deep nesting', () => {
    expect(findProblem({ n: 2 ** 31 }, limits)).toEqual(['n', 'must be between -2147483647 and 2147483647']);
    expect(findProblem({ n: 2 ** 31 - 1, f: 0.5 }, limits)).toBeNull();
    expect(findProblem({ s: 'x'.repeat(10_001) }, limits)?.[1]).toMatch(/at most 10000 characters/);
    expect(findProblem({ personIds: Array.from({ length: 5001 }, () => 'x') }, limits)).toEqual(['personIds', 'must have at most 5000 items']);
    expect(findProblem(JSON.parse('['.repeat(40) + ']'.repeat(40)), limits)?.[1]).toMatch(/nested/);
  });
});

describe('shared date schemas', () => {
  it('accept real instants and dates only', () => {
    expect(isInstant('2026-05-06T10:00:00Z')).toBe(true);
    expect(isInstant('2026-05-06T10:00:00.123+08:00')).toBe(true);
    for (const bad of ['2026-13-45T99:99:99Z', 'yesterday', '2026-02-30T00:00:00Z', '2026-05-06T10:00:00', '']) expect(isInstant(bad)).toBe(false);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(instantSchema.safeParse('yesterday').success).toBe(false);
    expect(dateSchema.safeParse('2026-05-06').success).toBe(true);
  });
});

describe('report cap', () => {
  it('keeps the first rows of a long report and says how many there were', () => {
    const capped = capReport({ accepted: 0, rejected: Array.from({ length: 5000 }, (_, i) => ({ row: i })) });
    expect(capped.rejected).toHaveLength(MAX_REPORTED_ROWS);
    expect(capped).toMatchObject({ rejectedTotal: 5000, reportTruncated: true });
    const small = { rejected: [1] };
    expect(capReport(small)).toBe(small);
  });
});
