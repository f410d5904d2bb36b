import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * The audit chain becomes keyed (issue 11, findings 5 and 12). Rows already written keep their
 * plain SHA-256 hashes and are marked `chain_v = 0`; history is not rewritten (re-sealing needs the
 * key, which a migration does not have, and would bless whatever the table held that day).
 * New rows are `chain_v = 1` (HMAC). The first keyed row's HMAC covers the last legacy hash, so the
 * legacy prefix cannot be rewritten either without breaking it; `audit verify` reports how many
 * legacy rows there are and where the keyed chain starts.
 *
 * The partial index serves the reveal limit (finding 13): a user's clear views in the last hour,
 * counted from the audit trail itself; it costs nothing on every other append.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('audit_log')
    .addColumn('chain_v', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('audit_reveals_by_actor')
    .on('audit_log')
    .columns(['actor_id', 'action', 'at'])
    .where(sql.ref('action'), 'in', ['person.pii_revealed', 'security.reveal_limited'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('audit_reveals_by_actor').execute();
  await db.schema.alterTable('audit_log').dropColumn('chain_v').execute();
}
