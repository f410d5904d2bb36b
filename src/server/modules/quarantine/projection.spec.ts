import { project } from './projection';

const dayStarts = ['2026-05-05T16:00:00.000Z', '2026-05-06T16:00:00.000Z', '2026-05-07T16:00:00.000Z'];
const dates = ['2026-05-06', '2026-05-07', '2026-05-08'];

describe('room demand projection', () => {
  it('counts people still on site each day, pending people during one stay, and the shortfall', () => {
    const days = project({
      days: 3,
      liveSiteEnds: ['2026-05-06T10:00:00.000Z', '2026-05-07T10:00:00.000Z', '2026-05-09T00:00:00.000Z'],
      dayStarts,
      dates,
      pending: 4,
      stayDays: 2,
      dailyCasesNow: 0,
      doublingDays: 3,
      contactsPerCase: 10,
      capacityByDay: [5],
    });
    expect(days.map((d) => d.existing)).toEqual([3, 2, 1]);
    expect(days.map((d) => d.pending)).toEqual([4, 4, 0]);
    expect(days.map((d) => d.projected)).toEqual([0, 0, 0]);
    expect(days.map((d) => d.shortfall)).toEqual([2, 1, 0]);
    expect(days[2]).toMatchObject({ date: '2026-05-08', capacity: 5 });
  });

  it('grows new demand by doubling and lets it leave after the stay', () => {
    const days = project({
      days: 3,
      liveSiteEnds: [],
      dayStarts,
      dates,
      pending: 0,
      stayDays: 1,
      dailyCasesNow: 1,
      doublingDays: 1,
      contactsPerCase: 10,
      capacityByDay: [100, 100, 100],
    });
    // Day d holds only the people who arrived that day (stay 1): 10 × 2^d.
    expect(days.map((d) => d.projected)).toEqual([0, 20, 40]);
  });
});
