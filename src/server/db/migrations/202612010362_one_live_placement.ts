import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * A person is never in two live placements (issue 12: after a site-to-hospital transfer someone was
 * "at the hospital and still in room 2-01 on the books"). The services already end the old
 * placement in the transfer's transaction; this partial unique index makes the database refuse a
 * second live one whatever path writes it. Existing duplicates stop the migration with a message
 * (they need a person to decide which placement is real), rather than being ended silently.
 */
export async function up(db: AnyDb): Promise<void> {
  const dup = await sql<{
    n: number;
  }>`select count(*) as n from (select person_id from placements where status = 'live' group by person_id having count(*) > 1) d`.execute(db);
  if (Number(dup.rows[0]?.n ?? 0) > 0)
    throw new Error(
      `${dup.rows[0]?.n} people have more than one live placement; release or end the wrong ones (epigrid quarantine placements) before migrating`,
    );
  await sql`create unique index placements_one_live on placements (person_id) where status = 'live'`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop index placements_one_live`.execute(db);
}
