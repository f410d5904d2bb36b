/** A row of a batch that was not accepted, with the field and the reason. */
export interface RejectedRow {
  row: number;
  column: string;
  reason: string;
  /** Set where a client acts on it (`not_registered`: the scan page offers walk-in registration). */
  code?: 'not_registered';
}

/** Ingest timestamps: ISO-8601, not in the future (2 minutes of clock skew allowed). */
export function checkInstant(value: string | undefined, now: string): string | null {
  if (!value) return 'is required (ISO-8601)';
  const t = Date.parse(value);
  if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return 'must be an ISO-8601 time such as 2022-05-06T08:30:00+08:00';
  if (t > Date.parse(now) + 120_000) return 'is in the future';
  return null;
}
