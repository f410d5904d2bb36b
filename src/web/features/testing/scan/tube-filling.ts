import { personKey, type PersonScan, type Scan } from './classify';

/**
 * The tube-filling state machine of the scan page (pure: no I/O, unit-tested). The order asked
 * for is tube first, then people, but either order works: people scanned before a tube wait and
 * join the next tube scanned. A tube takes `poolSize` people (10合1 → 10); the next person waits
 * for the next tube ("tube full, scan the next tube") instead of being dropped. Scanning another
 * tube closes a part-filled one; the close button closes it on purpose.
 */
export interface TubeFill {
  barcode: string;
  /** personKey of each member, in scan order. */
  members: string[];
}

export interface FillState {
  poolSize: number;
  current: TubeFill | null;
  /** People scanned while no tube was open: they join the next tube. */
  waiting: PersonScan[];
  /** Tubes finished this session: how many people each holds, and whether it still needs closing on the server. */
  done: Record<string, { count: number; closed: boolean; sealSent?: boolean }>;
  /** People sampled this session in this round (personKey), for the already-sampled warning. */
  seen: string[];
  /** Why no tube is open: nothing scanned yet, or the last one filled up. */
  lastFull: string | null;
}

export type Effect = { type: 'sample'; person: PersonScan; tube: string } | { type: 'seal'; tube: string };
export type Level = 'ok' | 'warn' | 'error';
export interface Feedback {
  level: Level;
  /** Key under testing.scan.fb (strings). */
  key: string;
  params?: Record<string, string | number>;
}
export interface Step {
  state: FillState;
  effects: Effect[];
  feedback: Feedback;
}

export const initialFill = (poolSize: number): FillState => ({ poolSize, current: null, waiting: [], done: {}, seen: [], lastFull: null });

const SEEN_CAP = 5000;

/** Add one person to the open tube (the caller checked there is room); a full tube is finished. */
function addToTube(s: FillState, person: PersonScan, effects: Effect[]): { state: FillState; again: boolean; full: boolean } {
  const tube = s.current as TubeFill;
  const key = personKey(person);
  const again = s.seen.includes(key);
  const members = [...tube.members, key];
  effects.push({ type: 'sample', person, tube: tube.barcode });
  const seen = again ? s.seen : [...s.seen, key].slice(-SEEN_CAP);
  if (members.length >= s.poolSize) {
    // The server closes a tube that reaches its pool size by itself: nothing more to send.
    return {
      state: { ...s, current: null, seen, lastFull: tube.barcode, done: { ...s.done, [tube.barcode]: { count: members.length, closed: true } } },
      again,
      full: true,
    };
  }
  return { state: { ...s, current: { ...tube, members }, seen }, again, full: false };
}

function scanTube(s: FillState, barcode: string): Step {
  if (s.current?.barcode === barcode) return { state: s, effects: [], feedback: { level: 'warn', key: 'sameTube', params: { tube: barcode } } };
  if (s.done[barcode]) return { state: s, effects: [], feedback: { level: 'error', key: 'tubeUsed', params: { tube: barcode } } };
  const effects: Effect[] = [];
  let state: FillState = { ...s, lastFull: null };
  let feedback: Feedback = { level: 'ok', key: 'tubeReady', params: { tube: barcode, pool: s.poolSize } };
  const prev = s.current;
  if (prev && prev.members.length > 0) {
    effects.push({ type: 'seal', tube: prev.barcode });
    state = { ...state, done: { ...state.done, [prev.barcode]: { count: prev.members.length, closed: true, sealSent: true } } };
    feedback = { level: 'warn', key: 'prevClosed', params: { prev: prev.barcode, n: prev.members.length, pool: s.poolSize, tube: barcode } };
  }
  state = { ...state, current: { barcode, members: [] } };
  // People who waited for a tube join it, up to its pool size; the rest wait for the next.
  let joined = 0;
  while (state.waiting.length && state.current) {
    const [next, ...rest] = state.waiting as [PersonScan, ...PersonScan[]];
    state = addToTube({ ...state, waiting: rest }, next, effects).state;
    joined++;
  }
  if (joined && feedback.level === 'ok') feedback = { level: 'ok', key: 'waitingJoined', params: { tube: barcode, n: joined } };
  return { state, effects, feedback };
}

function scanPerson(s: FillState, person: PersonScan): Step {
  const key = personKey(person);
  if (s.current?.members.includes(key))
    return { state: s, effects: [], feedback: { level: 'warn', key: 'alreadyInTube', params: { tube: s.current.barcode } } };
  if (s.waiting.some((w) => personKey(w) === key)) return { state: s, effects: [], feedback: { level: 'warn', key: 'alreadyWaiting' } };
  if (!s.current) {
    return {
      state: { ...s, waiting: [...s.waiting, person] },
      effects: [],
      feedback: { level: 'warn', key: s.lastFull ? 'tubeFullWaiting' : 'scanTubeFirst', params: { n: s.waiting.length + 1, tube: s.lastFull ?? '' } },
    };
  }
  const effects: Effect[] = [];
  const r = addToTube(s, person, effects);
  const n = r.full ? s.poolSize : (r.state.current?.members.length ?? 0);
  const params = { tube: s.current.barcode, n, pool: s.poolSize };
  if (r.again) return { state: r.state, effects, feedback: { level: 'warn', key: 'alreadySampled', params } };
  return { state: r.state, effects, feedback: { level: 'ok', key: r.full ? 'tubeFull' : 'added', params } };
}

/** One scan, already classified. */
export function onScan(s: FillState, scan: Scan): Step {
  if (scan.kind === 'tube') return scanTube(s, scan.value);
  if (scan.kind === 'unknown') return { state: s, effects: [], feedback: { level: 'error', key: scan.reason === 'id_check' ? 'idCheck' : 'unknownCode' } };
  return scanPerson(s, scan);
}

/** The close button: a part-filled tube is finished and closed on the server. */
export function closeTube(s: FillState, barcode?: string): Step {
  const cur = s.current;
  if (cur && (barcode === undefined || barcode === cur.barcode)) {
    if (cur.members.length === 0)
      return { state: { ...s, current: null }, effects: [], feedback: { level: 'ok', key: 'tubeDropped', params: { tube: cur.barcode } } };
    return {
      state: { ...s, current: null, done: { ...s.done, [cur.barcode]: { count: cur.members.length, closed: true, sealSent: true } } },
      effects: [{ type: 'seal', tube: cur.barcode }],
      feedback: { level: 'ok', key: 'tubeClosed', params: { tube: cur.barcode, n: cur.members.length, pool: s.poolSize } },
    };
  }
  const d = barcode ? s.done[barcode] : undefined;
  if (barcode && d && !d.closed)
    return {
      state: { ...s, done: { ...s.done, [barcode]: { ...d, closed: true, sealSent: true } } },
      effects: [{ type: 'seal', tube: barcode }],
      feedback: { level: 'ok', key: 'tubeClosed', params: { tube: barcode, n: d.count, pool: s.poolSize } },
    };
  return { state: s, effects: [], feedback: { level: 'error', key: 'noTube' } };
}

/**
 * The server refused a person's sample (not registered, code not verified): their place in the
 * tube is free again. A finished tube that is now short stays open on the server, so it is listed
 * for closing (or for the walk-in registration that fills the place again).
 */
export function onRefused(s: FillState, tube: string, person: PersonScan): FillState {
  const key = personKey(person);
  if (s.current?.barcode === tube) return { ...s, current: { ...s.current, members: s.current.members.filter((m) => m !== key) } };
  const d = s.done[tube];
  if (!d) return s;
  const count = Math.max(0, d.count - 1);
  return { ...s, done: { ...s.done, [tube]: { ...d, count, closed: d.closed && (count >= s.poolSize || !!d.sealSent) } } };
}

/** A walk-in registered into `tube` took back the place their refused scan had. */
export function onWalkInAccepted(s: FillState, tube: string, person: PersonScan): FillState {
  const key = personKey(person);
  const seen = s.seen.includes(key) ? s.seen : [...s.seen, key];
  if (s.current?.barcode === tube) {
    const members = [...s.current.members, key];
    if (members.length >= s.poolSize)
      return { ...s, seen, current: null, lastFull: tube, done: { ...s.done, [tube]: { count: members.length, closed: true } } };
    return { ...s, seen, current: { ...s.current, members } };
  }
  const d = s.done[tube];
  if (!d) return { ...s, seen };
  const count = d.count + 1;
  return { ...s, seen, done: { ...s.done, [tube]: { ...d, count, closed: d.closed || count >= s.poolSize } } };
}

/** Finished tubes the server still holds open (short after a refusal): each needs closing. */
export function openShortTubes(s: FillState): Array<{ barcode: string; count: number }> {
  return Object.entries(s.done)
    .filter(([, d]) => !d.closed)
    .map(([barcode, d]) => ({ barcode, count: d.count }));
}
