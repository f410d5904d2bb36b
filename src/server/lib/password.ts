import { why, type Why } from '../errors';
import { hash, verify } from '@node-rs/argon2';
import fs from 'node:fs';

// argon2id with OWASP's second recommended profile (19 MiB, t=2, p=1).
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

export const MIN_PASSWORD_LENGTH = 10;

/** The reasons a password is refused; the web maps each to a message in the user's language. */
export const passwordReasons = {
  short: `must be at least ${MIN_PASSWORD_LENGTH} characters`,
  classes: 'must mix at least 3 of: lower-case letters, upper-case letters, digits, symbols',
  common: 'is one of the most common passwords (or one padded with digits or symbols)',
  username: 'must not contain the user name',
} as const;

let common: ReadonlySet<string> | null = null;

/** The shipped list of common passwords (lib/common-passwords.txt), read once. */
function commonPasswords(): ReadonlySet<string> {
  if (!common) {
    const text = fs.readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8');
    common = new Set(
      text
        .split('\n')
        .map((l) => l.trim().toLowerCase())
        .filter((l) => l && !l.startsWith('#')),
    );
  }
  return common;
}

/** How many of the four character classes (lower, upper, digit, other) the password uses. */
export function characterClasses(password: string): number {
  return [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{Ll}\p{Lu}\p{Nd}]/u].filter((re) => re.test(password)).length;
}

/**
 * A common password, as is or padded with digits and symbols at either end ("Password12",
 * "qwerty2022!", "!!iloveyou"): guessing tools try exactly these first.
 */
export function isCommonPassword(password: string): boolean {
  const list = commonPasswords();
  const lower = password.toLowerCase();
  if (list.has(lower)) return true;
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  return core.length > 0 && core !== lower && list.has(core);
}

/** The machine reason of each refusal (contract/errors.ts), so the web words it without parsing English. */
export function passwordWhy(problem: string): Why {
  const key = (Object.keys(passwordReasons) as Array<keyof typeof passwordReasons>).find((k) => passwordReasons[k] === problem);
  return why(key ? `password_${key}` : 'invalid', problem, key === 'short' ? { limit: MIN_PASSWORD_LENGTH } : undefined);
}

/** Reasons a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, username?: string): string | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return passwordReasons.short;
  if (username && password.toLowerCase().includes(username.toLowerCase())) return passwordReasons.username;
  if (characterClasses(password) < 3) return passwordReasons.classes;
  if (isCommonPassword(password)) return passwordReasons.common;
  return null;
}
