import type { ImportRowProblem } from '../../../contract/errors';
import { why, type Why } from '../../errors';

/** A row of a batch that was not accepted, with the field and the reason (and its reason code). */
export type RejectedRow = ImportRowProblem & {
  /** Set where a client acts on it (`not_registered`: the scan page offers walk-in registration). */
  code?: 'not_registered';
};

/** checkInstant's answer with its code: missing, malformed or in the future. */
export function instantWhy(problem: string): Why {
  if (problem.startsWith('is required')) return why('required', problem);
  return why(problem === 'is in the future' ? 'in_future' : 'instant', problem);
}

const ISO_START = /^\d{4}-\d{2}-\d{2}T/;

/**
 * Ingest timestamps: ISO-8601, not in the future (2 minutes of clock skew allowed). `now` as ISO
 * text or epoch ms (a batch parses its clock once, not per row).
 */
export function checkInstant(value: string | undefined, now: string | number): string | null {
  if (!value) return 'is required (ISO-8601)';
  const t = Date.parse(value);
  if (Number.isNaN(t) || !ISO_START.test(value)) return 'must be an ISO-8601 time such as 2022-05-06T08:30:00+08:00';
  if (t > (typeof now === 'number' ? now : Date.parse(now)) + 120_000) return 'is in the future';
  return null;
}
