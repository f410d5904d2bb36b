import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import type { Scope } from '../access';
import { docHash, PersonRepository } from '../people';

export interface Resident {
  id: string;
  area_code: string;
  household_code: string | null;
  /** From the ID number (the minor rule counts age from it). */
  birth_date: string | null;
}

/** The few person fields placement needs, for many people at once, in the caller's transaction. */
export async function residentsByIds(trx: Kysely<DB>, ids: readonly string[]): Promise<Map<string, Resident>> {
  const out = new Map<string, Resident>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 1000)
    for (const p of await trx
      .selectFrom('persons')
      .select(['id', 'area_code', 'household_code', 'birth_date'])
      .where('id', 'in', unique.slice(i, i + 1000))
      .execute())
      out.set(p.id, p);
  return out;
}

/** A registered resident of the caller's areas by ID number (keyed hash), or null — never says whether one exists elsewhere. */
export async function residentByIdNumber(ctx: AppContext, trx: Kysely<DB>, scope: Scope, idNumber: string): Promise<Resident | null> {
  const p = await new PersonRepository(trx, ctx.dialect, scope).byDocHash(docHash(ctx.pii, idNumber));
  return p && scope.covers(p.area_code) ? { id: p.id, area_code: p.area_code, household_code: p.household_code, birth_date: p.birth_date } : null;
}
