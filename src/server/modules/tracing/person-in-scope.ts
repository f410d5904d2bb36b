import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Pii } from '../../lib/pii';
import { Access, type Scope } from '../access';
import { docHash, type PersonRow } from '../people';

/**
 * A person named by id (through the access check: 404 outside scope) or by ID number (keyed hash,
 * looked up in scope only, so an unknown number and one registered elsewhere answer alike).
 */
export async function personInScope(trx: Kysely<DB>, pii: Pii, scope: Scope, who: { personId?: string; idNumber?: string }): Promise<PersonRow | undefined> {
  if (who.personId) await new Access(trx, scope).ensure('person', who.personId);
  else if (!who.idNumber) return undefined;
  return trx
    .selectFrom('persons')
    .selectAll()
    .where(who.personId ? 'id' : 'doc_hash', '=', who.personId ?? docHash(pii, who.idNumber ?? ''))
    .where((eb) => scope.where(eb, 'area_code'))
    .executeTakeFirst();
}
