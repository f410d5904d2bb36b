import type { Kysely } from 'kysely';
import { bulkInsert, type BulkSpec } from '../../db/bulk';
import type { Database } from '../../db/database';
import type { DB } from '../../db/schema';
import { PERSON_COLUMNS } from './demo-rows';
import type { PersonRow, PersonTagRow } from './people.table';

const PERSONS_BULK: BulkSpec<PersonRow> = { table: 'persons', columns: PERSON_COLUMNS, types: { vaccine_doses: 'integer' } };
const PERSON_TAGS_BULK: BulkSpec<PersonTagRow> = { table: 'person_tags', columns: ['tag', 'area_code', 'person_id'] };

/**
 * The bulk path for loading many people (demo city, imports) through db/bulk.ts. Callers hold the
 * transaction: on PostgreSQL pass it as `trx`; on SQLite the statements run on the one connection.
 */
export async function writePersons(
  database: Database,
  rows: readonly PersonRow[],
  tags: readonly PersonTagRow[],
  trx: Kysely<DB> = database.db,
): Promise<void> {
  await bulkInsert(database, trx, PERSONS_BULK, rows);
  await bulkInsert(database, trx, PERSON_TAGS_BULK, tags);
}
