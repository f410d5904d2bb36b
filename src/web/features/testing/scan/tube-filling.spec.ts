import type { PersonScan, Scan } from './classify';
import { closeTube, initialFill, onRefused, onScan, onWalkInAccepted, openShortTubes, type Effect, type FillState } from './tube-filling';

const tube = (value: string): Scan => ({ kind: 'tube', value });
const person = (i: number): PersonScan => ({ kind: 'id_number', value: `P${String(i).padStart(17, '0')}` });

/** Run scans from a state; collect every effect and the last feedback. */
function run(s: FillState, scans: Scan[]) {
  const effects: Effect[] = [];
  let last = null as ReturnType<typeof onScan>['feedback'] | null;
  for (const x of scans) {
    const step = onScan(s, x);
    s = step.state;
    effects.push(...step.effects);
    last = step.feedback;
  }
  return { s, effects, last };
}
const samples = (effects: Effect[]) => effects.flatMap((e) => (e.type === 'sample' ? [[e.tube, e.person.value]] : []));

describe('tube filling: tube first or people first, full tubes, closing, refusals', () => {
  it('tube then 10 people fills it (n/10 counted); the 11th waits and joins the next tube scanned', () => {
    let r = run(initialFill(10), [tube('T1'), ...Array.from({ length: 9 }, (_, i) => person(i))]);
    expect(r.s.current).toMatchObject({ barcode: 'T1' });
    expect(r.s.current?.members).toHaveLength(9);
    expect(r.last).toMatchObject({ level: 'ok', key: 'added', params: { n: 9, pool: 10 } });
    r = run(r.s, [person(9)]);
    expect(r.last).toMatchObject({ level: 'ok', key: 'tubeFull', params: { tube: 'T1', n: 10 } });
    expect(r.s.current).toBeNull();
    r = run(r.s, [person(10)]);
    expect(r.last).toMatchObject({ level: 'warn', key: 'tubeFullWaiting', params: { tube: 'T1' } });
    expect(r.effects).toEqual([]); // not dropped, not sent to the full tube
    r = run(r.s, [tube('T2')]);
    expect(samples(r.effects)).toEqual([['T2', person(10).value]]);
    expect(r.s.current?.members).toHaveLength(1);
    expect(r.s.done.T1).toMatchObject({ count: 10, closed: true });
  });

  it('people first, then the tube: they wait (warned) and join it; a wrong-order scan never joins two codes', () => {
    const r = run(initialFill(10), [person(1), person(2)]);
    expect(r.last).toMatchObject({ level: 'warn', key: 'scanTubeFirst', params: { n: 2 } });
    expect(r.effects).toEqual([]);
    const t = run(r.s, [tube('T9')]);
    expect(t.last).toMatchObject({ level: 'ok', key: 'waitingJoined', params: { n: 2 } });
    expect(samples(t.effects)).toEqual([
      ['T9', person(1).value],
      ['T9', person(2).value],
    ]);
  });

  it('more people waiting than a tube holds: the first pool fill it, the rest wait for the next', () => {
    const r = run(initialFill(5), [...Array.from({ length: 7 }, (_, i) => person(i)), tube('A'), tube('B')]);
    expect(samples(r.effects).map(([t]) => t)).toEqual(['A', 'A', 'A', 'A', 'A', 'B', 'B']);
    expect(r.s.current).toMatchObject({ barcode: 'B', members: [expect.any(String), expect.any(String)] });
  });

  it('close button seals a part-filled tube; scanning another tube closes it too (warned); a used tube is refused', () => {
    let r = run(initialFill(10), [tube('T1'), person(1), person(2), person(3)]);
    const closed = closeTube(r.s);
    expect(closed.effects).toEqual([{ type: 'seal', tube: 'T1' }]);
    expect(closed.feedback).toMatchObject({ key: 'tubeClosed', params: { n: 3, pool: 10 } });
    expect(closed.state.current).toBeNull();
    expect(closeTube(closed.state).feedback.level).toBe('error');
    r = run(closed.state, [tube('T1')]);
    expect(r.last).toMatchObject({ level: 'error', key: 'tubeUsed' });
    r = run(closed.state, [tube('T2'), person(4), tube('T3')]);
    expect(r.effects.at(-1)).toEqual({ type: 'seal', tube: 'T2' });
    expect(r.last).toMatchObject({ level: 'warn', key: 'prevClosed', params: { prev: 'T2', n: 1 } });
  });

  it('the same person twice: in the same tube ignored; in another tube of the round kept with a warning', () => {
    let r = run(initialFill(10), [tube('T1'), person(1), person(1)]);
    expect(r.last).toMatchObject({ level: 'warn', key: 'alreadyInTube' });
    expect(samples(r.effects)).toHaveLength(1);
    r = run(closeTube(r.s).state, [tube('T2'), person(1)]);
    expect(r.last).toMatchObject({ level: 'warn', key: 'alreadySampled' });
    expect(samples(r.effects)).toEqual([['T2', person(1).value]]);
  });

  it('unknown codes are errors and change nothing', () => {
    const s = run(initialFill(10), [tube('T1')]).s;
    const r = onScan(s, { kind: 'unknown', value: 'x', reason: 'id_check' });
    expect(r).toEqual({ state: s, effects: [], feedback: { level: 'error', key: 'idCheck' } });
  });

  it('a refused person frees their place; a full tube left short is listed to close; a walk-in takes the place back', () => {
    const ten = Array.from({ length: 10 }, (_, i) => person(i));
    const full = run(initialFill(10), [tube('T1'), ...ten]).s;
    const short = onRefused(full, 'T1', person(3));
    expect(openShortTubes(short)).toEqual([{ barcode: 'T1', count: 9 }]);
    const back = onWalkInAccepted(short, 'T1', person(3));
    expect(openShortTubes(back)).toEqual([]);
    const closed = closeTube(short, 'T1');
    expect(closed.effects).toEqual([{ type: 'seal', tube: 'T1' }]);
    expect(openShortTubes(closed.state)).toEqual([]);
    // In the open tube, the place is simply free again.
    const open = run(initialFill(10), [tube('T2'), person(1), person(2)]).s;
    expect(onRefused(open, 'T2', person(1)).current?.members).toHaveLength(1);
  });
});
