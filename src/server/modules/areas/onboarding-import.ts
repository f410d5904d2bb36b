import type { Readable } from 'node:stream';
import type { ImportRowError, ImportSummary } from '../../../contract/areas';
import { DomainError } from '../../errors';
import { LEVEL_LENGTH } from './area-codes';

/** One rejected row: row number (CSV: line, header = 1; GeoJSON: feature, first = 1), field, reason. */
export type RowError = ImportRowError;

/**
 * What a grid or building import did (`--json` prints the first four: integration contract).
 * Both imports are all-or-nothing: when any row is rejected nothing is written, `written` is
 * false and the three other counts are 0, so a file is never half-applied.
 */
export type { ImportSummary };

export const MAX_IMPORT_ROWS = 200_000;

export function refused(errors: RowError[]): ImportSummary {
  const rows = new Set(errors.map((e) => e.row));
  return { accepted: 0, rejected: rows.size, unchanged: 0, updated: 0, written: false, errors: errors.sort((a, b) => a.row - b.row) };
}

/** Read a whole upload or file into memory, refusing more than `limit` bytes. */
export async function readAll(input: Readable, limit = 512 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new DomainError('PAYLOAD_TOO_LARGE', `The file is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The area code naming where a batch of codes lies: their longest common prefix, cut to a level. */
export function commonArea(codes: readonly string[]): string | undefined {
  if (codes.length === 0) return undefined;
  let prefix = codes[0] as string;
  for (const c of codes) while (!c.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const len = Object.values(LEVEL_LENGTH)
    .filter((l) => l <= prefix.length)
    .pop();
  return len ? prefix.slice(0, len) : undefined;
}

/** The smallest free 3-digit child code under `parent`, or null when all 999 are taken. */
export function nextFreeCode(parent: string, taken: Set<string>): string | null {
  for (let n = 1; n <= 999; n++) {
    const code = `${parent}${String(n).padStart(3, '0')}`;
    if (!taken.has(code)) {
      taken.add(code);
      return code;
    }
  }
  return null;
}
