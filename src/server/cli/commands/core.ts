import type { Command } from 'commander';
import { loadConfig } from '../../config';
import { migrateDown, migrateToLatest } from '../../db/migrator';
import { AuditService, type VerifyReport } from '../../modules/audit/audit.service';
import { siteKinds, type SiteKind, type SiteRef } from '../../modules/auth/actor';
import { AuthService } from '../../modules/auth/auth.service';
import { validationError } from '../../errors';
import type { CliKit } from '../../modules/module';
import { createContext } from '../../context';

/** `--sites facility:<id>,lab:<code>` → postings; an unknown kind is refused before anything is written. */
function parseSitesOption(text: string): SiteRef[] {
  const out: SiteRef[] = [];
  for (const item of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const i = item.indexOf(':');
    const kind = item.slice(0, i);
    if (i < 1 || !(siteKinds as readonly string[]).includes(kind))
      throw validationError({ sites: `"${item}" is not kind:code (kinds: ${siteKinds.join(', ')})` });
    out.push({ kind: kind as SiteKind, code: item.slice(i + 1) });
  }
  return out;
}

/** migrate, serve, user and audit commands. */
export function registerCoreCommands(program: Command, kit: CliKit): void {
  program
    .command('migrate')
    .description('Apply pending database migrations (or undo the last one with --down)')
    .option('--down', 'undo the most recent migration')
    .option('--json', 'print JSON')
    .action(async (o: { down?: boolean; json?: boolean }) => {
      const ctx = createContext(loadConfig());
      try {
        const steps = o.down ? await migrateDown(ctx.db) : await migrateToLatest(ctx.db);
        kit.print(o.json, { steps }, steps.length ? steps.join('\n') : 'Database is up to date.');
      } finally {
        await ctx.database.close();
      }
    });

  program
    .command('serve')
    .description('Start the HTTP server (same as npm start without the web build)')
    .action(async () => {
      await import('../../main');
    });

  const user = program.command('user').description('Manage users');
  user
    .command('create')
    .description('Create a user')
    .requiredOption('--username <name>', 'login name')
    .requiredOption('--role <role>', 'admin|commander|area_official|grid_worker|sampler|lab|epidemiologist|quarantine_manager|transfer_team|inspector')
    .requiredOption('--password <password>', 'initial password (must be changed at first login)')
    .option('--name <displayName>', 'display name')
    .option('--scope <codes>', 'comma-separated area codes, * for all', '*')
    .option('--sites <sites>', 'comma-separated work-site postings kind:code (facility:<id>, sampling_site:<code>, lab:<code>)', '')
    .option('--json', 'print JSON')
    .action(async (o: { username: string; role: string; password: string; name?: string; scope: string; sites: string; json?: boolean }) => {
      const u = await kit.withContext((ctx) =>
        new AuthService(ctx).createUser(kit.actor(), {
          username: o.username,
          displayName: o.name ?? o.username,
          role: o.role,
          scope: o.scope
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          sites: parseSitesOption(o.sites),
          password: o.password,
        }),
      );
      kit.print(o.json, { id: u.id }, `Created user ${u.username} (${u.role}) id=${u.id}`);
    });

  const audit = program.command('audit').description('Audit trail');
  audit
    .command('verify')
    .description('Check the keyed hash chain of the audit log against the signed checkpoints; lists every break (exit 3 if any)')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const r = await kit.withContext((ctx) => new AuditService(ctx).verify());
      kit.print(o.json, r, describeVerify(r));
      if (!r.ok) process.exitCode = 3;
    });
  audit
    .command('checkpoint')
    .description("Write a signed checkpoint of the chain's head to the checkpoint file now (the server writes one hourly and at shutdown)")
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const cp = await kit.withContext((ctx) => new AuditService(ctx).checkpoint());
      kit.print(
        o.json,
        { written: cp !== null, checkpoint: cp },
        cp ? `Checkpoint written: #${cp.seq} at ${cp.at}` : 'Head unchanged since the last checkpoint; nothing written.',
      );
    });
}

/** The human verify report: a summary line, then one line per break. */
export function describeVerify(r: VerifyReport): string {
  const cp = r.checkpoints;
  const lines = [
    r.ok
      ? `Audit chain intact: ${r.entries} entries verified.`
      : `Audit chain BROKEN: ${r.breakRuns} break(s), ${r.brokenEntries} entries affected, of ${r.entries} read.`,
    `  keyed chain from #${r.keyedFrom ?? '-'}; ${r.legacyEntries} earlier entries checked with the pre-key (unkeyed) hash`,
    cp.found
      ? `  checkpoints: ${cp.valid} valid in ${cp.file}${cp.last ? `, last #${cp.last.seq} at ${cp.last.at}` : ''}${cp.forged ? `, ${cp.forged} forged` : ''}`
      : `  checkpoints: none found at ${cp.file} (truncation of the tail cannot be detected without them)`,
  ];
  for (const b of r.breaks) lines.push(`  #${b.seq}${b.toSeq !== b.seq ? `–#${b.toSeq}` : ''} ${b.code}: ${b.problem}`);
  if (r.breakRuns > r.breaks.length) lines.push(`  … and ${r.breakRuns - r.breaks.length} more break runs not listed`);
  return lines.join('\n');
}
