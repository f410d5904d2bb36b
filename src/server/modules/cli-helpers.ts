import fs from 'node:fs';
import { Option, type Command } from 'commander';
import type { ImportRowProblem } from '../../contract/errors';
import type { WordsLanguage } from '../../contract/reason-words';
import { importReportCsv } from '../lib/import-report';

/** The command group `name` (e.g. `import`, `report`), shared by every module that adds to it. */
export function commandGroup(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

/**
 * `--lang zh|en` of a command writing a file a person reads (issue 12): `zh` is what the web's
 * `?lang=zh` gives (Chinese headers and words); the default `en` is the contract scripts read.
 */
export function langOption(what: string): Option {
  return new Option('--lang <lang>', `language of ${what}: en (the documented columns and codes) or zh (Chinese headers and words)`)
    .choices(['en', 'zh'])
    .default('en');
}

/** `--lang` of the `--errors` row report (`row,column,reason,reason_code`, or `行号,列,原因,原因代码` for zh). */
export const reportLangOption = (): Option => langOption('the --errors report');

/**
 * Rejected rows to `--errors FILE.csv` (row,column,reason,reason_code; Chinese headers and reasons for `lang` zh),
 * or the first 20 on stderr when no file was asked for.
 */
export function reportRejectedRows(file: string | undefined, rows: readonly ImportRowProblem[], quiet = false, lang: WordsLanguage = 'en'): void {
  // The Chinese report is for a person opening it in Excel, which needs the BOM to read UTF-8 (as the HTTP answer has).
  if (file) fs.writeFileSync(file, lang === 'zh' ? `\ufeff${importReportCsv(rows, lang)}` : importReportCsv(rows, lang));
  else if (!quiet) for (const e of rows.slice(0, 20)) process.stderr.write(`  row ${e.row} ${e.column}: ${e.reason}\n`);
}
