import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPostgres } from '../db/database';
import { migrateToLatest } from '../db/migrator';
import { testDialects, testPgUrl } from './engines';

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
  }
}

/**
 * With PostgreSQL in the engine list: build one migrated template database per run; each test
 * file then clones it (CREATE DATABASE … TEMPLATE), which is much faster than migrating each.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!testDialects().includes('postgres')) {
    project.provide('pgTemplate', '');
    return async () => {};
  }
  const template = `epigrid_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: testPgUrl() });
  await admin.connect();
  await admin.query(`create database ${template} template template0 encoding 'UTF8' lc_collate 'C' lc_ctype 'C'`);
  const database = openPostgres(testPgUrl(template), 2);
  await migrateToLatest(database.db);
  await database.close();
  project.provide('pgTemplate', template);
  return async () => {
    const rows = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`epigrid_t_${process.pid}_%`]);
    for (const r of rows.rows) await admin.query(`drop database if exists ${r.datname} with (force)`);
    await admin.query(`drop database if exists ${template} with (force)`);
    await admin.end();
  };
}
