import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/** Registry additions: vaccination on the person row, name search, responsibility look-ups. */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('persons')
    .addColumn('vaccine_doses', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('persons').addColumn('vaccine_dates', 'text').execute(); // '|'-joined YYYY-MM-DD per dose
  // Name-prefix search in keyset order (name, id).
  await db.schema.createIndex('persons_name').on('persons').columns(['name', 'id']).execute();
  await db.schema.createIndex('persons_household').on('persons').columns(['household_code']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('persons_household').execute();
  await db.schema.dropIndex('persons_name').execute();
  await db.schema.alterTable('persons').dropColumn('vaccine_dates').execute();
  await db.schema.alterTable('persons').dropColumn('vaccine_doses').execute();
}
