import { REASON_CODES, type FieldReason, type ReasonCode } from '../../contract/errors';

/** A schema validation issue as fastify-type-provider-zod hands it on: the zod issue's fields in `params`. */
export interface ValidationIssue {
  keyword?: string;
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown> & { issue?: { path?: Array<string | number>; message?: string } };
}

const known = new Set<string>(REASON_CODES);
type Origin = 'string' | 'number' | 'array';
const SIZE: Record<'too_small' | 'too_big', Partial<Record<Origin, ReasonCode>>> = {
  too_small: { string: 'min_length', number: 'min_value', array: 'min_items' },
  too_big: { string: 'max_length', number: 'max_value', array: 'max_items' },
};

function invalidType(message: string, expected: unknown): FieldReason {
  if (/received undefined$/.test(message)) return { code: 'required' };
  if (expected === 'int') return { code: 'integer' };
  if (expected === 'number') return { code: 'number' };
  return { code: 'type' };
}

/**
 * The machine reason of one zod issue (issue 12): the issue's own code and figures, so the web can
 * say "至多 200 字" instead of "Too big: expected string to have <=200 characters". A refinement
 * names its reason in `params.reason` (see http/schemas.ts); one that does not is `invalid`.
 */
export function reasonOfIssue(i: ValidationIssue): FieldReason {
  const p = i.params ?? {};
  const message = i.message ?? '';
  const keyword = i.keyword ?? '';
  switch (keyword) {
    case 'invalid_type':
      return invalidType(message, p.expected);
    case 'too_small':
    case 'too_big': {
      const code = SIZE[keyword][p.origin as Origin];
      const limit = keyword === 'too_small' ? p.minimum : p.maximum;
      return code && typeof limit === 'number' ? { code, limit } : { code: 'invalid' };
    }
    case 'invalid_value':
      return Array.isArray(p.values) ? { code: 'one_of', values: p.values.map(String).join(' / ') } : { code: 'invalid' };
    case 'invalid_format':
      return { code: 'format' };
    case 'unrecognized_keys':
      return { code: 'unknown_keys', keys: Array.isArray(p.keys) ? p.keys.join(', ') : '' };
    case 'custom': {
      const named = (p.params as { reason?: unknown } | undefined)?.reason;
      return typeof named === 'string' && known.has(named) ? { code: named as ReasonCode } : { code: 'invalid' };
    }
    default:
      return { code: 'invalid' };
  }
}
