import type { FastifyInstance } from 'fastify';
import { buildApp } from './app';
import type { Config } from './config';
import { createContext, type AppContext } from './context';
import { migrateToLatest } from './db/migrator';
import { JobScheduler } from './jobs/scheduler';
import { modules } from './modules';
import { AuditCheckpointer } from './modules/audit/audit-checkpointer';
import { AuthService } from './modules/auth/auth.service';

export interface RunningServer {
  app: FastifyInstance;
  ctx: AppContext;
  scheduler: JobScheduler;
  stop(): Promise<void>;
}

/** Start-up: migrate, ensure an admin, run module start hooks, start jobs, listen. */
export async function startServer(config: Config): Promise<RunningServer> {
  const ctx = createContext(config);
  await checkCollation(ctx);
  const applied = await migrateToLatest(ctx.db);
  if (applied.length) ctx.log.info({ applied }, 'migrations applied');
  const admin = await new AuthService(ctx).ensureAdmin();
  if (admin.generatedPassword) {
    // Printed once, to the console only (not the JSON log), so the operator can log in.
    process.stdout.write(`\n  EpiGrid created the user "admin" with password: ${admin.generatedPassword}\n  Change it after the first login.\n\n`);
  }
  const scheduler = new JobScheduler(ctx);
  for (const m of modules) for (const j of m.jobs ?? []) scheduler.register(j);
  await scheduler.install();
  for (const m of modules) if (m.onStart) await m.onStart(ctx, scheduler);
  if (config.jobsEnabled) scheduler.start();
  const checkpointer = new AuditCheckpointer(ctx);
  await checkpointer.start();
  const app = await buildApp(ctx);
  await app.listen({ port: config.port, host: config.host });
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      await app.close(); // stops accepting, waits for in-flight requests
      await scheduler.stop();
      await checkpointer.stop(); // after the last request and job, so it seals the final head
      await ctx.database.close();
    })();
    return stopping;
  };
  return { app, ctx, scheduler, stop };
}

/** Area-scope filters are code ranges; they need byte-order (C) collation on PostgreSQL. */
async function checkCollation(ctx: AppContext): Promise<void> {
  if (ctx.dialect !== 'postgres') return;
  const { sql } = await import('kysely');
  const r = await sql<{ c: string }>`select datcollate as c from pg_database where datname = current_database()`.execute(ctx.db);
  const c = r.rows[0]?.c ?? '';
  if (c !== 'C' && c !== 'POSIX' && !c.startsWith('C.')) {
    throw new Error(`PostgreSQL database collation is "${c}"; EpiGrid needs C collation. Create it with: createdb --locale=C --template=template0 NAME`);
  }
}
