import { noticeSchedule, step } from './escalation';
import { findCycle, triggeredBy, validatePlan } from './plan-rules';
import { timeliness } from './timeliness';

const plan = (tasks: unknown[], trigger: unknown = { kind: 'manual' }) => ({ code: 'p', name: 'P', trigger, tasks });
const task = (key: string, extra: Record<string, unknown> = {}) => ({
  key,
  action: key,
  owner: { rule: 'duty', duty: 'locality' },
  dueHours: 1,
  dependsOn: [],
  ...extra,
});

describe('plan rules', () => {
  it('finds a cycle through three tasks and names the first task on it', () => {
    const p = plan([task('a', { dependsOn: ['c'] }), task('b', { dependsOn: ['a'] }), task('c', { dependsOn: ['b'] })]);
    expect(() => validatePlan(p)).toThrow(/tasks\[0\]\.dependsOn: dependency cycle: a → c → b → a/);
    expect(findCycle({ tasks: [task('a'), task('b', { dependsOn: ['a'] })] as never })).toBeNull();
  });
  it('names unknown dependencies, duplicate keys, missing groups and shape errors', () => {
    expect(() => validatePlan(plan([task('a', { dependsOn: ['zz'] })]))).toThrow(/tasks\[0\]\.dependsOn: unknown task key "zz"/);
    expect(() => validatePlan(plan([task('a'), task('a')]))).toThrow(/tasks\[1\]\.key: duplicate key/);
    expect(() => validatePlan(plan([task('a', { owner: { rule: 'group_lead' } })]))).toThrow(/tasks\[0\]\.group/);
    expect(() => validatePlan(plan([task('a', { dueHours: 'soon' })]))).toThrow(/tasks\[0\]\.dueHours/);
  });
  it('binds plans to alert grades and rules (empty = any)', () => {
    const p = validatePlan(plan([task('a')], { kind: 'alert', grades: ['red'], rules: [] }));
    expect([triggeredBy(p, 'red', 'x'), triggeredBy(p, 'blue', 'x'), triggeredBy(validatePlan(plan([task('a')])), 'red', null)]).toEqual([true, false, false]);
  });
});

describe('notice schedule', () => {
  const esc = { dueSoonMinutes: 30, steps: [{ to: 'group_lead' as const, afterMinutes: 30, repeatMinutes: 60, repeats: 1 }] };
  it('orders due soon, overdue at the deadline, then each step and its repeats', () => {
    const s = noticeSchedule('2026-05-06T06:00:00.000Z', esc);
    expect(s.map((f) => [new Date(f.atMs).toISOString().slice(11, 16), f.kind, f.to])).toEqual([
      ['05:30', 'due', 'owner'],
      ['06:00', 'overdue', 'owner'],
      ['06:30', 'escalation', 'group_lead'],
      ['07:30', 'escalation', 'group_lead'],
    ]);
  });
  it('a sweep after a long gap sends what is due but not a stale due-soon notice', () => {
    const s = noticeSchedule('2026-05-06T06:00:00.000Z', esc);
    const r = step(s, 0, Date.parse('2026-05-06T06:40:00Z'), Date.parse('2026-05-06T06:00:00Z'));
    expect(r.fire.map((f) => f.kind)).toEqual(['overdue', 'escalation']);
    expect([r.stage, new Date(r.nextAtMs!).toISOString()]).toEqual([3, '2026-05-06T07:30:00.000Z']);
  });
});

describe('timeliness', () => {
  it('measures marks from T0 and leaves undecided ones null while within target', () => {
    const marks = timeliness({
      t0: '2026-05-06T00:00:00Z',
      openedAt: '2026-05-06T00:20:00Z',
      onsetDate: '2026-05-03',
      now: '2026-05-06T03:00:00Z',
      tasks: [
        { action: '环境消杀', mark: '2h', due_at: '2026-05-06T02:00:00Z', done_at: '2026-05-06T01:30:00Z', created_at: '' },
        { action: '轨迹流调', mark: '4h', due_at: '2026-05-06T04:00:00Z', done_at: null, created_at: '' },
      ],
    });
    const by = Object.fromEntries(marks.map((m) => [m.name, m]));
    expect(by['2h']).toMatchObject({ met: true, hours: 1.5 });
    expect(by['4h']).toMatchObject({ met: null, done_at: null });
    expect(by['7-1-7 detect']).toMatchObject({ target_h: 168, hours: 72, met: true });
    expect(by['7-1-7 notify']).toMatchObject({ hours: 0.33, met: true });
    expect(by['first action']).toMatchObject({ hours: 1.5, met: true });
    expect(by['7-1-7 respond']).toMatchObject({ met: null });
  });
});
