import { completingWindow, episodeArea, evaluate, type ChannelRecord, type TriggerRule } from './triggers';
import { actionsFrom, canMove, isOverdue, verifiedWithin48h } from './triage';

const street = '320706022';
const rule: TriggerRule = {
  id: 'r1',
  code: 'multi',
  name: '多点',
  channels: ['positive_pool', 'case_outside_control', 'arrival_positive'],
  minChannels: 2,
  minRecords: 2,
  windowHours: 24,
  areaCode: null,
  level: 'street',
  grade: 'orange',
  dueHours: 24,
};
const h = (n: number) => new Date(Date.parse('2026-05-06T00:00:00.000Z') + n * 3_600_000).toISOString();
let n = 0;
const rec = (channel: string, hours: number, area = `${street}001001001`): ChannelRecord => ({
  channel,
  recordId: `r${++n}`,
  subjectId: `s${n}`,
  areaCode: area,
  occurredAt: h(hours),
});

describe('multi-point trigger rules (pure)', () => {
  it('places a record in the area of the rule level, only within its reach and channels', () => {
    expect(episodeArea(rule, rec('positive_pool', 0))).toBe(street);
    expect(episodeArea({ ...rule, level: 'district' }, rec('positive_pool', 0))).toBe('320706');
    expect(episodeArea(rule, rec('positive_single', 0))).toBeNull();
    expect(episodeArea(rule, rec('positive_pool', 0, '320706'))).toBeNull(); // coarser than a street
    expect(episodeArea({ ...rule, areaCode: '320706001' }, rec('positive_pool', 0))).toBeNull();
    expect(episodeArea({ ...rule, areaCode: street, level: null }, rec('positive_pool', 0))).toBe(street);
  });

  it('needs N distinct channels: two pools are one channel', () => {
    const a = rec('positive_pool', 0);
    const b = rec('positive_pool', 1);
    expect(evaluate(rule, [a], [b], [])).toEqual([]);
    const c = rec('case_outside_control', 2);
    const out = evaluate(rule, [a, b], [c], []);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ kind: 'raise', firstAt: h(0), lastAt: h(2), openUntil: h(26) });
    expect(out[0]!.records.map((r) => r.recordId).sort()).toEqual([a.recordId, b.recordId, c.recordId].sort());
  });

  it('counts only records within one window W', () => {
    const a = rec('positive_pool', 0);
    expect(evaluate(rule, [a], [rec('case_outside_control', 25)], [])).toEqual([]);
    expect(evaluate(rule, [a], [rec('case_outside_control', 24)], [])).toHaveLength(1);
    // a late-arriving record earlier in time completes a window too
    expect(completingWindow(rule, [a, rec('arrival_positive', -3)], rec('arrival_positive', -3))).not.toBeNull();
  });

  it('needs M records when min records exceeds min channels', () => {
    const pools = { ...rule, channels: ['positive_pool'], minChannels: 1, minRecords: 3 };
    const a = rec('positive_pool', 0);
    const b = rec('positive_pool', 5);
    expect(evaluate(pools, [a], [b], [])).toEqual([]);
    expect(evaluate(pools, [a, b], [rec('positive_pool', 6)], [])).toHaveLength(1);
  });

  it('raises one alert for several fresh records completing the rule together', () => {
    const out = evaluate(rule, [], [rec('positive_pool', 0), rec('case_outside_control', 1), rec('arrival_positive', 2)], []);
    expect(out).toHaveLength(1);
    expect(out[0]!.records).toHaveLength(3);
  });

  it('joins records within an open episode instead of raising another', () => {
    const open = [{ alertId: 'A1', firstAt: h(0), openUntil: h(26), keys: new Set(['positive_pool|x']) }];
    const late = rec('positive_pool', 20);
    expect(evaluate(rule, [], [late], open)).toEqual([{ kind: 'join', alertId: 'A1', records: [late], firstAt: h(0), lastAt: h(20), openUntil: h(44) }]);
    // a record already in the alert is not joined twice
    expect(evaluate(rule, [], [{ ...late, recordId: 'x' }], open)).toEqual([]);
    // after the episode, the same area raises a new one only when the rule completes again
    expect(evaluate(rule, [], [rec('positive_pool', 60)], open)).toEqual([]);
    expect(evaluate(rule, [], [rec('positive_pool', 60), rec('arrival_positive', 61)], open)[0]).toMatchObject({ kind: 'raise' });
  });
});

describe('the completing window against a brute-force reference', () => {
  /** The definition, as plainly as it can be written: every start at or before n within one window. */
  function reference(r: TriggerRule, known: ChannelRecord[], n: ChannelRecord): ChannelRecord[] | null {
    const w = r.windowHours * 3_600_000;
    const t = (x: ChannelRecord) => Date.parse(x.occurredAt);
    const near = known.filter((x) => Math.abs(t(x) - t(n)) <= w).sort((a, b) => t(a) - t(b));
    for (const a of near) {
      if (t(a) > t(n)) break;
      const inWindow = near.filter((x) => t(x) >= t(a) && t(x) <= t(a) + w);
      if (inWindow.length >= r.minRecords && new Set(inWindow.map((x) => x.channel)).size >= r.minChannels) return inWindow;
    }
    return null;
  }

  it('finds the same window on random records (ties, several channels, various thresholds)', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const chans = ['positive_pool', 'case_outside_control', 'arrival_positive'];
    for (let trial = 0; trial < 300; trial++) {
      const r = { ...rule, minChannels: 1 + Math.floor(rand() * 3), minRecords: 1 + Math.floor(rand() * 5), windowHours: 1 + Math.floor(rand() * 48) };
      const records = Array.from({ length: 1 + Math.floor(rand() * 30) }, () => rec(chans[Math.floor(rand() * 3)]!, Math.floor(rand() * 120)));
      const n = records[Math.floor(rand() * records.length)]!;
      const key = (x: ChannelRecord[] | null) => (x ? x.map((y) => y.recordId).sort() : null);
      expect(key(completingWindow(r, records, n))).toEqual(key(reference(r, records, n)));
    }
  });

  it('finds the same window for every record of a large batch, many of them at the same moment (a bulk sweep)', () => {
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const chans = ['positive_pool', 'case_outside_control', 'arrival_positive', 'positive_single'];
    for (let trial = 0; trial < 20; trial++) {
      const r = { ...rule, minChannels: 1 + Math.floor(rand() * 4), minRecords: 1 + Math.floor(rand() * 40), windowHours: 1 + Math.floor(rand() * 24) };
      const records = Array.from({ length: 200 + Math.floor(rand() * 200) }, () =>
        rec(chans[Math.floor(rand() * (1 + (trial % 4)))]!, Math.floor(rand() * 6) * 10),
      );
      const key = (x: ChannelRecord[] | null) => (x ? x.map((y) => y.recordId).sort() : null);
      for (const n of records.filter((_, i) => i % 7 === 0)) expect(key(completingWindow(r, records, n))).toEqual(key(reference(r, records, n)));
    }
  });
});

describe('alert triage (pure)', () => {
  it('allows new → verifying → discarded / monitoring / escalated only', () => {
    expect(canMove('new', 'verifying')).toBe(true);
    expect(canMove('new', 'escalated')).toBe(false);
    expect(canMove('verifying', 'escalated')).toBe(true);
    expect(canMove('monitoring', 'escalated')).toBe(true);
    expect(canMove('escalated', 'discarded')).toBe(false);
    expect(canMove('discarded', 'verifying')).toBe(false);
    expect(actionsFrom('verifying')).toEqual(['discard', 'monitor', 'escalate']);
    expect(actionsFrom('escalated')).toEqual([]);
  });

  it('is overdue only while awaiting a verdict past its due time', () => {
    expect(isOverdue({ status: 'new', due_at: h(24) }, h(25))).toBe(true);
    expect(isOverdue({ status: 'verifying', due_at: h(24) }, h(23))).toBe(false);
    expect(isOverdue({ status: 'monitoring', due_at: h(24) }, h(25))).toBe(false);
  });

  it('computes % verified within 48 h over alerts at least 48 h old', () => {
    const rows = [
      { raised_at: h(0), verified_at: h(10) }, // in time
      { raised_at: h(0), verified_at: h(49) }, // late
      { raised_at: h(0), verified_at: null }, // never
      { raised_at: h(90), verified_at: null }, // too young to count
    ];
    expect(verifiedWithin48h(rows, h(100))).toEqual({ eligible: 3, verified: 1, pct: 33.3 });
    expect(verifiedWithin48h([], h(100)).pct).toBeNull();
  });
});
