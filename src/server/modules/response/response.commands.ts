import fs from 'node:fs';
import type { Command } from 'commander';
import { workGroupCodes } from '../../../contract/response';
import { commandGroup } from '../cli-helpers';
import type { CliKit } from '../module';
import { ActivationService } from './activation.service';
import { autoCloseTasks } from './auto-close';
import { IncidentsService } from './incidents.service';
import { PlansService } from './plans.service';
import { registerRosterCommands } from './roster.commands';
import { sweepNotices } from './sweep';
import { taskCliRow } from './task-view';
import { TasksService } from './tasks.service';
import { TimelinessService } from './timeliness.service';
import { WorkGroupsService } from './work-groups.service';
import { registerZoneCommands } from './zones.commands';

/** incident create|list|link|close, plan import|export|list|activate, task list|done, report timeliness, work-group set|add-member, roster …. */
export function registerResponseCommands(program: Command, kit: CliKit): void {
  const incident = commandGroup(program, 'incident', 'Incidents (疫情事件)');
  incident
    .command('create')
    .description('Open an incident by hand (or --from-tube BARCODE / --from-case ID: T0 and area from the record)')
    .requiredOption('--name <text>', 'name, e.g. 0506')
    .option('--area <code>', 'area code')
    .option('--t0 <iso>', "the first positive's time (default: now, or the record's)")
    .option('--grade <grade>', 'response grade')
    .option('--from-tube <barcode>', 'a positive single tube')
    .option('--from-case <id>', 'a case')
    .option('--json', 'print {id}')
    .action(async (o: { name: string; area?: string; t0?: string; grade?: string; fromTube?: string; fromCase?: string; json?: boolean }) => {
      if (!o.area && !o.fromTube && !o.fromCase) throw new Error('give --area (or --from-tube / --from-case)');
      if (o.t0 && !Number.isFinite(Date.parse(o.t0))) throw new Error('--t0 must be an ISO-8601 date-time');
      const row = await kit.withContext((ctx) =>
        new IncidentsService(ctx).create(kit.actor(), { name: o.name, areaCode: o.area, t0: o.t0, grade: o.grade, fromTube: o.fromTube, fromCase: o.fromCase }),
      );
      kit.print(o.json, { id: row.id }, `Incident ${row.name} (${row.id}) opened, T0 ${row.t0}`);
    });
  incident
    .command('list')
    .option('--status <s>', 'open | closed')
    .option('--area <code>', 'area code')
    .option('--json', 'print JSON')
    .action(async (o: { status?: 'open' | 'closed'; area?: string; json?: boolean }) => {
      const rows = await kit.withContext((ctx) => new IncidentsService(ctx).list(kit.actor(), { status: o.status, area: o.area, limit: 1000 }));
      kit.print(
        o.json,
        rows.map((r) => ({
          id: r.id,
          name: r.name,
          area_code: r.area_code,
          status: r.status,
          t0: r.t0,
          tasks_open: r.tasks_open,
          tasks_overdue: r.tasks_overdue,
        })),
      );
    });
  incident
    .command('link <id>')
    .description('Link a case, round, placement or zone to the incident')
    .requiredOption('--kind <kind>', 'case | round | placement | zone')
    .requiredOption('--ref <id>', 'the record id')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { kind: 'case' | 'round' | 'placement' | 'zone'; ref: string; json?: boolean }) => {
      if (!['case', 'round', 'placement', 'zone'].includes(o.kind)) throw new Error('--kind must be case, round, placement or zone');
      kit.print(o.json, await kit.withContext((ctx) => new IncidentsService(ctx).link(kit.actor(), id, o.kind, o.ref)));
    });
  incident
    .command('close <id>')
    .requiredOption('--note <text>', 'why it is closed')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { note: string; json?: boolean }) => {
      const row = await kit.withContext((ctx) => new IncidentsService(ctx).close(kit.actor(), id, o.note));
      kit.print(o.json, { id: row.id, status: row.status, closed_at: row.closed_at });
    });

  const plan = commandGroup(program, 'plan', 'Response plans (应急预案)');
  plan
    .command('import <file>')
    .description('Import a plan from JSON (a known code becomes its next version); all-or-nothing')
    .option('--json', 'print {id, code, tasks}')
    .action(async (file: string, o: { json?: boolean }) => {
      const input: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      const p = await kit.withContext((ctx) => new PlansService(ctx).import(kit.actor(), input));
      kit.print(
        o.json,
        { id: p.row.id, code: p.row.code, tasks: p.definition.tasks.length },
        `Plan ${p.row.code} v${p.row.version}: ${p.definition.tasks.length} tasks`,
      );
    });
  plan
    .command('export <code>')
    .description('Print a plan as JSON (or write it to --out FILE)')
    .option('--out <file>', 'write to a file')
    .action(async (code: string, o: { out?: string }) => {
      const p = await kit.withContext((ctx) => new PlansService(ctx).get(code));
      const text = `${JSON.stringify(p.definition, null, 2)}\n`;
      if (o.out) fs.writeFileSync(o.out, text);
      else process.stdout.write(text);
    });
  plan
    .command('list')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const plans = await kit.withContext((ctx) => new PlansService(ctx).list());
      kit.print(
        o.json,
        plans.map((p) => ({ id: p.row.id, code: p.row.code, name: p.row.name, version: p.row.version, tasks: p.definition.tasks.length })),
      );
    });
  plan
    .command('activate')
    .description('Activate a plan on an open incident: owned, dated tasks in one transaction (re-activation adds none twice)')
    .requiredOption('--plan <code>', 'plan code, e.g. six-rapid')
    .requiredOption('--incident <id>', 'incident id')
    .option('--json', 'print {tasks: [{id, action, owner, due_at}]}')
    .action(async (o: { plan: string; incident: string; json?: boolean }) => {
      const a = await kit.withContext((ctx) => new ActivationService(ctx).activate(kit.actor(), o.plan, o.incident));
      kit.print(
        o.json,
        { tasks: a.tasks.map((t) => ({ id: t.id, action: t.action, owner: t.owner_name, due_at: t.due_at })) },
        `${a.created} task(s) created, ${a.tasks.length} in all`,
      );
    });

  const task = commandGroup(program, 'task', 'Response tasks');
  task
    .command('list')
    .requiredOption('--incident <id>', 'incident id')
    .option('--json', 'print [{id, action, status, owner, due_at, done_at, escalations}]')
    .action(async (o: { incident: string; json?: boolean }) => {
      const rows = await kit.withContext((ctx) => new TasksService(ctx).forIncident(kit.actor(), o.incident));
      kit.print(o.json, rows.map(taskCliRow));
    });
  task
    .command('done <id>')
    .description('Close a task with a note (as the command centre)')
    .requiredOption('--note <text>', 'what was done')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { note: string; json?: boolean }) => {
      const row = await kit.withContext((ctx) => new TasksService(ctx).done(kit.actor(), id, o.note));
      kit.print(o.json, taskCliRow(row), `Task ${row.action} done`);
    });
  task
    .command('sweep')
    .description('Run the notice sweep and the data-driven closing once (the server runs them every 15 s)')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const r = await kit.withContext(async (ctx) => ({ closed: await autoCloseTasks(ctx), ...(await sweepNotices(ctx)) }));
      kit.print(o.json, r);
    });

  commandGroup(program, 'report', 'Reports')
    .command('timeliness')
    .description('An incident against its clock: 2/4/5/24 h marks, each task, 7-1-7')
    .requiredOption('--incident <id>', 'incident id')
    .option('--json', 'print {t0, marks: [{name, target_h, done_at, met}]}')
    .action(async (o: { incident: string; json?: boolean }) => {
      const r = await kit.withContext((ctx) => new TimelinessService(ctx).forIncident(kit.actor(), o.incident));
      kit.print(o.json, { t0: r.t0, marks: r.marks.map((m) => ({ name: m.name, target_h: m.target_h, done_at: m.done_at, met: m.met })) });
    });

  const wg = commandGroup(program, 'work-group', 'Work groups (流调溯源、核酸检测、隔离管控、监督检查)');
  wg.command('set')
    .description('Create or update the work group of a code for an area')
    .requiredOption('--code <code>', workGroupCodes.join(' | '))
    .requiredOption('--name <name>', 'name')
    .requiredOption('--area <code>', 'area code')
    .option('--lead <userId>', 'lead user id')
    .option('--json', 'print {id}')
    .action(async (o: { code: string; name: string; area: string; lead?: string; json?: boolean }) => {
      if (!(workGroupCodes as readonly string[]).includes(o.code)) throw new Error(`--code must be one of ${workGroupCodes.join(', ')}`);
      const g = await kit.withContext((ctx) =>
        new WorkGroupsService(ctx).upsert(kit.actor(), { code: o.code, name: o.name, areaCode: o.area, leadUserId: o.lead }),
      );
      kit.print(o.json, { id: g.id });
    });
  wg.command('add-member <groupId> <userId>')
    .option('--json', 'print JSON')
    .action(async (groupId: string, userId: string, o: { json?: boolean }) => {
      kit.print(o.json, await kit.withContext((ctx) => new WorkGroupsService(ctx).addMember(kit.actor(), groupId, userId)));
    });
  registerRosterCommands(program, kit);
  registerZoneCommands(program, kit);
}
