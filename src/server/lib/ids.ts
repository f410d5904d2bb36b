import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** Time-ordered ids: new rows land at the end of the primary-key index. */
export function newId(): string {
  return uuidv7();
}

/** An unguessable token for sessions, API tokens and one-time codes. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
