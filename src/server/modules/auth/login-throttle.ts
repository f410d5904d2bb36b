import { HOUR, MINUTE } from '../../lib/clock';

/**
 * Failed logins are counted per (user name, client address). After `maxFailures` failures in a
 * row that address is locked out of that account for `lockMinutes`; every further failure after
 * a lock ends doubles the lock (15 min, 30 min, 1 h, … at most a day), so a guesser gets a
 * handful of tries a day. The owner logging in from another address is not affected, and a
 * successful login from an address clears its count.
 */
export const MAX_LOCK_MS = 24 * HOUR;

/** How long to lock after the `failures`-th failure in a row, or null for no lock yet. */
export function lockAfter(failures: number, maxFailures: number, lockMinutes: number): number | null {
  if (failures < maxFailures) return null;
  const first = lockMinutes * MINUTE;
  const doublings = Math.min(failures - maxFailures, 20);
  return Math.min(first * 2 ** doublings, Math.max(first, MAX_LOCK_MS));
}

/** Counts older than this with no lock running are forgotten (the nightly purge). */
export const ATTEMPT_MEMORY_MS = 7 * 24 * HOUR;
