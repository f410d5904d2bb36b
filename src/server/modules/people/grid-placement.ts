/**
 * 未落格 (issue 13 item 3): people registered above grid level (at a street, community, …) are
 * placed into a grid inside the area they are registered at. Pure rules, no I/O.
 */
import { gridOf, LEVEL_LENGTH } from '../areas/area-codes';

/** Whether a person registered at `areaCode` is "not in a grid" (未落格). */
export function isUnplaced(areaCode: string): boolean {
  return gridOf(areaCode) === null;
}

/**
 * Why `personArea` cannot be placed into `grid`, or null. Placing narrows a registration: the grid
 * must lie inside the street or community the person is registered at; anything else is a move
 * between areas (`people move`, with its hand-off), not a placement.
 */
export function placementProblem(personArea: string, grid: string): string | null {
  if (grid.length !== LEVEL_LENGTH.grid) return 'is not a grid code (15 digits)';
  if (!isUnplaced(personArea)) return 'is already in a grid';
  if (!grid.startsWith(personArea)) return 'is registered outside this grid’s street or community (move the person instead)';
  return null;
}

/**
 * Households that move with the people: a household whose every member is moved leaves the area
 * it was counted in (its members' common old area) for the grid; a household split by the move stays.
 * `members` = how many members each household has in all.
 */
export function householdsMoved(
  moved: ReadonlyArray<{ household_code: string | null; area_code: string }>,
  members: ReadonlyMap<string, number>,
): Map<string, number> {
  const byHousehold = new Map<string, string[]>();
  for (const p of moved)
    if (p.household_code) (byHousehold.get(p.household_code) ?? byHousehold.set(p.household_code, []).get(p.household_code))?.push(p.area_code);
  const out = new Map<string, number>();
  for (const [code, areas] of byHousehold) {
    if (areas.length !== members.get(code)) continue;
    const from = areas[0] as string;
    if (areas.some((a) => a !== from)) continue;
    out.set(from, (out.get(from) ?? 0) + 1);
  }
  return out;
}

/**
 * How an open round's target follows people placed into a grid: each one who is part of its
 * target (registered before the round, not yet sampled, not exempted, their old bucket in the
 * round) leaves their old bucket for the grid's. Returns bucket → change.
 */
export function targetShift(
  round: { created_at: string; buckets: ReadonlySet<string> },
  moved: ReadonlyArray<{ id: string; area_code: string; created_at: string }>,
  grid: string,
  sampledOrExempt: ReadonlySet<string>,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of moved) {
    if (p.created_at > round.created_at || sampledOrExempt.has(p.id) || !round.buckets.has(p.area_code)) continue;
    out.set(p.area_code, (out.get(p.area_code) ?? 0) - 1);
    out.set(grid, (out.get(grid) ?? 0) + 1);
  }
  return out;
}
