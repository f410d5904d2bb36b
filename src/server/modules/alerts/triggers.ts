/**
 * Multi-point trigger evaluation (多点触发), pure: which area a record counts in for a rule, and
 * whether new records complete a rule there or join the alert already open for it. No I/O; the
 * sweep (sweep.service.ts) fetches the records and writes the outcomes.
 */
import type { Grade, RuleLevel } from './alerts.table';

export interface ChannelRecord {
  channel: string;
  recordId: string;
  subjectId: string;
  areaCode: string;
  occurredAt: string;
}

export interface TriggerRule {
  id: string;
  code: string;
  name: string;
  channels: readonly string[];
  minChannels: number;
  minRecords: number;
  windowHours: number;
  areaCode: string | null;
  level: RuleLevel | null;
  grade: Grade;
  dueHours: number;
}

/** An alert of the rule in the area still taking records: from `firstAt − window` to `openUntil`. */
export interface OpenEpisode {
  alertId: string;
  firstAt: string;
  openUntil: string;
  keys: ReadonlySet<string>;
}

export type Outcome =
  | { kind: 'join'; alertId: string; records: ChannelRecord[]; firstAt: string; lastAt: string; openUntil: string }
  | { kind: 'raise'; records: ChannelRecord[]; firstAt: string; lastAt: string; openUntil: string };

export const levelLength: Record<RuleLevel, number> = { district: 6, street: 9, community: 12, grid: 15 };
const HOUR = 3_600_000;

export const recordKey = (r: Pick<ChannelRecord, 'channel' | 'recordId'>) => `${r.channel}|${r.recordId}`;

/**
 * The area whose alert a record counts towards under `rule`, or null when the rule does not
 * apply: outside its reach, another channel, or an area coarser than the rule's level (a
 * sampling site registered at district level cannot be placed in a street).
 */
export function episodeArea(rule: TriggerRule, r: Pick<ChannelRecord, 'channel' | 'areaCode'>): string | null {
  if (!rule.channels.includes(r.channel)) return null;
  if (rule.areaCode && !r.areaCode.startsWith(rule.areaCode)) return null;
  if (!rule.level) return rule.areaCode;
  const n = levelLength[rule.level];
  if (r.areaCode.length < n || (rule.areaCode && rule.areaCode.length > n)) return null;
  return r.areaCode.slice(0, n);
}

const ms = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();

/** Does this set of records meet the rule's thresholds (distinct channels, records)? */
export function meets(rule: Pick<TriggerRule, 'minChannels' | 'minRecords'>, records: readonly ChannelRecord[]): boolean {
  return records.length >= rule.minRecords && new Set(records.map((r) => r.channel)).size >= rule.minChannels;
}

/**
 * The earliest window of the rule's length that contains `n` and meets the thresholds, as the
 * records in it; null when none does. A window containing a set can always be slid to start at
 * its earliest record, so the records within one window before `n` are the only starts to try.
 */
export function completingWindow(rule: TriggerRule, known: readonly ChannelRecord[], n: ChannelRecord): ChannelRecord[] | null {
  return windows(rule, byTime(known))(ms(n.occurredAt));
}

type Timed = { r: ChannelRecord; t: number };
const byTime = (rs: readonly ChannelRecord[]): Timed[] => rs.map((r) => ({ r, t: ms(r.occurredAt) })).sort((a, b) => a.t - b.t);

/** The first index of `sorted` whose time is ≥ t (binary search). */
function lowerBound(sorted: readonly Timed[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Every window of the sorted records judged once, in one sorted sweep: the window starting at
 * record i holds i up to end[i] (the records within W after it), and whether it meets the
 * thresholds follows from per-channel counts kept as both ends move forward. `nextMet[i]` is the
 * first start from i on that meets them; the completing window for a record at time t is then the
 * first such start at or after t − W, if it is not later than t. A district's rule sees tens of
 * thousands of records in a bulk sweep: asking each record's window afresh was quadratic.
 */
function windows(rule: TriggerRule, sorted: readonly Timed[]): (t: number) => ChannelRecord[] | null {
  const w = rule.windowHours * HOUR;
  const n = sorted.length;
  const end = new Int32Array(n);
  const nextMet = new Int32Array(n + 1).fill(n);
  const perChannel = new Map<string, number>();
  let e = 0;
  for (let i = 0; i < n; i++) {
    const ta = sorted[i]!.t;
    for (; e < n && sorted[e]!.t <= ta + w; e++) perChannel.set(sorted[e]!.r.channel, (perChannel.get(sorted[e]!.r.channel) ?? 0) + 1);
    end[i] = e;
    // Records tied with an earlier start were judged with it (a superset), so starting at i is enough.
    if (e - i >= rule.minRecords && perChannel.size >= rule.minChannels) nextMet[i] = i;
    const c = sorted[i]!.r.channel;
    const left = perChannel.get(c)! - 1;
    if (left > 0) perChannel.set(c, left);
    else perChannel.delete(c);
  }
  for (let i = n - 1; i >= 0; i--) if (nextMet[i] === n) nextMet[i] = nextMet[i + 1]!;
  return (t) => {
    const i = nextMet[lowerBound(sorted, t - w)]!;
    return i < n && sorted[i]!.t <= t ? sorted.slice(i, end[i]).map((x) => x.r) : null;
  };
}

/**
 * Outcomes for one (rule, area): each fresh record, oldest first, joins an open episode whose
 * span covers it, or else may complete the rule with the known records (fresh ones included)
 * and raise ONE new alert, which later fresh records of its span then join.
 */
export function evaluate(rule: TriggerRule, known: readonly ChannelRecord[], fresh: readonly ChannelRecord[], open: readonly OpenEpisode[]): Outcome[] {
  const w = rule.windowHours * HOUR;
  type Ep = { alertId: string | null; first: number; last: number; keys: Set<string>; added: ChannelRecord[] };
  const eps: Ep[] = open.map((o) => ({ alertId: o.alertId, first: ms(o.firstAt), last: ms(o.openUntil) - w, keys: new Set(o.keys), added: [] }));
  const all = new Map(known.map((r) => [recordKey(r), r]));
  for (const f of fresh) all.set(recordKey(f), f);
  const windowFor = windows(rule, byTime([...all.values()]));
  for (const n of [...fresh].sort((a, b) => ms(a.occurredAt) - ms(b.occurredAt))) {
    const k = recordKey(n);
    if (eps.some((e) => e.keys.has(k))) continue;
    const t = ms(n.occurredAt);
    const ep = eps.find((e) => t >= e.first - w && t <= e.last + w);
    if (ep) {
      ep.keys.add(k);
      ep.added.push(n);
      ep.first = Math.min(ep.first, t);
      ep.last = Math.max(ep.last, t);
      continue;
    }
    const win = windowFor(t);
    if (!win) continue;
    const times = win.map((r) => ms(r.occurredAt));
    eps.push({ alertId: null, first: Math.min(...times), last: Math.max(...times), keys: new Set(win.map(recordKey)), added: [...win] });
  }
  return eps
    .filter((e) => e.added.length > 0)
    .map((e) => {
      const span = { records: e.added, firstAt: iso(e.first), lastAt: iso(e.last), openUntil: iso(e.last + w) };
      return e.alertId ? { kind: 'join' as const, alertId: e.alertId, ...span } : { kind: 'raise' as const, ...span };
    });
}
