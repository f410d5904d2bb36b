import type { Command } from 'commander';
import { alertStatuses, channelNames, grades, ruleCreateBody, ruleLevels, ruleUpdateBody, triageActions, type TriageAction } from '../../../contract/alerts';
import { validationError } from '../../errors';
import { commandGroup } from '../cli-helpers';
import type { CliKit } from '../module';
import type { AlertStatus } from './alerts.table';
import { AlertsService } from './alerts.service';
import { RulesService } from './rules.service';
import { AlertSweep } from './sweep.service';

interface RuleOpts {
  code?: string;
  name?: string;
  channels?: string;
  minChannels?: string;
  minRecords?: string;
  window?: string;
  area?: string;
  level?: string;
  grade?: string;
  dueHours?: string;
  enable?: boolean;
  disable?: boolean;
  json?: boolean;
}

const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));

function ruleInput(o: RuleOpts) {
  return {
    code: o.code,
    name: o.name,
    channels: o.channels?.split(',').map((c) => c.trim()),
    minChannels: num(o.minChannels),
    minRecords: num(o.minRecords),
    windowHours: num(o.window),
    areaCode: o.area === undefined ? undefined : o.area === 'city' ? null : o.area,
    level: o.level === undefined ? undefined : o.level === 'none' ? null : o.level,
    grade: o.grade,
    dueHours: num(o.dueHours),
    enabled: o.enable ? true : o.disable ? false : undefined,
  };
}

/** Zod's answer as the CLI's error, naming each field. */
function parsed<T>(r: { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } }): T {
  if (r.success) return r.data;
  throw validationError(Object.fromEntries(r.error.issues.map((i) => [i.path.join('.') || 'input', i.message])));
}

function ruleOptions(c: Command): Command {
  return c
    .option('--name <text>', 'name shown in the inbox')
    .option('--channels <list>', `comma-separated: ${channelNames.join(', ')}`)
    .option('--min-channels <n>', 'distinct channels needed')
    .option('--min-records <n>', 'records needed (default: min channels)')
    .option('--window <hours>', 'window W in hours')
    .option('--area <code>', "the rule's reach (an area code, or 'city')")
    .option('--level <level>', `group by: ${ruleLevels.join(' | ')} | none`)
    .option('--grade <grade>', grades.join(' | '))
    .option('--due-hours <h>', 'verification due after raising (default 24)')
    .option('--json', 'print JSON');
}

/** alert list|show|verify|discard|monitor|escalate|sweep, trigger list|create|update. */
export function registerAlertCommands(program: Command, kit: CliKit): void {
  const alert = commandGroup(program, 'alert', 'Alerts raised by multi-point triggers (预警处置)');
  alert
    .command('list')
    .description('Alerts, newest first')
    .option('--status <s>', alertStatuses.join(' | '))
    .option('--json', 'print [{id, grade, rule, area_code, status, raised_at}]')
    .action(async (o: { status?: string; json?: boolean }) => {
      if (o.status && !(alertStatuses as readonly string[]).includes(o.status)) throw validationError({ status: `must be one of ${alertStatuses.join(', ')}` });
      const rows = await kit.withContext((ctx) => new AlertsService(ctx).listForCli(kit.actor(), o.status as AlertStatus | undefined));
      kit.print(o.json, rows, rows.map((r) => `${r.raised_at}  ${r.grade.padEnd(6)} ${r.status.padEnd(10)} ${r.area_code}  ${r.rule}  ${r.id}`).join('\n'));
    });
  alert
    .command('show <id>')
    .description('One alert with its evidence and triage steps')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const a = await kit.withContext((ctx) => new AlertsService(ctx).show(kit.actor(), id));
      kit.print(o.json, a);
    });
  for (const action of Object.keys(triageActions) as TriageAction[])
    alert
      .command(`${action} <id>`)
      .description(`Triage step → ${triageActions[action]} (note required)`)
      .requiredOption('--note <text>', 'why (required)')
      .option('--json', 'print JSON')
      .action(async (id: string, o: { note: string; json?: boolean }) => {
        const a = await kit.withContext((ctx) => new AlertsService(ctx).step(kit.actor(), id, action, o.note));
        kit.print(o.json, { id: a.id, status: a.status }, `Alert ${a.code} is now ${a.status}`);
      });
  alert
    .command('sweep')
    .description('Evaluate the trigger rules now (the server does this every 15 s)')
    .option('--json', 'print {seen, raised, joined}')
    .action(async (o: { json?: boolean }) => {
      const r = await kit.withContext((ctx) => new AlertSweep(ctx).run());
      kit.print(o.json, r, `seen ${r.seen} new records, raised ${r.raised}, joined ${r.joined}`);
    });

  const trigger = commandGroup(program, 'trigger', 'Multi-point trigger rules (多点触发)');
  trigger
    .command('list')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const rules = await kit.withContext((ctx) => new RulesService(ctx).list(kit.actor()));
      kit.print(
        o.json,
        rules,
        rules
          .map(
            (r) =>
              `${r.enabled ? ' ' : '-'} ${r.code.padEnd(24)} ${r.grade.padEnd(6)} ≥${r.minChannels} of [${r.channels.join(',')}] ≥${r.minRecords} records in ${r.windowHours} h, ${r.areaCode ?? 'city'}${r.level ? ` by ${r.level}` : ''}`,
          )
          .join('\n'),
      );
    });
  ruleOptions(trigger.command('create').description('Create a rule').requiredOption('--code <code>', 'unique code')).action(async (o: RuleOpts) => {
    const input = parsed(ruleCreateBody.safeParse(ruleInput(o)));
    const r = await kit.withContext((ctx) => new RulesService(ctx).create(kit.actor(), input));
    kit.print(o.json, { id: r.id }, `Trigger rule ${r.code} created (${r.id})`);
  });
  ruleOptions(trigger.command('update <id>').description('Change a rule'))
    .option('--enable', 'enable')
    .option('--disable', 'disable')
    .action(async (id: string, o: RuleOpts) => {
      const rest = { ...ruleInput(o), code: undefined };
      const input = parsed(ruleUpdateBody.safeParse(rest));
      const r = await kit.withContext((ctx) => new RulesService(ctx).update(kit.actor(), id, input));
      kit.print(o.json, r, `Trigger rule ${r.code} updated`);
    });
}
