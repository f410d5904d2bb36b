import { z } from 'zod';

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
  // Rows of an import file (the `reason_code` column of its report).
  'duplicate_row',
  'unknown_area',
  'registered_elsewhere',
  'role_too_wide',
  'unknown_site',
  'user_not_manageable',
  'own_account',
  'created_meanwhile',
  'unknown_sentinel',
  'not_indicator',
  'contradicts_row',
  'contradicted_later',
  'unknown_venue',
  'unknown_person',
  'unknown_community',
  'unknown_grid',
  'codes_exhausted',
  'grid_retired',
  'point_in_no_grid',
  'id_or_phone',
  'id_or_resident_code',
  'not_resident_code',
  'already_sampled',
  'geometry',
  'id_mismatch',
  'unknown_tags',
  'sex',
  'unknown_role',
  'unknown_round',
  'round_closed',
  'not_your_site',
  'not_your_lab',
  'unknown_tube',
  'tube_other_round',
  'tube_full',
  'before_start',
  'before_sampled',
  // Fields of forms (validationError reasons the web words).
  'home_no_rooms',
  'no_test_planned',
  'other_facility',
  'temperature',
  'vehicle_full',
  'not_this_site_tubes',
  'move_to_change',
  'other_community',
  'not_grid',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** One field's machine reason: the code and the figures the words need (minimum, maximum, values…). */
export type FieldReason = { code: ReasonCode } & Record<string, string | number | boolean>;

/**
 * A row an import refused (or kept with a warning): its number, the file's column and the reason.
 * `row,column,reason` are the documented report columns (English reason, integration contract);
 * `reasonCode` (the report's `reason_code` column) and its figures let a person read it in their
 * language (reason-words.ts). Every import answers its rows in this shape.
 */
export const importRowErrorSchema = z.object({
  row: z.number(),
  column: z.string(),
  reason: z.string(),
  reasonCode: z.enum(REASON_CODES).optional(),
  reasonFigures: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type ImportRowProblem = z.infer<typeof importRowErrorSchema>;

/**
 * `POST /imports/report.csv`: an import's refused rows (as its answer gave them) back as the
 * report file, the same one the CLI's `--errors` writes; `lang=zh` gives Chinese headers and
 * reasons (what the web asks for when its language is Chinese), the default the documented English.
 */
export const importReportBody = z.object({ errors: z.array(importRowErrorSchema).max(100_000) });
export const importReportQuery = z.object({ lang: z.enum(['zh', 'en']).optional() });
