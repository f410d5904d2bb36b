import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * Issue 13, grids merged or split: a grid merged into another, and a building moved to another
 * grid (its code is re-issued under the new grid, since scope filters on the code's prefix), are
 * retired rather than deleted. Samples, rounds' counters, tasks and audit entries keep naming the
 * old code, and its name must still resolve; `successor_code` says where its people went.
 * Live listings (children, grid map, locator, imports) leave retired areas out.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('areas').addColumn('retired_at', 'text').execute();
  await db.schema.alterTable('areas').addColumn('successor_code', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('areas').dropColumn('successor_code').execute();
  await db.schema.alterTable('areas').dropColumn('retired_at').execute();
}
