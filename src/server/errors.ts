/** Domain errors carry a stable code; one table maps codes to HTTP status. */
import type { FieldReason, ReasonCode } from '../contract/errors';

export type ErrorDetails = Record<string, unknown>;

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** A reason in English for API and CLI users, with its machine code for the web's words. */
export interface Why {
  why: ReasonCode;
  text: string;
  params?: Record<string, string | number | boolean>;
}

/** `why('required', 'is required')`: a reason the web can put in the user's language. */
export function why(code: ReasonCode, text: string, params?: Record<string, string | number | boolean>): Why {
  return { why: code, text, params };
}

/**
 * A field-level validation failure: `details.fields` maps field name → English reason (the shape
 * scripts read); `details.reasons` maps the same fields to a machine reason (`invalid` when the
 * call site gave only text), so no client has to parse English.
 */
export function validationError(fields: Record<string, string | Why>, message?: string): DomainError {
  const texts: Record<string, string> = {};
  const reasons: Record<string, FieldReason> = {};
  for (const [f, r] of Object.entries(fields)) {
    texts[f] = typeof r === 'string' ? r : r.text;
    reasons[f] = typeof r === 'string' ? { code: 'invalid' } : { ...r.params, code: r.why };
  }
  const summary = Object.entries(texts)
    .map(([f, r]) => `${f}: ${r}`)
    .join('; ');
  return new DomainError('VALIDATION_FAILED', message ?? `Invalid input — ${summary}`, { fields: texts, reasons });
}

const statusByCode: Record<string, number> = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ALREADY_EXISTS: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  REVEAL_LIMITED: 429,
};

/** Unknown codes are business-rule violations: 422, unless they end in a known suffix. */
export function httpStatusFor(code: string): number {
  const direct = statusByCode[code];
  if (direct) return direct;
  if (code.endsWith('_NOT_FOUND')) return 404;
  if (code.endsWith('_CONFLICT') || code.endsWith('_EXISTS') || code.startsWith('DUPLICATE_')) return 409;
  return 422;
}

export function notFound(what: string, id: string): DomainError {
  return new DomainError('NOT_FOUND', `${what} ${id} not found`, { what, id });
}
