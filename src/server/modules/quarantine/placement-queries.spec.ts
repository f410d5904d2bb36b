import { nextDue } from './placement-queries';

const site = { phase: 'site' as const, day: 5, due_date: '2026-05-10' };
const home = { phase: 'home' as const, day: 1, due_date: '2026-05-12' };

describe('the next test of a placement', () => {
  it('is the earliest pending one while the person is at the site', () => {
    expect(nextDue([site, home], { status: 'live', ended_reason: null })).toBe(site);
    expect(nextDue([], { status: 'live', ended_reason: null })).toBeNull();
  });
  it('after release is only a home-monitoring test: the site tests lapsed with the release', () => {
    expect(nextDue([site, home], { status: 'released', ended_reason: 'override' })).toBe(home);
    expect(nextDue([site], { status: 'released', ended_reason: 'released' })).toBeNull();
  });
  it('is none for a placement transferred to another site (its tests go on there)', () => {
    expect(nextDue([home], { status: 'released', ended_reason: 'transferred' })).toBeNull();
  });
});
