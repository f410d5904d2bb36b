import { sql } from 'kysely';
import { migrateAllDown, migrateToLatest } from './migrator';
import { freshDatabase, testDialects } from '../test/harness';

async function tableNames(db: Awaited<ReturnType<typeof freshDatabase>>): Promise<string[]> {
  const q =
    db.dialect === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`
      : sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public' and tablename not like 'kysely_%'`;
  return (await q.execute(db.db)).rows.map((r) => r.name).sort();
}

for (const dialect of testDialects()) {
  describe(`[${dialect}] migrations`, () => {
    it('migrate up, all the way down, and up again', async () => {
      const database = await freshDatabase(dialect);
      try {
        const before = await tableNames(database);
        expect(before).toContain('users');
        expect(before).toContain('persons');
        await migrateAllDown(database.db);
        expect(await tableNames(database)).toEqual([]);
        await migrateToLatest(database.db);
        expect(await tableNames(database)).toEqual(before);
      } finally {
        await database.close();
      }
    });
  });
}
