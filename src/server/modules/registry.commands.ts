import fs from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { WordsLanguage } from '../../contract/reason-words';
import { commandGroup, langOption, reportLangOption, reportRejectedRows } from './cli-helpers';
import { registerGridAssignmentCommands } from './people/grid-assignment.commands';
import { registerGridReshapeCommands } from './people/grid-reshape.commands';
import type { CliKit } from './module';
import { importPeople } from './people/people-import';
import { markDemoCity } from './people/demo-marker';
import { loadDemoCity } from './people/demo-loader';
import { exportPeople } from './people/people-export';
import { PeopleService } from './people/people.service';
import { HandoffService, type HandoffListItem } from './access/handoffs';

function progressBar(label: string, total?: number) {
  if (!process.stderr.isTTY) return null;
  const bar = new cliProgress.SingleBar(
    { format: `${label} {bar} {value}${total ? '/{total}' : ''} rows  {eta_formatted}`, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total ?? 0, 0);
  return bar;
}

/** `epigrid import people`, `epigrid demo`, `epigrid export people`, `epigrid people move`, `epigrid handoffs …`. */
export function registerRegistryCommands(program: Command, kit: CliKit): void {
  registerPeopleCommands(program, kit);
  registerHandoffCommands(program, kit);
  const importCmd = commandGroup(program, 'import', 'Import data files (CSV or XLSX)');
  importCmd
    .command('people <file>')
    .description(
      'Import people: columns id_number,name,sex,birth_date,phone,area_code,address,household,tags (tags separated by |). Rejected rows are reported; accepted rows are committed; re-import is idempotent.',
    )
    .option('--errors <file.csv>', 'write every rejected row (row,column,reason,reason_code) to this CSV')
    .addOption(reportLangOption())
    .option('--json', 'print {accepted, rejected, unchanged, updated}')
    .action(async (file: string, o: { errors?: string; lang: WordsLanguage; json?: boolean }) => {
      if (!fs.existsSync(file)) throw Object.assign(new Error(`File not found: ${file}`), { code: 'FILE_NOT_FOUND' });
      const bar = o.json ? null : progressBar('importing');
      const r = await kit.withContext((ctx) => importPeople(ctx, kit.actor(), file, (rows) => bar?.update(rows)));
      bar?.stop();
      reportRejectedRows(o.errors, r.errors, true, o.lang);
      const summary = { accepted: r.accepted, rejected: r.rejected, unchanged: r.unchanged, updated: r.updated };
      kit.print(
        o.json,
        summary,
        `accepted ${r.accepted}, updated ${r.updated}, unchanged ${r.unchanged}, rejected ${r.rejected}${r.rejected && !o.errors ? ' (use --errors FILE.csv for the row-by-row report)' : ''}`,
      );
      if (!o.errors && !o.json) reportRejectedRows(undefined, r.errors);
    });

  program
    .command('demo')
    .description('Build the deterministic synthetic demo city into an empty database')
    .option('--people <n>', 'number of people', '50000')
    .option('--seed <n>', 'random seed (same seed, same city)', '20220506')
    .option('--district <code>', 'real GB/T 2260 district code', '320706')
    .option('--json', 'print JSON')
    .action(async (o: { people: string; seed: string; district: string; json?: boolean }) => {
      const people = Number(o.people);
      if (!Number.isInteger(people) || people < 1) throw Object.assign(new Error('--people must be a positive integer'), { code: 'VALIDATION_FAILED' });
      const bar = o.json ? null : progressBar('people', people);
      const r = await kit.withContext(async (ctx) => {
        const city = await loadDemoCity(ctx, kit.actor(), { people, seed: Number(o.seed), district: o.district }, (done) => bar?.update(done));
        await markDemoCity(ctx, { people, seed: Number(o.seed), district: o.district });
        return city;
      });
      bar?.stop();
      kit.print(o.json, r, `Demo city loaded: ${r.people} people, ${r.areas} areas, ${r.responsibles} responsibles in ${r.seconds.toFixed(1)} s`);
    });

  const exportCmd = commandGroup(program, 'export', 'Export lists (masked)');
  exportCmd
    .command('people')
    .description('Export people of an area (or a search) as CSV or XLSX, identifiers masked')
    .option('--area <code>', 'area code')
    .option('--q <text>', 'name prefix, ID number or phone')
    .option('--format <csv|xlsx>', 'file format', 'csv')
    .requiredOption('--out <file>', 'output file')
    .addOption(langOption('the file (zh: Chinese headers, sex, tags and control status in words, as the web exports)'))
    .action(async (o: { area?: string; q?: string; format: 'csv' | 'xlsx'; out: string; lang: WordsLanguage }) => {
      await kit.withContext(async (ctx) => {
        const stream = exportPeople(ctx, kit.actor(), { area: o.area, q: o.q }, o.format, o.lang);
        await new Promise<void>((resolve, reject) => stream.pipe(fs.createWriteStream(o.out)).on('finish', resolve).on('error', reject));
      });
      kit.print(false, null, `Written ${o.out}`);
    });
}

function registerPeopleCommands(program: Command, kit: CliKit): void {
  const people = commandGroup(program, 'people', 'The population registry');
  people
    .command('move <personId>')
    .description("Move a person to another area (reason required; the old area gets a hand-off; audited). Changing a person's area any other way is refused.")
    .requiredOption('--to <areaCode>', 'the area the person now lives in')
    .requiredOption('--reason <text>', 'why (e.g. 搬家至…)')
    .option('--json', 'print the person (masked)')
    .action(async (personId: string, o: { to: string; reason: string; json?: boolean }) => {
      const p = await kit.withContext((ctx) => new PeopleService(ctx).movePerson(kit.actor(), personId, { toArea: o.to, reason: o.reason }));
      kit.print(o.json, p, `moved ${p.id} to ${p.areaCode}`);
    });
  registerGridAssignmentCommands(program, kit);
  registerGridReshapeCommands(program, kit);
}

const handoffLine = (h: HandoffListItem) =>
  [
    h.id,
    h.created_at,
    h.status,
    h.kind,
    h.area_code,
    h.from_area_code ?? '-',
    h.person ? `${h.person.nameMasked} ${h.person.idNumberMasked}` : '-',
    h.message,
  ].join('\t');

function registerHandoffCommands(program: Command, kit: CliKit): void {
  const handoffs = commandGroup(program, 'handoffs', 'Hand-offs (移交/协办) addressed to an area');
  handoffs
    .command('list')
    .description('List hand-offs addressed to an area, newest first (people masked)')
    .option('--area <code>', 'only hand-offs addressed to this area (and below)')
    .option('--status <pending|open|acknowledged|done>', 'only this status (pending: not yet done)')
    .option('--limit <n>', 'how many', '50')
    .option('--json', 'print JSON')
    .action(async (o: { area?: string; status?: 'pending' | 'open' | 'acknowledged' | 'done'; limit: string; json?: boolean }) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw Object.assign(new Error('--limit must be 1–500'), { code: 'VALIDATION_FAILED' });
      if (o.status && !['pending', 'open', 'acknowledged', 'done'].includes(o.status))
        throw Object.assign(new Error('--status must be pending, open, acknowledged or done'), { code: 'VALIDATION_FAILED' });
      const page = await kit.withContext((ctx) => new HandoffService(ctx).list(kit.actor(), { area: o.area, status: o.status, limit }));
      kit.print(o.json, page.items, page.items.length ? page.items.map(handoffLine).join('\n') : 'no hand-offs');
    });
  handoffs
    .command('ack <id>')
    .description('Acknowledge a hand-off (seen, being handled)')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const h = await kit.withContext((ctx) => new HandoffService(ctx).act(kit.actor(), id, 'acknowledged'));
      kit.print(o.json, h, `${h.id} acknowledged`);
    });
  handoffs
    .command('done <id>')
    .description('Close a hand-off with a note of what was done')
    .requiredOption('--note <text>', 'what was done (e.g. 已落地核实)')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { note: string; json?: boolean }) => {
      const h = await kit.withContext((ctx) => new HandoffService(ctx).act(kit.actor(), id, 'done', o.note));
      kit.print(o.json, h, `${h.id} done`);
    });
}
