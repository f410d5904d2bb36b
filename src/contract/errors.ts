/**
 * Machine reasons of a validation error (issue 12). `details.fields` keeps the English text API
 * and CLI users read and script against; `details.reasons` adds, per field, one of these codes and
 * the figures it needs (`{ code: 'max_length', maximum: 200 }`), so the web can say it in words.
 */
export const REASON_CODES = [
  'required',
  'invalid',
  'type',
  'integer',
  'number',
  'min_length',
  'max_length',
  'min_value',
  'max_value',
  'min_items',
  'max_items',
  'one_of',
  'format',
  'unknown_keys',
  'area_code',
  'date',
  'instant',
  'date_or_instant',
  'mobile',
  'id_number',
  'unknown',
  'not_in_scope',
  'same_as_current',
  'in_future',
  'order',
  'password_short',
  'password_classes',
  'password_common',
  'password_username',
  'wrong_password',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** One field's machine reason: the code and the figures the words need (minimum, maximum, values…). */
export type FieldReason = { code: ReasonCode } & Record<string, string | number | boolean>;
