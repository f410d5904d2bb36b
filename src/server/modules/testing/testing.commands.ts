import type { Command } from 'commander';
import type { WordsLanguage } from '../../../contract/reason-words';
import { commandGroup, reportLangOption, reportRejectedRows } from '../cli-helpers';
import type { CliKit } from '../module';
import { CoverageService } from './coverage.service';
import type { Coverage } from '../../../contract/coverage';
import { RechecksService } from './rechecks.service';
import { RoundsService } from './rounds.service';
import { importResults, importSamples } from './testing-files';
import { DomainError } from '../../errors';
import { PeopleService } from '../people';
import { issueResidentCode } from './resident-code';
import { WalkInService } from './walk-in.service';

/** round / site / lab create, import samples|results, report coverage|rechecks. */
export function registerTestingCommands(program: Command, kit: CliKit): void {
  const round = commandGroup(program, 'round', 'Testing rounds (筛查轮次)');
  round
    .command('create')
    .description('Create a testing round over an area')
    .requiredOption('--area <code>', 'area code (repeat with commas for several)')
    .option('--pool-size <n>', 'samples per tube: 1, 5, 10 or 20', '10')
    .option('--name <text>', 'round name')
    .option('--purpose <p>', 'area_wide | key_groups | routine', 'area_wide')
    .option('--json', 'print {id}')
    .action(async (o: { area: string; poolSize: string; name?: string; purpose: 'area_wide' | 'key_groups' | 'routine'; json?: boolean }) => {
      const r = await kit.withContext((ctx) =>
        new RoundsService(ctx).createRound(kit.actor(), { areas: o.area.split(','), poolSize: Number(o.poolSize), name: o.name, purpose: o.purpose }),
      );
      kit.print(o.json, { id: r.id }, `Round ${r.id} created; target ${r.target} people`);
    });

  commandGroup(program, 'site', 'Sampling sites (采样点)')
    .command('create')
    .description('Create a sampling site')
    .requiredOption('--code <code>', 'site code')
    .requiredOption('--area <code>', 'area code')
    .option('--teams <n>', 'sampling teams', '1')
    .option('--rate <n>', 'samples per team per hour', '120')
    .option('--name <text>', 'name')
    .option('--json', 'print {id}')
    .action(async (o: { code: string; area: string; teams: string; rate: string; name?: string; json?: boolean }) => {
      const r = await kit.withContext((ctx) =>
        new RoundsService(ctx).createSite(kit.actor(), { code: o.code, area: o.area, teams: Number(o.teams), rate: Number(o.rate), name: o.name }),
      );
      kit.print(o.json, r, `Site ${o.code} created (${r.id})`);
    });

  commandGroup(program, 'lab', 'Laboratories (检测机构)')
    .command('create')
    .description('Create a lab with its daily capacity')
    .requiredOption('--code <code>', 'lab code')
    .requiredOption('--area <code>', 'area code')
    .requiredOption('--capacity <n>', 'tubes per day')
    .option('--name <text>', 'name')
    .option('--json', 'print {id}')
    .action(async (o: { code: string; area: string; capacity: string; name?: string; json?: boolean }) => {
      const r = await kit.withContext((ctx) =>
        new RoundsService(ctx).createLab(kit.actor(), { code: o.code, area: o.area, dailyCapacity: Number(o.capacity), name: o.name }),
      );
      kit.print(o.json, r, `Lab ${o.code} created (${r.id})`);
    });

  const imp = commandGroup(program, 'import', 'Import data files (CSV or XLSX)');
  imp
    .command('samples <file>')
    .description(
      'Import samples: round_id,tube_barcode,id_number,site_code,collected_at,collector[,resident_code] (ISO-8601 times; id_number or the 居民码 payload); 5,000 rows per transaction, bad rows reported, good rows kept',
    )
    .option('--errors <file.csv>', 'write rejected rows (row,column,reason,reason_code)')
    .addOption(reportLangOption())
    .option('--json', 'print JSON')
    .action(async (file: string, o: { errors?: string; lang: WordsLanguage; json?: boolean }) => {
      const r = await kit.withContext((ctx) => importSamples(ctx, kit.actor(), file));
      reportRejectedRows(o.errors, r.rejected, o.json, o.lang);
      kit.print(
        o.json,
        {
          accepted: r.accepted,
          duplicates: r.duplicates,
          replayed: r.replayed,
          sampled_twice: r.sampledTwice,
          rejected: r.rejected.length,
          warnings: r.warnings.length,
          tubes_sealed: r.tubesSealed.length,
        },
        `accepted ${r.accepted}, duplicates ${r.duplicates}, sampled twice ${r.sampledTwice}, rejected ${r.rejected.length}, tubes sealed ${r.tubesSealed.length}`,
      );
    });
  imp
    .command('results <file>')
    .description('Import lab results: tube_barcode,result,ct_n,ct_orf1ab,tested_at,lab_code (result negative|positive|suspected)')
    .option('--errors <file.csv>', 'write rejected rows (row,column,reason,reason_code)')
    .addOption(reportLangOption())
    .option('--json', 'print JSON')
    .action(async (file: string, o: { errors?: string; lang: WordsLanguage; json?: boolean }) => {
      const r = await kit.withContext((ctx) => importResults(ctx, kit.actor(), file));
      reportRejectedRows(o.errors, r.rejected, o.json, o.lang);
      kit.print(
        o.json,
        {
          accepted: r.accepted,
          unchanged: r.unchanged,
          conflicts: r.conflicts,
          rejected: r.rejected.length,
          positive_pools: r.positivePools,
          rechecks_created: r.rechecksCreated,
        },
        `accepted ${r.accepted}, unchanged ${r.unchanged}, conflicts ${r.conflicts.length}, rejected ${r.rejected.length}, positive pools ${r.positivePools.join(' ') || '-'}, re-checks created ${r.rechecksCreated}`,
      );
    });

  const sample = commandGroup(program, 'sample', 'Samples taken at a site (采样)');
  sample
    .command('walk-in')
    .description('现场登记: register someone not in the registry and record their sample in one transaction (their home area is told when outside the site)')
    .requiredOption('--round <id>', 'round id')
    .requiredOption('--site <code>', 'sampling site code')
    .requiredOption('--tube <barcode>', 'tube barcode')
    .requiredOption('--id-number <n>', 'ID number')
    .requiredOption('--name <text>', 'name')
    .requiredOption('--area <code>', 'home area code')
    .option('--phone <n>', 'mobile phone')
    .option('--address <text>', 'address')
    .option('--at <instant>', 'collected at (ISO-8601; default now)')
    .option('--json', 'print JSON')
    .action(
      async (o: {
        round: string;
        site: string;
        tube: string;
        idNumber: string;
        name: string;
        area: string;
        phone?: string;
        address?: string;
        at?: string;
        json?: boolean;
      }) => {
        const r = await kit.withContext((ctx) =>
          new WalkInService(ctx).register(kit.actor(), {
            roundId: o.round,
            siteCode: o.site,
            tubeBarcode: o.tube,
            collectedAt: o.at ?? ctx.clock.nowIso(),
            person: { idNumber: o.idNumber, name: o.name, areaCode: o.area, phone: o.phone, address: o.address },
          }),
        );
        kit.print(
          o.json,
          { registered: r.registered, id_number_masked: r.idNumberMasked, resident_code: r.residentCode, handed_off: r.handedOff, accepted: r.sample.accepted },
          `${r.registered ? 'registered' : 'already registered'} ${r.idNumberMasked}; sample accepted ${r.sample.accepted}${r.handedOff ? '; home area told' : ''}`,
        );
      },
    );
  sample
    .command('resident-code')
    .description('Print the 居民码 payload (EGRC1…) of a registered person, e.g. to print a paper code for someone without a phone')
    .requiredOption('--id-number <n>', 'ID number')
    .option('--json', 'print {resident_code}')
    .action(async (o: { idNumber: string; json?: boolean }) => {
      const code = await kit.withContext(async (ctx) => {
        const p = await new PeopleService(ctx).findByIdNumber(kit.actor(), o.idNumber);
        if (!p) throw new DomainError('NOT_FOUND', 'No person with this document number in the registry', { field: 'idNumber' });
        return issueResidentCode(ctx.pii, p.id);
      });
      kit.print(o.json, { resident_code: code }, code);
    });

  const report = commandGroup(program, 'report', 'Reports');
  report
    .command('coverage')
    .description(
      'Coverage of a round in people (sampled, with a final result, finally positive; never more resulted than sampled), tubes and pools beside them, per child area',
    )
    .requiredOption('--round <id>', 'round id')
    .option('--area <code>', 'area code')
    .option('--json', 'print JSON')
    .action(async (o: { round: string; area?: string; json?: boolean }) => {
      const c = await kit.withContext((ctx) => new CoverageService(ctx).coverage(kit.actor(), o.round, o.area, { settleAll: true }));
      kit.print(
        o.json,
        coverageJson(c),
        [
          `target ${c.target}  sampled ${c.sampled}  resulted ${c.resulted}  positive ${c.positive}  missing ${c.missing}`,
          `tubes ${c.tubes}  positive pools ${c.poolsPositive}  re-checks open ${c.rechecksOpen}  outside target ${c.outsideTarget} (positive ${c.outsidePositive})  outside grid ${c.outsideGrid}`,
          ...c.areas.map(
            (a) =>
              `  ${a.code} ${a.name}${a.ownPeople ? ' (未落格)' : ''}: ${a.sampled}/${a.target} (missing ${a.missing}, outside grid ${a.outsideGrid}, outside target ${a.outsideTarget})`,
          ),
        ].join('\n'),
      );
    });
  report
    .command('rechecks')
    .description('Every re-check of a round: person (masked), tube, status and times')
    .requiredOption('--round <id>', 'round id')
    .option('--json', 'print JSON')
    .action(async (o: { round: string; json?: boolean }) => {
      const items = await kit.withContext((ctx) => new RechecksService(ctx).list(kit.actor(), o.round));
      kit.print(
        o.json,
        items,
        items
          .map(
            (r) =>
              `${r.pool_tube} ${r.id_number_masked} ${r.status}${r.overdue ? ' OVERDUE' : ''} locate by ${r.locate_deadline} result by ${r.result_deadline}`,
          )
          .join('\n') || 'No re-checks.',
      );
    });
}

/** The documented `report coverage --json` keys (integration contract, issues 12 and 13): snake_case. */
export function coverageJson(c: Coverage) {
  const people = (x: Coverage | Coverage['areas'][number]) => ({
    target: x.target,
    sampled: x.sampled,
    resulted: x.resulted,
    positive: x.positive,
    missing: x.missing,
    rechecks_open: x.rechecksOpen,
    outside_target: x.outsideTarget,
    outside_positive: x.outsidePositive,
    outside_grid: x.outsideGrid,
  });
  return {
    ...people(c),
    tubes: c.tubes,
    pools_positive: c.poolsPositive,
    areas: c.areas.map((a) => ({ code: a.code, name: a.name, own_people: a.ownPeople, ...people(a) })),
  };
}
