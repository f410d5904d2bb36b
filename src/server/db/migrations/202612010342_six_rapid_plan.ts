import type { Kysely } from 'kysely';
import { newId } from '../../lib/ids';
import { SIX_RAPID, validatePlan } from '../../modules/response/plan-rules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/** Ship the default plan 六个快速 (code `six-rapid`), version 1; a city edits it like any other plan. */
export async function up(db: AnyDb): Promise<void> {
  const def = validatePlan(SIX_RAPID);
  const exists = await db.selectFrom('response_plans').select('id').where('code', '=', def.code).executeTakeFirst();
  if (exists) return;
  await db
    .insertInto('response_plans')
    .values({
      id: newId(),
      code: def.code,
      name: def.name,
      definition: JSON.stringify(def),
      version: 1,
      updated_by: 'system:migration',
      updated_at: '2026-12-01T00:00:00.000Z',
    })
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.deleteFrom('response_plans').where('code', '=', 'six-rapid').where('updated_by', '=', 'system:migration').execute();
}
