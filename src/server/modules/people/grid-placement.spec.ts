import { householdsMoved, isUnplaced, placementProblem, targetShift } from './grid-placement';

const street = '320706022';
const community = '320706022001';
const grid = '320706022001001';

describe('未落格: placing people registered above grid level into a grid', () => {
  it('people at street or community level are unplaced; in a grid or building they are not', () => {
    expect([street, community, grid, `${grid}001`].map(isUnplaced)).toEqual([true, true, false, false]);
  });

  it('a grid inside the registered street or community is a placement; anything else is refused with the reason', () => {
    expect(placementProblem(street, grid)).toBeNull();
    expect(placementProblem(community, grid)).toBeNull();
    expect(placementProblem('320706022002', grid)).toMatch(/outside/);
    expect(placementProblem(grid, grid)).toMatch(/already in a grid/);
    expect(placementProblem(street, community)).toMatch(/not a grid/);
  });

  it('a household moves when all its members move from one area; a split household stays', () => {
    const moved = [
      { household_code: 'H1', area_code: street },
      { household_code: 'H1', area_code: street },
      { household_code: 'H2', area_code: street },
      { household_code: 'H3', area_code: street },
      { household_code: 'H3', area_code: community },
      { household_code: null, area_code: street },
    ];
    const members = new Map([
      ['H1', 2],
      ['H2', 3],
      ['H3', 2],
    ]);
    expect(householdsMoved(moved, members)).toEqual(new Map([[street, 1]]));
  });

  it("an open round's target follows those of its target not yet sampled", () => {
    const round = { created_at: '2026-05-01T00:00:00Z', buckets: new Set([street, grid]) };
    const moved = [
      { id: 'a', area_code: street, created_at: '2026-04-01T00:00:00Z' },
      { id: 'b', area_code: street, created_at: '2026-04-01T00:00:00Z' }, // sampled already: counted where sampled
      { id: 'c', area_code: street, created_at: '2026-05-02T00:00:00Z' }, // registered after the round: not in its target
      { id: 'd', area_code: community, created_at: '2026-04-01T00:00:00Z' }, // bucket not in the round
    ];
    expect(targetShift(round, moved, grid, new Set(['b']))).toEqual(
      new Map([
        [street, -1],
        [grid, 1],
      ]),
    );
  });
});
