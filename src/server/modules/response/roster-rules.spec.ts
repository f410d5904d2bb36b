import {
  coverageGaps,
  handovers,
  onDutyAt,
  personOverlaps,
  rotationErrors,
  shiftsOver,
  type ChangeSpec,
  type OverrideSpec,
  type RotationSpec,
} from './roster-rules';
import { ALL_WEEKDAYS, parseShiftLength, parseWeekdays, weekdayMask } from './roster-slots';

const TZ = 'Asia/Shanghai';
const at = (local: string) => Date.parse(`${local}+08:00`);
const iso = (ms: number) => new Date(ms).toISOString();
const H = 3_600_000;
const DAY = 24 * H;

const rotation = (over: Partial<RotationSpec> = {}): RotationSpec => ({
  id: 'r1',
  groupId: 'g1',
  startsAt: at('2026-05-04T08:00'), // a Monday
  endsAt: null,
  length: { unit: 'hour', count: 8 },
  weekdays: ALL_WEEKDAYS,
  members: ['a', 'b', 'c'],
  ...over,
});
const run = (rotations: RotationSpec[], from: number, to: number, changes: ChangeSpec[] = [], overrides: OverrideSpec[] = []) =>
  shiftsOver({ rotations, changes, overrides }, from, to, TZ);
const who = (shifts: ReturnType<typeof run>, t: number) => onDutyAt(shifts, t).map((s) => s.userId);

describe('roster: turns', () => {
  it('an 8 h rotation of three covers the clock in turn (who is on duty at t)', () => {
    const s = run([rotation()], at('2026-05-04T08:00'), at('2026-05-06T08:00'));
    expect(s).toHaveLength(6);
    expect([who(s, at('2026-05-04T09:00')), who(s, at('2026-05-04T17:30')), who(s, at('2026-05-05T03:00')), who(s, at('2026-05-05T08:00'))]).toEqual([
      ['a'],
      ['b'],
      ['c'],
      ['a'],
    ]);
    expect(who(s, at('2026-05-04T07:59'))).toEqual([]); // before the rotation starts
  });

  it('finds the right turn far from the start without walking every shift', () => {
    const s = run([rotation()], at('2027-05-04T08:00'), at('2027-05-04T09:00'));
    // 365 days × 3 shifts = 1095 shifts since the start; 1095 mod 3 = 0 → a
    expect(s.map((x) => [x.userId, iso(x.from)])).toEqual([['a', '2027-05-04T00:00:00.000Z']]);
  });

  it('a weekday mask advances the order by shifts worked, so no member is starved', () => {
    const seven = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'];
    const r = rotation({ length: { unit: 'day', count: 1 }, weekdays: weekdayMask([1, 2, 3, 4, 5]), members: seven });
    const s = run([r], at('2026-05-04T08:00'), at('2026-05-04T08:00') + 49 * DAY);
    expect(s).toHaveLength(35); // 7 weeks × 5 weekdays
    const per = new Map<string, number>();
    for (const x of s) per.set(x.userId, (per.get(x.userId) ?? 0) + 1);
    expect(seven.map((m) => per.get(m))).toEqual([5, 5, 5, 5, 5, 5, 5]);
    expect(s.every((x) => ![0, 6].includes(new Date(x.from + 8 * H).getUTCDay()))).toBe(true); // never Sat/Sun in Shanghai
    // the same turn is found from a window that starts in week 3
    const later = run([r], at('2026-05-18T08:00'), at('2026-05-19T08:00'));
    expect(later[0]?.userId).toBe(s[10]?.userId);
  });

  it('monthly shifts follow the local calendar (31 Jan → 28 Feb), weekly shifts keep the local hour', () => {
    const m = run(
      [rotation({ startsAt: at('2027-01-31T09:00'), length: { unit: 'month', count: 1 }, members: ['a', 'b'] })],
      at('2027-01-31T09:00'),
      at('2027-04-01T00:00'),
    );
    expect(m.map((x) => [x.userId, iso(x.from)])).toEqual([
      ['a', '2027-01-31T01:00:00.000Z'],
      ['b', '2027-02-28T01:00:00.000Z'],
      ['a', '2027-03-31T01:00:00.000Z'],
    ]);
    const w = run([rotation({ length: { unit: 'week', count: 1 }, members: ['a', 'b'] })], at('2026-05-04T08:00'), at('2026-05-25T08:00'));
    expect(w.map((x) => [x.userId, x.to - x.from])).toEqual([
      ['a', 7 * DAY],
      ['b', 7 * DAY],
      ['a', 7 * DAY],
    ]);
  });

  it('a scheduled change cuts the running shift and restarts the order with the new members and length', () => {
    const change: ChangeSpec = { rotationId: 'r1', from: at('2026-05-05T12:00'), length: { unit: 'hour', count: 12 }, weekdays: null, members: ['x', 'y'] };
    const s = run([rotation()], at('2026-05-05T00:00'), at('2026-05-06T12:00'), [change]);
    expect(s.map((x) => [x.userId, iso(x.from), iso(x.to)])).toEqual([
      ['c', '2026-05-04T16:00:00.000Z', '2026-05-05T00:00:00.000Z'], // 00:00–08:00 local
      ['a', '2026-05-05T00:00:00.000Z', '2026-05-05T04:00:00.000Z'], // cut at 12:00 local
      ['x', '2026-05-05T04:00:00.000Z', '2026-05-05T16:00:00.000Z'],
      ['y', '2026-05-05T16:00:00.000Z', '2026-05-06T04:00:00.000Z'],
    ]);
  });
});

describe('roster: overrides and swaps', () => {
  const from = at('2026-05-04T08:00');
  const to = at('2026-05-05T08:00');
  it('a cover replaces one person for part of a shift; the rest of the shift stays theirs', () => {
    const o: OverrideSpec = { id: 'o1', groupId: 'g1', userId: 'z', replacesUserId: 'b', from: at('2026-05-04T18:00'), to: at('2026-05-04T20:00') };
    const s = run([rotation()], from, to, [], [o]);
    expect([who(s, at('2026-05-04T17:00')), who(s, at('2026-05-04T19:00')), who(s, at('2026-05-04T21:00'))]).toEqual([['b'], ['z'], ['b']]);
    expect(s.find((x) => x.userId === 'z')).toMatchObject({ overrideId: 'o1', replaces: 'b', rotationId: 'r1' });
  });
  it('a cover for nobody in particular holds the whole group, and can fill a hole', () => {
    const o: OverrideSpec = { id: 'o2', groupId: 'g1', userId: 'z', replacesUserId: null, from: at('2026-05-04T06:00'), to: at('2026-05-04T10:00') };
    const s = run([rotation()], at('2026-05-04T06:00'), to, [], [o]);
    expect([who(s, at('2026-05-04T07:00')), who(s, at('2026-05-04T09:00')), who(s, at('2026-05-04T11:00'))]).toEqual([['z'], ['z'], ['a']]);
    expect(coverageGaps(['g1'], s, at('2026-05-04T06:00'), to).uncoveredMinutes).toBe(0);
  });
  it('a swap (two covers) exchanges two shifts', () => {
    const swap: OverrideSpec[] = [
      { id: 's1', groupId: 'g1', userId: 'c', replacesUserId: 'a', from: at('2026-05-04T08:00'), to: at('2026-05-04T16:00') },
      { id: 's2', groupId: 'g1', userId: 'a', replacesUserId: 'c', from: at('2026-05-05T00:00'), to: at('2026-05-05T08:00') },
    ];
    const s = run([rotation()], from, to, [], swap);
    expect(s.map((x) => x.userId)).toEqual(['c', 'b', 'a']);
  });
});

describe('roster: coverage, overlaps, hand-overs', () => {
  const from = at('2026-05-04T08:00');
  const days14 = from + 14 * DAY;
  it('a full 8 h rotation leaves 0 minutes uncovered over 14 days; weekdays-only leaves the weekends; no rotation is one gap', () => {
    expect(coverageGaps(['g1'], run([rotation()], from, days14), from, days14)).toEqual({ uncoveredMinutes: 0, gaps: [] });
    const weekdays = rotation({ length: { unit: 'day', count: 1 }, weekdays: weekdayMask([1, 2, 3, 4, 5]) });
    const c = coverageGaps(['g1'], run([weekdays], from, days14), from, days14);
    expect(c.uncoveredMinutes).toBe(2 * 2 * 24 * 60);
    expect(c.gaps.map((g) => [iso(g.from), iso(g.to)])).toEqual([
      ['2026-05-09T00:00:00.000Z', '2026-05-11T00:00:00.000Z'],
      ['2026-05-16T00:00:00.000Z', '2026-05-18T00:00:00.000Z'],
    ]);
    expect(coverageGaps(['g2'], [], from, from + DAY)).toEqual({ uncoveredMinutes: 1440, gaps: [{ groupId: 'g2', from, to: from + DAY }] });
  });
  it('one person on two overlapping shifts across groups is found (names the person and both shifts); back-to-back is not', () => {
    const tracing = rotation();
    const testing = rotation({ id: 'r2', groupId: 'g2', startsAt: at('2026-05-04T12:00'), members: ['a', 'q'] });
    const o = personOverlaps(run([tracing, testing], from, from + DAY));
    expect(o[0]).toMatchObject({ userId: 'a', a: { groupId: 'g1', from: at('2026-05-04T08:00') }, b: { groupId: 'g2', from: at('2026-05-04T12:00') } });
    expect(personOverlaps(run([rotation({ members: ['a'] })], from, from + DAY))).toEqual([]);
  });
  it('hand-overs: who takes over when, and from whom; no hand-over inside one person’s stretch', () => {
    const h = handovers(run([rotation({ members: ['a', 'b'] })], from, from + DAY), from, from + DAY);
    expect(h.map((x) => [iso(x.at), x.fromUserId, x.toUserId])).toEqual([
      ['2026-05-04T00:00:00.000Z', null, 'a'],
      ['2026-05-04T08:00:00.000Z', 'a', 'b'],
      ['2026-05-04T16:00:00.000Z', 'b', 'a'],
    ]);
    expect(handovers(run([rotation({ members: ['a'] })], from, from + DAY), from + H, from + DAY)).toEqual([]);
  });
  it('validates a rotation field by field', () => {
    const ok = { length: { unit: 'hour' as const, count: 8 }, weekdays: ALL_WEEKDAYS, members: ['a'] };
    expect(rotationErrors(ok, TZ, from)).toEqual({});
    expect(rotationErrors({ ...ok, members: [] }, TZ, from)).toEqual({ members: expect.any(String) });
    expect(rotationErrors({ ...ok, members: ['a', 'a'] }, TZ, from).members).toMatch(/listed twice/);
    expect(rotationErrors({ ...ok, length: { unit: 'hour', count: 0 } }, TZ, from).shift).toMatch(/1 to 168/);
    expect(rotationErrors({ ...ok, length: { unit: 'week', count: 1 }, weekdays: 1 }, TZ, from).weekdays).toMatch(/every weekday/);
    expect(rotationErrors({ ...ok, length: { unit: 'hour', count: 168 }, weekdays: weekdayMask([2]) }, TZ, from).weekdays).toMatch(/no shift/);
    expect([parseShiftLength('12h'), parseShiftLength('1mo'), parseShiftLength('1x')]).toEqual([
      { unit: 'hour', count: 12 },
      { unit: 'month', count: 1 },
      null,
    ]);
    expect([parseWeekdays('1-5'), parseWeekdays('6,7'), parseWeekdays('5-1')]).toEqual([[1, 2, 3, 4, 5], [6, 7], null]);
  });
});
