import { responsibleDuties } from '../../../contract/owners';
import { planDefinition, type PlanDefinition, type PlanDefinitionInput } from '../../../contract/response';
import { validationError } from '../../errors';

/**
 * Parse and check a plan (应急预案) given as data. Every problem names its field
 * (`tasks[2].owner.duty`, `tasks[0].dependsOn`, `tasks[1].dueHours`) and nothing is stored
 * unless the whole plan is sound.
 */
export function validatePlan(input: unknown): PlanDefinition {
  const parsed = planDefinition.safeParse(input);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues.slice(0, 20)) fields[issue.path.join('.').replace(/\.(\d+)/g, '[$1]') || 'plan'] = issue.message;
    throw validationError(
      fields,
      `Plan is not valid — ${Object.entries(fields)
        .map(([f, r]) => `${f}: ${r}`)
        .join('; ')}`,
    );
  }
  const plan = parsed.data;
  const fields: Record<string, string> = {};
  const index = new Map<string, number>();
  plan.tasks.forEach((t, i) => {
    if (index.has(t.key)) fields[`tasks[${i}].key`] = `duplicate key "${t.key}" (also tasks[${index.get(t.key)}])`;
    else index.set(t.key, i);
  });
  plan.tasks.forEach((t, i) => {
    if (t.dueHours < 0) fields[`tasks[${i}].dueHours`] = `deadline before T0 (${t.dueHours} h): a deadline is T0 + a non-negative number of hours`;
    if (t.owner.rule === 'duty') {
      if (!t.owner.duty) fields[`tasks[${i}].owner.duty`] = `owner rule "duty" needs a duty (${responsibleDuties.join(', ')})`;
      else if (!(responsibleDuties as readonly string[]).includes(t.owner.duty))
        fields[`tasks[${i}].owner.duty`] = `unknown duty "${t.owner.duty}" (known: ${responsibleDuties.join(', ')})`;
    }
    if (t.owner.rule === 'group_lead' || t.owner.rule === 'on_duty') {
      if (!t.group) fields[`tasks[${i}].group`] = `owner rule "${t.owner.rule}" needs the task's work group`;
    }
    for (const d of t.dependsOn) {
      if (!index.has(d)) fields[`tasks[${i}].dependsOn`] = `unknown task key "${d}"`;
      else if (d === t.key) fields[`tasks[${i}].dependsOn`] = 'a task cannot depend on itself';
    }
  });
  const cycle = findCycle(plan);
  if (cycle) fields[`tasks[${index.get(cycle[0] as string)}].dependsOn`] = `dependency cycle: ${cycle.join(' → ')}`;
  if (Object.keys(fields).length)
    throw validationError(
      fields,
      `Plan ${plan.code} is not valid — ${Object.entries(fields)
        .map(([f, r]) => `${f}: ${r}`)
        .join('; ')}`,
    );
  return plan;
}

/** A dependency cycle as a list of keys (first repeated at the end), or null. Depth-first, three colours. */
export function findCycle(plan: Pick<PlanDefinition, 'tasks'>): string[] | null {
  const deps = new Map(plan.tasks.map((t) => [t.key, t.dependsOn.filter((d) => d !== t.key)]));
  const colour = new Map<string, 'grey' | 'black'>();
  const stack: string[] = [];
  const visit = (k: string): string[] | null => {
    colour.set(k, 'grey');
    stack.push(k);
    for (const d of deps.get(k) ?? []) {
      if (!deps.has(d)) continue;
      if (colour.get(d) === 'grey') return [...stack.slice(stack.indexOf(d)), d];
      if (!colour.has(d)) {
        const c = visit(d);
        if (c) return c;
      }
    }
    stack.pop();
    colour.set(k, 'black');
    return null;
  };
  for (const k of deps.keys()) {
    if (colour.has(k)) continue;
    const c = visit(k);
    if (c) return c;
  }
  return null;
}

/** Does an escalated alert of this grade and rule activate the plan? */
export function triggeredBy(plan: PlanDefinition, grade: string | null, rule: string | null): boolean {
  if (plan.trigger.kind !== 'alert') return false;
  const { grades, rules } = plan.trigger;
  return (grades.length === 0 || (grade != null && grades.includes(grade))) && (rules.length === 0 || (rule != null && rules.includes(rule)));
}

/**
 * The default plan 六个快速 (six rapid actions), shipped and editable. Marks follow China CDC's
 * clock (2 h on site, 4 h core tracing, 5 h risk areas, 24 h): disinfection teams on site in 2 h,
 * the core trajectory in 4 h, risk areas sealed in 5 h, contacts found, moved and the area tested
 * in 24 h. Transfer and testing close themselves from the data.
 */
export const SIX_RAPID: PlanDefinitionInput = {
  code: 'six-rapid',
  name: '六个快速',
  trigger: { kind: 'alert', grades: [], rules: [] },
  escalation: {
    dueSoonMinutes: 30,
    steps: [
      { to: 'owner', afterMinutes: 15 },
      { to: 'group_lead', afterMinutes: 30 },
      { to: 'command_centre', afterMinutes: 60, repeatMinutes: 60, repeats: 2 },
    ],
  },
  tasks: [
    { key: 'trajectory', action: '轨迹流调', group: 'tracing', owner: { rule: 'group_lead' }, dueHours: 4, mark: '4h' },
    { key: 'contacts', action: '密接排查', group: 'tracing', owner: { rule: 'on_duty' }, dueHours: 24, mark: '24h', dependsOn: ['trajectory'] },
    {
      key: 'transfer',
      action: '人员转运',
      group: 'quarantine',
      owner: { rule: 'group_lead' },
      dueHours: 24,
      mark: '24h',
      dependsOn: ['contacts'],
      autoClose: 'contacts_placed',
    },
    { key: 'disinfection', action: '环境消杀', group: 'supervision', owner: { rule: 'duty', duty: 'unit' }, dueHours: 2, mark: '2h' },
    { key: 'lockdown', action: '社区封控', group: null, owner: { rule: 'duty', duty: 'locality' }, dueHours: 5, mark: '5h' },
    { key: 'testing', action: '核酸检测', group: 'testing', owner: { rule: 'grid_worker' }, dueHours: 24, mark: '24h', autoClose: 'round_coverage' },
  ],
};
