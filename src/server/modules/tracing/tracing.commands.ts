import type { Command } from 'commander';
import type { WordsLanguage } from '../../../contract/reason-words';
import { commandGroup, reportLangOption, reportRejectedRows } from '../cli-helpers';
import type { CliKit } from '../module';
import { CasesService } from './cases.service';
import { registerContactActionCommands } from './contact-actions.commands';
import { ContactsService } from './contacts.service';
import { importCheckins, importNotices, importVenues } from './tracing-files';

/** import venues|checkins|notices, case create, trace contacts, contacts decide|place|transfer. */
export function registerTracingCommands(program: Command, kit: CliKit): void {
  const imp = commandGroup(program, 'import', 'Import data files (CSV or XLSX)');
  imp
    .command('venues <file>')
    .description('Import venues (场所码): venue_code,name,type,area_code[,is_key]; upsert by code; bad rows reported, good rows kept')
    .option('--errors <file.csv>', 'write rejected rows (row,column,reason,reason_code)')
    .addOption(reportLangOption())
    .option('--json', 'print JSON')
    .action(async (file: string, o: { errors?: string; lang: WordsLanguage; json?: boolean }) => {
      const r = await kit.withContext((ctx) => importVenues(ctx, kit.actor(), file));
      reportRejectedRows(o.errors, r.rejected, false, o.lang);
      kit.print(o.json, { accepted: r.accepted, rejected: r.rejected.length }, `accepted ${r.accepted}, rejected ${r.rejected.length}`);
    });
  imp
    .command('checkins <file>')
    .description('Import check-in scans: id_number,venue_code,scanned_at (ISO-8601); unknown people/venues kept apart and counted')
    .option('--errors <file.csv>', 'write rejected rows (row,column,reason,reason_code)')
    .addOption(reportLangOption())
    .option('--json', 'print JSON')
    .action(async (file: string, o: { errors?: string; lang: WordsLanguage; json?: boolean }) => {
      const started = Date.now();
      const r = await kit.withContext((ctx) =>
        importCheckins(ctx, kit.actor(), file, (n) => {
          if (!o.json && process.stderr.isTTY) process.stderr.write(`\r${n.toLocaleString()} rows…`);
        }),
      );
      if (!o.json && process.stderr.isTTY) process.stderr.write('\n');
      reportRejectedRows(o.errors, r.rejected, false, o.lang);
      const json = {
        accepted: r.accepted,
        duplicates: r.duplicates,
        unknown_people: r.unknownPeople,
        unknown_venues: r.unknownVenues,
        rejected: r.rejected.length,
      };
      kit.print(
        o.json,
        json,
        `accepted ${r.accepted}, duplicates ${r.duplicates}, unknown people ${r.unknownPeople}, unknown venues ${r.unknownVenues}, rejected ${r.rejected.length} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
    });
  imp
    .command('notices <file>')
    .description('Import 协查 notices: name,id_number,phone,reason,issuer,deadline; matched to the registry and assigned')
    .requiredOption('--area <code>', 'receiving area (where unmatched notices wait)')
    .option('--errors <file.csv>', 'write rejected rows')
    .addOption(reportLangOption())
    .option('--json', 'print JSON')
    .action(async (file: string, o: { area: string; errors?: string; lang: WordsLanguage; json?: boolean }) => {
      const r = await kit.withContext((ctx) => importNotices(ctx, kit.actor(), file, o.area));
      reportRejectedRows(o.errors, r.rejected, false, o.lang);
      kit.print(
        o.json,
        { batch_id: r.batchId, accepted: r.accepted, assigned: r.assigned, needs_review: r.needsReview, rejected: r.rejected.length },
        `batch ${r.batchId}: accepted ${r.accepted}, assigned ${r.assigned}, needs a human ${r.needsReview}, rejected ${r.rejected.length}`,
      );
    });

  commandGroup(program, 'case', 'Cases (病例)')
    .command('create')
    .description("Report a case; the person's own check-ins in the look-back window join its trajectory")
    .requiredOption('--id-number <id>', 'ID number of a registered person')
    .option('--onset <date>', 'onset date YYYY-MM-DD')
    .option('--sampling <date>', 'sampling date YYYY-MM-DD (asymptomatic cases)')
    .option('--type <type>', 'confirmed | asymptomatic', 'confirmed')
    .option('--found-by <how>', 'screening | fever_clinic | contact_management | arrival_test | self_report')
    .option('--json', 'print {id}')
    .action(async (o: { idNumber: string; onset?: string; sampling?: string; type: 'confirmed' | 'asymptomatic'; foundBy?: 'screening'; json?: boolean }) => {
      if (o.type !== 'confirmed' && o.type !== 'asymptomatic') throw new Error('--type must be confirmed or asymptomatic');
      const c = await kit.withContext((ctx) =>
        new CasesService(ctx).create(kit.actor(), { idNumber: o.idNumber, onsetDate: o.onset, samplingDate: o.sampling, type: o.type, foundBy: o.foundBy }),
      );
      kit.print(o.json, { id: c.id, code: c.code }, `Case ${c.code} (${c.id}) reported; look-back from ${c.lookback_start}`);
    });

  commandGroup(program, 'trace', 'Tracing (流调)')
    .command('contacts')
    .description('Find close-contact candidates of a case from co-presence (its spans ± the margin), ranked')
    .requiredOption('--case <id>', 'case id or code')
    .option('--json', 'print the candidates as JSON')
    .action(async (o: { case: string; json?: boolean }) => {
      const { items } = await kit.withContext((ctx) => new ContactsService(ctx).traceCase(kit.actor(), o.case));
      const json = items.map((c) => ({
        person_id: c.person_id,
        id_number_masked: c.id_number_masked,
        venue_code: c.venue_code,
        overlap_start: c.overlap_start,
        overlap_end: c.overlap_end,
        minutes: c.minutes,
        gap_minutes: c.gap_minutes,
        status: c.status,
        contact_id: c.id,
      }));
      kit.print(
        o.json,
        json,
        items
          .map((c) => `${c.id_number_masked} ${c.name} @${c.venue_code} ${c.overlap_start}–${c.overlap_end} gap ${c.gap_minutes} min [${c.status}]`)
          .join('\n') || 'No candidates.',
      );
    });
  registerContactActionCommands(program, kit);
}
