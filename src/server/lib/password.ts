import { hash, verify } from '@node-rs/argon2';

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

/** Reasons a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string, username?: string): string | null {
  if (password.length < 10) return 'must be at least 10 characters';
  if (username && password.toLowerCase().includes(username.toLowerCase())) return 'must not contain the user name';
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return 'must contain letters and digits';
  return null;
}
