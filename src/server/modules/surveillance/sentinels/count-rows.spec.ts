import { describe, expect, it } from 'vitest';
import { dropContradictions, parseCountRow } from './count-rows';

const today = '2026-05-06';
const cells = (over: Record<string, unknown> = {}) => ({ sentinel_code: 'PH1', date: '2026-05-05', indicator: 'fever_drugs', count: '12', ...over });

describe('sentinel count rows', () => {
  it('accepts a good row', () => {
    expect(parseCountRow(2, cells(), today)).toEqual({ ok: { row: 2, sentinelCode: 'PH1', date: '2026-05-05', indicator: 'fever_drugs', count: 12 } });
  });

  it.each([
    [{ count: '-1' }, 'count', 'must not be negative', 'min_value'],
    [{ count: '1.5' }, 'count', 'must be a whole number', 'integer'],
    [{ count: 'many' }, 'count', 'must be a whole number', 'integer'],
    [{ count: '' }, 'count', 'required', 'required'],
    [{ date: '2026-05-07' }, 'date', 'is in the future (today is 2026-05-06)', 'in_future'],
    [{ date: '2026-02-30' }, 'date', 'must be a local date YYYY-MM-DD', 'date'],
    [{ indicator: 'Fever Drugs' }, 'indicator', 'an indicator code such as fever_drugs', 'format'],
    [{ sentinel_code: '' }, 'sentinel_code', 'required', 'required'],
  ])('names the field, reason and reason code of %o', (over, column, reason, reasonCode) => {
    expect(parseCountRow(3, cells(over), today)).toMatchObject({ errors: [{ row: 3, column, reason, reasonCode }] });
  });

  it('takes numbers from an API batch, refusing fractions', () => {
    expect(parseCountRow(1, cells({ count: 4 }), today)).toMatchObject({ ok: { count: 4 } });
    expect(parseCountRow(1, cells({ count: 4.2 }), today)).toMatchObject({
      errors: [{ row: 1, column: 'count', reason: 'must be a whole number', reasonCode: 'integer' }],
    });
  });

  it('keeps a repeated identical count once and rejects both sides of a contradiction', () => {
    const r = (row: number, count: number, indicator = 'fever_drugs') => ({ row, sentinelCode: 'PH1', date: '2026-05-05', indicator, count });
    const out = dropContradictions([r(2, 5), r(3, 5), r(4, 7, 'cough_drugs'), r(5, 1, 'cough_drugs')]);
    expect(out.rows.map((x) => x.row)).toEqual([2]);
    expect(out.errors.map((e) => [e.row, e.column, e.reasonCode])).toEqual([
      [4, 'count', 'contradicted_later'],
      [5, 'count', 'contradicts_row'],
    ]);
  });
});
