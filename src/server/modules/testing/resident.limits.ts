import { addMs, HOUR, MINUTE } from '../../lib/clock';

/**
 * How hard a resident's results are to guess (issue 11, finding 1). Codes are 8 digits, one
 * live per person; five wrong guesses for a person (whatever the address) burn the live code
 * and lock that person's look-ups for 15 minutes; a person gets at most 5 codes an hour.
 * An attacker therefore has 5 guesses per code out of 10^8 values: about 10^8 guesses
 * expected, at no more than 5 an hour or so — see expectedGuesses().
 */
export const CODE_DIGITS = 8;
export const CODE_TTL_MS = 10 * MINUTE;
export const MAX_WRONG_GUESSES = 5;
export const LOCK_MS = 15 * MINUTE;
export const MAX_CODES_PER_WINDOW = 5;
export const CODE_WINDOW_MS = HOUR;

export interface GuardState {
  failures: number;
  locked_until: string | null;
  window_started_at: string | null;
  codes_in_window: number;
}

export const freshGuard = (): GuardState => ({ failures: 0, locked_until: null, window_started_at: null, codes_in_window: 0 });

/** Seconds until the lock ends, or 0 when the person is not locked. */
export function lockedForSeconds(g: GuardState, now: string): number {
  if (!g.locked_until || g.locked_until <= now) return 0;
  return Math.ceil((Date.parse(g.locked_until) - Date.parse(now)) / 1000);
}

/** The guard after one more code request, or how long to wait when the hourly allowance is spent. */
export function afterCodeRequest(g: GuardState, now: string): { ok: true; next: GuardState } | { ok: false; retryAfterSeconds: number } {
  const windowOpen = g.window_started_at !== null && addMs(g.window_started_at, CODE_WINDOW_MS) > now;
  const start = windowOpen ? (g.window_started_at as string) : now;
  const used = windowOpen ? g.codes_in_window : 0;
  if (used >= MAX_CODES_PER_WINDOW) {
    return { ok: false, retryAfterSeconds: Math.ceil((Date.parse(addMs(start, CODE_WINDOW_MS)) - Date.parse(now)) / 1000) };
  }
  return { ok: true, next: { ...g, window_started_at: start, codes_in_window: used + 1 } };
}

/** The guard after a wrong guess: the fifth burns the live code and locks the person. */
export function afterWrongGuess(g: GuardState, now: string): { next: GuardState; burn: boolean } {
  const failures = g.failures + 1;
  if (failures < MAX_WRONG_GUESSES) return { next: { ...g, failures }, burn: false };
  return { next: { ...g, failures: 0, locked_until: addMs(now, LOCK_MS) }, burn: true };
}

/**
 * Expected guesses to hit a live code when each code allows `guessesPerCode` guesses among
 * `space` values and is then replaced by a fresh random one: each code is a Bernoulli trial
 * with p = guessesPerCode / space; the successful code costs on average (guessesPerCode + 1) / 2.
 */
export function expectedGuesses(space: number, guessesPerCode: number): number {
  const p = guessesPerCode / space;
  return (1 / p - 1) * guessesPerCode + (guessesPerCode + 1) / 2;
}
