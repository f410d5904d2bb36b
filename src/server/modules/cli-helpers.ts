import fs from 'node:fs';
import type { Command } from 'commander';
import type { ImportRowProblem } from '../../contract/errors';
import { importReportCsv } from '../lib/import-report';

/** The command group `name` (e.g. `import`, `report`), shared by every module that adds to it. */
export function commandGroup(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}

/** Rejected rows to `--errors FILE.csv` (row,column,reason,reason_code), or the first 20 on stderr when no file was asked for. */
export function reportRejectedRows(file: string | undefined, rows: readonly ImportRowProblem[], quiet = false): void {
  if (file) fs.writeFileSync(file, importReportCsv(rows));
  else if (!quiet) for (const e of rows.slice(0, 20)) process.stderr.write(`  row ${e.row} ${e.column}: ${e.reason}\n`);
}
