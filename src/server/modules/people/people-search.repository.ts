import type { Kysely } from 'kysely';
import type { Dialect } from '../../db/database';
import { codeUpperBound } from '../../db/dialect';
import type { DB } from '../../db/schema';
import type { Scope } from '../access/scope';
import type { PersonRow } from './people.table';

export type SearchBy = { name: string } | { docHash: string } | { phoneHash: string } | { area: string };

export interface SearchCursor {
  k: string; // name or area_code of the last row
  id: string;
}

/**
 * Person search, always inside the scope it is built with (filtered in SQL), keyset-paginated:
 * name prefix walks persons_name (name, id); area walks persons_area (area_code, id);
 * ID number and phone are exact look-ups by keyed hash.
 */
export class PeopleSearchRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: Dialect,
    private readonly scope: Scope,
  ) {}

  async search(by: SearchBy, filters: { controlStatus?: string; tag?: string }, after: SearchCursor | null, limit: number): Promise<PersonRow[]> {
    let q = this.db
      .selectFrom('persons')
      .selectAll()
      .where((eb) => this.scope.where(eb, 'area_code'))
      .limit(limit);
    if (filters.controlStatus) q = q.where('control_status', '=', filters.controlStatus as PersonRow['control_status']);
    if (filters.tag) q = q.where('tags', 'like', `%${filters.tag}%`);
    if ('name' in by) {
      // Prefix range on the name index; '\uffff' sorts after every BMP character in UTF-8 byte order.
      q = q.where('name', '>=', by.name).where('name', '<', `${by.name}\uffff`).orderBy('name').orderBy('id');
      if (after) q = q.where((eb) => eb.or([eb('name', '>', after.k), eb.and([eb('name', '=', after.k), eb('id', '>', after.id)])]));
    } else if ('area' in by) {
      q = q.where('area_code', '>=', by.area).where('area_code', '<', codeUpperBound(by.area)).orderBy('area_code').orderBy('id');
      if (after) q = q.where((eb) => eb.or([eb('area_code', '>', after.k), eb.and([eb('area_code', '=', after.k), eb('id', '>', after.id)])]));
    } else if ('docHash' in by) {
      q = q.where('doc_hash', '=', by.docHash);
    } else {
      q = q.where('phone_hash', '=', by.phoneHash).orderBy('id');
      if (after) q = q.where('id', '>', after.id);
    }
    return q.execute();
  }

  /** Everyone in a household (same household code), scoped. */
  household(code: string): Promise<PersonRow[]> {
    return this.db
      .selectFrom('persons')
      .selectAll()
      .where('household_code', '=', code)
      .where((eb) => this.scope.where(eb, 'area_code'))
      .orderBy('birth_date')
      .limit(50)
      .execute();
  }

  /** Audit entries about one person in scope, newest first (none for a person outside it). */
  personAudit(personId: string) {
    return this.db
      .selectFrom('audit_log')
      .select(['seq', 'at', 'actor_name', 'action', 'reason', 'details'])
      .where('target_type', '=', 'person')
      .where('target_id', '=', personId)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('persons')
            .select('persons.id')
            .where('persons.id', '=', personId)
            .where((e) => this.scope.where(e, 'persons.area_code')),
        ),
      )
      .orderBy('seq', 'desc')
      .limit(200)
      .execute();
  }
}

export function encodeCursor(c: SearchCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(s: string | undefined): SearchCursor | null {
  if (!s) return null;
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as SearchCursor;
    return typeof c.k === 'string' && typeof c.id === 'string' ? c : null;
  } catch {
    return null;
  }
}
