import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { DB } from './schema';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Every file in db/migrations named `YYYYMMDDHHMM_name.ts` is a migration, applied in name order.
 * Reading the folder (rather than a hand-kept list) lets each capability add its own file.
 */
class FolderMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await fs.readdir(migrationsDir)).filter((f) => /^\d{12}_[\w-]+\.(ts|js)$/.test(f)).sort();
    const out: Record<string, Migration> = {};
    for (const file of files) {
      const mod = (await import(path.join(migrationsDir, file))) as Migration;
      out[file.replace(/\.(ts|js)$/, '')] = mod;
    }
    return out;
  }
}

function migrator(db: Kysely<DB>): Migrator {
  return new Migrator({ db, provider: new FolderMigrationProvider() });
}

function check(set: MigrationResultSet): string[] {
  if (set.error) {
    const failed = set.results?.find((r) => r.status === 'Error');
    const msg = set.error instanceof Error ? set.error.message : JSON.stringify(set.error);
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${msg}`);
  }
  return (set.results ?? []).map((r) => `${r.direction === 'Up' ? '↑' : '↓'} ${r.migrationName}`);
}

export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  return check(await migrator(db).migrateToLatest());
}

export async function migrateDown(db: Kysely<DB>): Promise<string[]> {
  return check(await migrator(db).migrateDown());
}

/** Undo every migration (used by the up/down/up test). */
export async function migrateAllDown(db: Kysely<DB>): Promise<void> {
  const m = migrator(db);
  for (;;) {
    const set = await m.migrateDown();
    check(set);
    if (!set.results || set.results.length === 0) return;
  }
}
