import { validationError } from '../errors';

/** An opaque keyset cursor over (time, id), for lists ordered newest first. */
export function encodeTimeIdCursor(at: string, id: string): string {
  return Buffer.from(`${at}|${id}`).toString('base64url');
}

/** The (time, id) of a cursor from `encodeTimeIdCursor`; anything else is a 400 naming `cursor`. */
export function decodeTimeIdCursor(cursor: string): [string, string] {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  if (!at || !id) throw validationError({ cursor: 'not a cursor from this list' });
  return [at, id];
}
