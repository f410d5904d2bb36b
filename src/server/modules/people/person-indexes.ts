import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';

/**
 * Secondary indexes of the registry that a bulk load into a (nearly) empty registry drops and
 * rebuilds at the end: sorting once beats updating seven B-trees millions of times. The primary
 * key and the unique document-hash index stay, so dedupe keeps working during the load.
 */
const DEFERRED: ReadonlyArray<{ name: string; ddl: string }> = [
  { name: 'persons_area', ddl: 'create index if not exists persons_area on persons (area_code, id)' },
  { name: 'persons_phone', ddl: 'create index if not exists persons_phone on persons (phone_hash)' },
  { name: 'persons_control', ddl: 'create index if not exists persons_control on persons (control_status, area_code)' },
  { name: 'persons_name', ddl: 'create index if not exists persons_name on persons (name, id)' },
  { name: 'persons_household', ddl: 'create index if not exists persons_household on persons (household_code)' },
  { name: 'person_tags_person', ddl: 'create index if not exists person_tags_person on person_tags (person_id)' },
];

/** A bulk load may defer index maintenance only while the registry holds fewer people than this. */
export const DEFER_BELOW_PEOPLE = 100_000;

export async function dropDeferredIndexes(db: Kysely<DB>): Promise<void> {
  for (const ix of DEFERRED) await sql.raw(`drop index if exists ${ix.name}`).execute(db);
}

/**
 * Build any missing deferred index (a no-op when all exist). Called after a bulk load and on start,
 * so a load that was killed half-way never leaves the registry without its indexes.
 */
export async function ensurePersonIndexes(db: Kysely<DB>): Promise<void> {
  for (const ix of DEFERRED) await sql.raw(ix.ddl).execute(db);
}

/** Whether the registry holds fewer than `DEFER_BELOW_PEOPLE` people (reads at most that many index entries). */
export async function registryIsSmall(db: Kysely<DB>): Promise<boolean> {
  const row = await db
    .selectFrom('persons')
    .select('id')
    .orderBy('id')
    .limit(1)
    .offset(DEFER_BELOW_PEOPLE - 1)
    .executeTakeFirst();
  return !row;
}
