import { bucketOf, contribution, isOutsideGridBucket, peopleFigures, personOutcome, placeArrivals, subtract, type Arrival } from './coverage-rules';

const facts = { recheckPositive: false, recheckOpen: false, recheckNegative: false, tubeNegative: false };

describe('coverage counts people (coverage-rules)', () => {
  it('a person is pending until a tube or re-check decides', () => {
    expect(personOutcome(facts)).toBe('pending');
    expect(personOutcome({ ...facts, tubeNegative: true })).toBe('negative');
  });

  it('a positive pool alone never makes a positive person: they await their own single tube', () => {
    expect(personOutcome({ ...facts, recheckOpen: true })).toBe('awaiting');
    // A negative tube sampled earlier does not clear someone whose later pool is positive.
    expect(personOutcome({ ...facts, recheckOpen: true, tubeNegative: true })).toBe('awaiting');
    expect(personOutcome({ ...facts, recheckNegative: true })).toBe('negative');
    expect(personOutcome({ ...facts, recheckPositive: true, recheckOpen: true, tubeNegative: true })).toBe('positive');
  });

  it('in the target a person adds sampled, resulted only when final, positive only when finally positive', () => {
    expect(contribution('pending', null)).toMatchObject({ sampled: 1, resulted: 0, positive: 0, rechecksOpen: 0, outsideTarget: 0 });
    expect(contribution('awaiting', null)).toMatchObject({ sampled: 1, resulted: 0, positive: 0, rechecksOpen: 1 });
    expect(contribution('negative', null)).toMatchObject({ sampled: 1, resulted: 1, positive: 0 });
    expect(contribution('positive', null)).toMatchObject({ sampled: 1, resulted: 1, positive: 1 });
  });

  it('outside the target a person is flagged, never counted as sampled, and a positive stays visible', () => {
    expect(contribution('positive', 'outside_round')).toEqual({
      sampled: 0,
      resulted: 0,
      positive: 0,
      rechecksOpen: 0,
      outsideTarget: 1,
      outsidePositive: 1,
    });
    expect(contribution('awaiting', 'exempt')).toMatchObject({ outsideTarget: 1, rechecksOpen: 1 });
  });

  it('a pool of 10 then 10 re-checks (1 positive) moves the counters to positive 1, resulted 10', () => {
    let total = { sampled: 0, resulted: 0, positive: 0, rechecksOpen: 0 };
    const apply = (d: ReturnType<typeof subtract>) =>
      (total = {
        sampled: total.sampled + d.sampled,
        resulted: total.resulted + d.resulted,
        positive: total.positive + d.positive,
        rechecksOpen: total.rechecksOpen + d.rechecksOpen,
      });
    for (let i = 0; i < 10; i++) apply(contribution('pending', null));
    for (let i = 0; i < 10; i++) apply(subtract(contribution('awaiting', null), contribution('pending', null)));
    expect(total).toEqual({ sampled: 10, resulted: 0, positive: 0, rechecksOpen: 10 });
    for (let i = 0; i < 10; i++) apply(subtract(contribution(i === 3 ? 'positive' : 'negative', null), contribution('awaiting', null)));
    expect(total).toEqual({ sampled: 10, resulted: 10, positive: 1, rechecksOpen: 0 });
  });

  it('people registered above grid level have their own bucket', () => {
    expect(bucketOf('320706022001001001')).toBe('320706022001001');
    expect(bucketOf('320706022001001')).toBe('320706022001001');
    expect(bucketOf('320706022001')).toBe('320706022001');
    expect(bucketOf('320706022')).toBe('320706022');
    expect(isOutsideGridBucket('320706022')).toBe(true);
    expect(isOutsideGridBucket('320706022001001')).toBe(false);
  });

  it('arrivals fill their bucket up to its target; the rest are flagged with the reason', () => {
    const base: Arrival = { personId: 'p', bucket: 'G1', siteBucket: 'S', inRoundAreas: true, exempt: false, registeredAfterRound: false };
    const room = new Map([['G1', 2]]);
    const placed = placeArrivals(
      [
        { ...base, personId: 'a' },
        { ...base, personId: 'b', inRoundAreas: false },
        { ...base, personId: 'c', exempt: true },
        { ...base, personId: 'd', registeredAfterRound: true },
        { ...base, personId: 'e' },
        { ...base, personId: 'f' },
        { ...base, personId: 'g', bucket: 'G2' },
      ],
      room,
    );
    expect(placed.map((p) => [p.personId, p.key, p.outside])).toEqual([
      ['a', 'G1', null],
      ['b', 'S', 'outside_round'],
      ['c', 'G1', 'exempt'],
      ['d', 'G1', 'registered_later'],
      ['e', 'G1', null],
      ['f', 'G1', 'over_target'],
      ['g', 'G2', 'over_target'],
    ]);
    expect(room.get('G1')).toBe(0);
  });

  it('figures: missing is never negative', () => {
    const f = peopleFigures({
      target: '5',
      sampled: 5,
      resulted: 3,
      positive: 1,
      rechecks_open: 2,
      outside_target: 4,
      outside_positive: 0,
      outside_grid: 2,
    });
    expect(f).toEqual({ target: 5, sampled: 5, resulted: 3, positive: 1, missing: 0, rechecksOpen: 2, outsideTarget: 4, outsidePositive: 0, outsideGrid: 2 });
  });
});
