import type { AreaLevel } from './areas.table';

/** Code length of each level: 32 / 3207 / 320706 / 320706022 / …001 / …001 (grid) / …001 (building). */
export const LEVEL_LENGTH: Record<AreaLevel, number> = {
  province: 2,
  city: 4,
  district: 6,
  street: 9,
  community: 12,
  grid: 15,
  building: 18,
};

const LENGTHS = Object.values(LEVEL_LENGTH);

export function levelOfCode(code: string): AreaLevel | null {
  const entry = Object.entries(LEVEL_LENGTH).find(([, len]) => len === code.length);
  return entry ? (entry[0] as AreaLevel) : null;
}

/** The code itself and every enclosing area's code, shortest first. */
export function selfAndAncestors(code: string): string[] {
  return LENGTHS.filter((len) => len <= code.length).map((len) => code.slice(0, len));
}

/** The grid (15 chars) a finer code lies in, or null above grid level. */
export function gridOf(code: string): string | null {
  return code.length >= LEVEL_LENGTH.grid ? code.slice(0, LEVEL_LENGTH.grid) : null;
}

/** Code length of the level just below `code`'s (a street's children are 12-character communities). */
export function childCodeLength(code: string): number {
  return LENGTHS.find((len) => len > code.length) ?? code.length;
}
