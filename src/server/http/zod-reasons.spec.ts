import { validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validationError, why } from '../errors';
import { areaCodeSchema, dateSchema } from './schemas';
import { reasonOfIssue, type ValidationIssue } from './zod-reasons';

const body = z
  .object({
    reason: z.string().min(2).max(200),
    weight: z.number().int().max(5),
    kind: z.enum(['home', 'site']),
    area: areaCodeSchema,
    day: dateSchema,
    plate: z.string(),
    ids: z.array(z.string()).max(1),
  })
  .strict();

/** The issues exactly as the Fastify validator compiler hands them to the error handler. */
function issuesOf(input: unknown): Record<string, ReturnType<typeof reasonOfIssue>> {
  const r = validatorCompiler({ schema: body, method: 'POST', url: '/x', httpPart: 'body' })(input) as { error?: ValidationIssue[] };
  if (!r.error) throw new Error('expected a failure');
  const out: Record<string, ReturnType<typeof reasonOfIssue>> = {};
  for (const i of r.error) out[i.instancePath ?? ''] = reasonOfIssue(i);
  return out;
}

describe('machine reasons of schema failures', () => {
  it('names each zod failure with a code and its figures', () => {
    expect(issuesOf({ reason: 'x', weight: 9.5, kind: 'boat', area: 'abc', day: '2026-13-01', ids: ['a', 'b'], extra: 1 })).toEqual({
      '/reason': { code: 'min_length', limit: 2 },
      '/weight': { code: 'integer' },
      '/kind': { code: 'one_of', values: 'home / site' },
      '/area': { code: 'area_code' },
      '/day': { code: 'date' },
      '/plate': { code: 'required' },
      '/ids': { code: 'max_items', limit: 1 },
      '/': { code: 'unknown_keys', keys: 'extra' },
    });
    expect(issuesOf({ reason: 'x'.repeat(201), weight: 6, kind: 'home', area: '32', day: '2026-01-01', plate: 'A', ids: [] })).toEqual({
      '/reason': { code: 'max_length', limit: 200 },
      '/weight': { code: 'max_value', limit: 5 },
    });
  });
});

describe('validationError', () => {
  it('keeps the English fields and adds a machine reason per field', () => {
    const e = validationError({ reason: why('required', 'is required'), plate: 'looks odd' });
    expect(e.details).toEqual({
      fields: { reason: 'is required', plate: 'looks odd' },
      reasons: { reason: { code: 'required' }, plate: { code: 'invalid' } },
    });
    expect(e.message).toBe('Invalid input — reason: is required; plate: looks odd');
  });
});
