import os from 'node:os';
import { Command } from 'commander';
import { ConfigError, loadConfig } from './config';
import { createContext, createLogger, type AppContext } from './context';
import { registerCoreCommands } from './cli/commands/core';
import { migrateToLatest } from './db/migrator';
import { modules } from './modules';
import { systemActor } from './modules/auth/actor';
import type { CliKit } from './modules/module';

/** Print without ever writing a stack trace for expected (domain/config) errors. */
function fail(err: unknown): never {
  const e = err as { code?: string; message?: string; details?: unknown };
  if (e && typeof e.code === 'string' && e.message) {
    process.stderr.write(`error ${e.code}: ${e.message}\n`);
    if (e.details && Object.keys(e.details).length) process.stderr.write(`${JSON.stringify(e.details, null, 2)}\n`);
  } else if (err instanceof ConfigError) process.stderr.write(`${err.message}\n`);
  else process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}

const kit: CliKit = {
  async withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T> {
    const config = loadConfig();
    // CLI logs go to stderr so that --json output on stdout stays clean.
    const ctx = createContext(config, { log: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel) });
    try {
      await migrateToLatest(ctx.db);
      return await fn(ctx);
    } finally {
      await ctx.database.close();
    }
  },
  print(json, value, human) {
    if (json) process.stdout.write(`${JSON.stringify(value)}\n`);
    else process.stdout.write(`${human ?? JSON.stringify(value, null, 2)}\n`);
  },
  actor: () => systemActor(`cli:${os.userInfo().username}`),
};

const program = new Command('epigrid')
  .description('EpiGrid — city epidemic prevention and control command system (疫情防控管理信息系统)')
  .showHelpAfterError()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

registerCoreCommands(program, kit);
for (const m of modules) m.commands?.(program, kit);

program.parseAsync(process.argv).catch(fail);
