import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * A user's mobile number (issue 13: users imported in bulk carry one), kept as every phone is:
 * AES-GCM encrypted (`phone_enc`, lib/pii.ts) beside the masked form `phone_masked` that answers
 * show. No look-up hash: nobody searches users by phone.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('users').addColumn('phone_enc', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('users').dropColumn('phone_enc').execute();
}
