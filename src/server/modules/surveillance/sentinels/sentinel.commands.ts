import fs from 'node:fs';
import type { Command } from 'commander';
import type { WordsLanguage } from '../../../../contract/reason-words';
import { commandGroup, reportLangOption, reportRejectedRows } from '../../cli-helpers';
import type { CliKit } from '../../module';
import { SignalsService } from '../signals/signals.service';
import { CountsService } from './counts.service';
import { LineListService } from './line-list.service';
import { SentinelsService } from './sentinels.service';

/** `epigrid sentinel …`, `epigrid import sentinel-counts`, `epigrid surveillance run|signals|budget|detector` (issue 14 items 1, 2, 4). */
export function registerSentinelCommands(program: Command, kit: CliKit): void {
  const sentinel = commandGroup(program, 'sentinel', 'Sentinel points (哨点)');
  sentinel
    .command('create')
    .description('Register a sentinel: --type fever_clinic|pharmacy|school|kindergarten|clinic_ili|nursing_home|cold_chain')
    .requiredOption('--code <code>', 'sentinel code (unique)')
    .requiredOption('--type <type>', 'sentinel type')
    .requiredOption('--area <code>', 'area code')
    .option('--name <text>', 'name')
    .option('--owner <name>', 'owner name')
    .option('--owner-phone <phone>', 'owner mobile (stored encrypted, shown masked)')
    .option('--lng <degrees>', "longitude (WGS-84), with --lat; without both the map uses the area's centroid")
    .option('--lat <degrees>', 'latitude (WGS-84), with --lng')
    .option('--json', 'print {id}')
    .action(
      async (o: {
        code: string;
        type: string;
        area: string;
        name?: string;
        owner?: string;
        ownerPhone?: string;
        lng?: string;
        lat?: string;
        json?: boolean;
      }) => {
        const r = await kit.withContext((ctx) =>
          new SentinelsService(ctx).create(kit.actor(), {
            code: o.code,
            type: o.type,
            areaCode: o.area,
            name: o.name,
            ownerName: o.owner,
            ownerPhone: o.ownerPhone,
            // Not-a-number text becomes NaN, which the service refuses naming the field.
            lng: o.lng === undefined ? undefined : Number(o.lng),
            lat: o.lat === undefined ? undefined : Number(o.lat),
          }),
        );
        kit.print(o.json, r, `Sentinel ${o.code} created (${r.id})`);
      },
    );
  sentinel
    .command('list')
    .description('Sentinels (owner phone masked)')
    .option('--area <code>', 'area code')
    .option('--json', 'print JSON')
    .action(async (o: { area?: string; json?: boolean }) => {
      const rows = await kit.withContext((ctx) => new SentinelsService(ctx).list(kit.actor(), o.area));
      kit.print(
        o.json,
        rows,
        rows.map((s) => `${s.code} ${s.type} ${s.areaCode} ${s.name} ${s.ownerName ?? ''} ${s.ownerPhoneMasked ?? ''}`).join('\n') || 'No sentinels.',
      );
    });
  sentinel
    .command('not-reported')
    .description('未报告: sentinels with no count for the date (default today, EPIGRID_TZ), with their owner')
    .option('--area <code>', 'area code')
    .option('--date <YYYY-MM-DD>', 'local date')
    .option('--json', 'print JSON')
    .action(async (o: { area?: string; date?: string; json?: boolean }) => {
      const r = await kit.withContext((ctx) => new SentinelsService(ctx).notReported(kit.actor(), o.area, o.date));
      kit.print(
        o.json,
        r,
        r.items.map((s) => `${s.code} ${s.areaCode} ${s.name} ${s.ownerName ?? ''} ${s.ownerPhoneMasked ?? ''} last ${s.lastReported ?? '—'}`).join('\n') ||
          `Every sentinel reported on ${r.date}.`,
      );
    });
  sentinel
    .command('line-report')
    .description('Report individuals of a sentinel’s line list: FILE has columns id_number,reason (one per line, comma separated)')
    .requiredOption('--sentinel <code>', 'sentinel code')
    .requiredOption('--file <file.csv>', 'id_number,reason per line (no header)')
    .option('--json', 'print JSON')
    .action(async (o: { sentinel: string; file: string; json?: boolean }) => {
      const people = fs
        .readFileSync(o.file, 'utf8')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => {
          const [idNumber = '', reason = ''] = l.split(',').map((x) => x.trim());
          return { idNumber, reason };
        });
      const r = await kit.withContext((ctx) => new LineListService(ctx).report(kit.actor(), o.sentinel, people));
      kit.print(o.json, r, `accepted ${r.accepted}, matched ${r.matched}, handed off ${r.handedOff}, rejected ${r.errors.length}`);
    });
  sentinel
    .command('line-list')
    .description('Line reports (masked); --overdue: past the testing deadline with no sample since the report')
    .option('--area <code>', 'area code')
    .option('--overdue', 'only the overdue')
    .option('--json', 'print JSON')
    .action(async (o: { area?: string; overdue?: boolean; json?: boolean }) => {
      const rows = await kit.withContext((ctx) => new LineListService(ctx).list(kit.actor(), { area: o.area, overdue: o.overdue }));
      kit.print(
        o.json,
        rows,
        rows
          .map((r) => `${r.sentinelCode} ${r.idNumberMasked} ${r.reason} due ${r.testDeadline} tested ${r.testedAt ?? '—'}${r.positiveAt ? ' POSITIVE' : ''}`)
          .join('\n') || 'None.',
      );
    });

  const imp = commandGroup(program, 'import', 'Import data files (CSV or XLSX)');
  imp
    .command('sentinel-counts <file>')
    .description(
      'Import daily sentinel counts: sentinel_code,date,indicator,count (date YYYY-MM-DD local, EPIGRID_TZ); keeps the good rows, bad rows reported; corrections keep history',
    )
    .option('--errors <file.csv>', 'write rejected rows (row,column,reason,reason_code)')
    .addOption(reportLangOption())
    .option('--json', 'print {accepted, rejected, updated}')
    .action(async (file: string, o: { errors?: string; lang: WordsLanguage; json?: boolean }) => {
      const r = await kit.withContext((ctx) => new CountsService(ctx).importFile(kit.actor(), file));
      reportRejectedRows(o.errors, r.errors, o.json, o.lang);
      kit.print(
        o.json,
        { accepted: r.accepted, rejected: r.rejected, updated: r.updated },
        `accepted ${r.accepted} (updated ${r.updated}, unchanged ${r.unchanged}), rejected ${r.rejected}`,
      );
    });

  const surv = commandGroup(program, 'surveillance', 'Monitoring and early warning (监测预警)');
  surv
    .command('run')
    .description('Run every sentinel’s and area roll-up’s detector for a local date (default yesterday); idempotent')
    .option('--date <YYYY-MM-DD>', 'local date')
    .option('--json', 'print JSON')
    .action(async (o: { date?: string; json?: boolean }) => {
      const r = await kit.withContext((ctx) => new SignalsService(ctx).runFor(kit.actor(), o.date));
      kit.print(o.json, r, `${r.date}: ${r.series} series, ${r.alarms} alarms, ${r.raised} raised, ${r.suppressed} suppressed (${r.ms} ms)`);
    });
  surv
    .command('signals')
    .description('Signals (raised unless --all)')
    .option('--area <code>', 'area code')
    .option('--all', 'include suppressed ones')
    .option('--json', 'print JSON')
    .action(async (o: { area?: string; all?: boolean; json?: boolean }) => {
      const rows = await kit.withContext((ctx) => new SignalsService(ctx).list(kit.actor(), { area: o.area, suppressed: o.all ? 'all' : 'raised' }));
      kit.print(
        o.json,
        rows,
        rows
          .map(
            (s) =>
              `${s.periodDate} ${s.areaCode} ${s.sentinelCode ?? '(area)'} ${s.indicator} ${s.observed} > ${s.threshold?.toFixed(2) ?? 'NA'} ${s.method}${s.suppressed ? ` [${s.suppressed}]` : ''}`,
          )
          .join('\n') || 'No signals.',
      );
    });
  surv
    .command('budget')
    .description('The alert budget beside the actual rate; with --min-count/--repeat-days/--weekly sets it (city-wide)')
    .option('--min-count <n>', 'minimum observed count', Number)
    .option('--repeat-days <n>', 'no repeat of a rule on an area within N days unless new cases arrive', Number)
    .option('--weekly <n>', 'signals per district per week', Number)
    .option('--json', 'print JSON')
    .action(async (o: { minCount?: number; repeatDays?: number; weekly?: number; json?: boolean }) => {
      const r = await kit.withContext(async (ctx) => {
        const svc = new SignalsService(ctx);
        if (o.minCount !== undefined || o.repeatDays !== undefined || o.weekly !== undefined) {
          const b = await svc.budget();
          await svc.setBudget(kit.actor(), {
            minCount: o.minCount ?? b.minCount,
            repeatWindowDays: o.repeatDays ?? b.repeatWindowDays,
            weeklyBudget: o.weekly ?? b.weeklyBudget,
          });
        }
        return svc.rates(kit.actor());
      });
      kit.print(o.json, r);
    });
  surv
    .command('detector')
    .description("Set the detector of a sentinel type's indicator (type '*' = area roll-ups, indicator '*' = all), R's control names")
    .requiredOption('--type <type>', 'sentinel type or *')
    .requiredOption('--indicator <code>', 'indicator or *')
    .requiredOption('--control <json>', '{"detector":"ears","method":"C3",…} without frequency/range')
    .action(async (o: { type: string; indicator: string; control: string }) => {
      await kit.withContext((ctx) => new SignalsService(ctx).setDetector(kit.actor(), o.type, o.indicator, JSON.parse(o.control) as Record<string, unknown>));
      kit.print(false, `detector of ${o.type}/${o.indicator} set`);
    });
}
