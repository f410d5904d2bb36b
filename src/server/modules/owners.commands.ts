import fs from 'node:fs';
import type { Command } from 'commander';
import type { WordsLanguage } from '../../contract/reason-words';
import { importResponsibles } from './areas/responsibles-import';
import { passwordsCsv } from './auth/users-import.routes';
import { importUsers } from './auth/users-import';
import { commandGroup, reportLangOption, reportRejectedRows } from './cli-helpers';
import type { CliKit } from './module';

const fileMissing = (file: string) => Object.assign(new Error(`File not found: ${file}`), { code: 'FILE_NOT_FOUND' });

function summaryLine(r: { accepted: number; updated: number; unchanged: number; rejected: number }, errorsFile?: string): string {
  return `accepted ${r.accepted}, updated ${r.updated}, unchanged ${r.unchanged}, rejected ${r.rejected}${r.rejected && !errorsFile ? ' (use --errors FILE.csv for the row-by-row report)' : ''}`;
}

/** `epigrid import users` and `epigrid import responsibles` (issue 13 item 5: a district's accounts and owners). */
export function registerOwnerCommands(program: Command, kit: CliKit): void {
  const importCmd = commandGroup(program, 'import', 'Import data files (CSV or XLSX)');
  importCmd
    .command('users <file>')
    .description(
      'Create or update user accounts: columns username,display_name,role,scope,phone[,sites] (scope: area codes separated by |; sites: kind:code separated by |). Good rows are kept, bad rows reported; new accounts get a one-time password, written only to --passwords, changed at first login; re-running the file changes nothing.',
    )
    .requiredOption('--passwords <out.csv>', 'new file (must not exist) to receive username,password of each account created; created 0600')
    .option('--errors <file.csv>', 'write every rejected row (row,column,reason,reason_code) to this CSV')
    .addOption(reportLangOption())
    .option('--json', 'print {accepted, rejected, unchanged, updated}')
    .action(async (file: string, o: { passwords: string; errors?: string; lang: WordsLanguage; json?: boolean }) => {
      if (!fs.existsSync(file)) throw fileMissing(file);
      // Opened before anything is imported, exclusively: an earlier file's passwords are never overwritten,
      // and no account is created whose password could not then be written down.
      let fd: number;
      try {
        fd = fs.openSync(o.passwords, 'wx', 0o600);
      } catch (e) {
        const exists = (e as NodeJS.ErrnoException).code === 'EEXIST';
        throw Object.assign(new Error(exists ? `${o.passwords} exists already: give a new file for the passwords` : `Cannot create ${o.passwords}`), {
          code: exists ? 'ALREADY_EXISTS' : 'FILE_NOT_WRITABLE',
        });
      }
      let r: Awaited<ReturnType<typeof importUsers>>;
      try {
        r = await kit.withContext((ctx) => importUsers(ctx, kit.actor(), file));
        fs.writeSync(fd, passwordsCsv(r.passwords));
        fs.closeSync(fd);
      } catch (e) {
        fs.closeSync(fd);
        if (fs.statSync(o.passwords).size === 0) fs.unlinkSync(o.passwords); // nothing was created: leave no empty file behind
        throw e;
      }
      reportRejectedRows(o.errors, r.errors, o.json, o.lang);
      const summary = { accepted: r.accepted, rejected: r.rejected, unchanged: r.unchanged, updated: r.updated };
      kit.print(o.json, summary, `${summaryLine(r, o.errors)}; ${r.passwords.length} initial passwords written to ${o.passwords}`);
    });

  importCmd
    .command('responsibles <file>')
    .description(
      'Name the people answerable for areas (四方责任, grid workers): columns area_code,duty,name,title,phone (duty: locality, department, unit, grid_worker). Good rows are kept, bad rows reported; an owner is matched by area, duty and name, so re-running the file changes nothing.',
    )
    .option('--errors <file.csv>', 'write every rejected row (row,column,reason,reason_code) to this CSV')
    .addOption(reportLangOption())
    .option('--json', 'print {accepted, rejected, unchanged, updated}')
    .action(async (file: string, o: { errors?: string; lang: WordsLanguage; json?: boolean }) => {
      if (!fs.existsSync(file)) throw fileMissing(file);
      const r = await kit.withContext((ctx) => importResponsibles(ctx, kit.actor(), file));
      reportRejectedRows(o.errors, r.errors, o.json, o.lang);
      kit.print(o.json, { accepted: r.accepted, rejected: r.rejected, unchanged: r.unchanged, updated: r.updated }, summaryLine(r, o.errors));
    });
}
