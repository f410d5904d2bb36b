import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { areaSql, type Scope } from '../access';

/**
 * Chains of transmission as one scope may see them: its cases, and their confirmed contacts living
 * in scope by name; contacts living elsewhere only as a count per case.
 */
export class ChainRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly scope: Scope,
  ) {}

  /**
   * Clusters touching the scope, largest first, each named by its first case in scope (a cluster
   * that began in another area is shown from where it entered this one).
   */
  async clusters(limit = 500) {
    const rows = await sql<{ cluster_id: string; cases: number; first_reported: string }>`
      select cluster_id, count(*) as cases, min(reported_at) as first_reported from cases
      where ${areaSql(this.scope, 'area_code')} group by cluster_id order by cases desc, first_reported limit ${limit}`.execute(this.db);
    if (rows.rows.length === 0) return [];
    const firsts = await sql<{ cluster_id: string; id: string; code: string }>`
      select c.cluster_id, c.id, c.code from cases c
      where ${areaSql(this.scope, 'c.area_code')} and c.cluster_id in (${sql.join(rows.rows.map((r) => r.cluster_id))})
        and c.reported_at = (select min(c2.reported_at) from cases c2 where c2.cluster_id = c.cluster_id and ${areaSql(this.scope, 'c2.area_code')})
      order by c.id`.execute(this.db);
    const first = new Map<string, { id: string; code: string }>();
    for (const f of firsts.rows) if (!first.has(f.cluster_id)) first.set(f.cluster_id, f);
    return rows.rows.map((r) => ({ ...r, first: first.get(r.cluster_id) }));
  }

  /** Cases in scope, of one cluster or all (capped), oldest first. */
  cases(clusterId: string | undefined, limit = 500) {
    let q = this.db
      .selectFrom('cases')
      .innerJoin('persons', 'persons.id', 'cases.person_id')
      .select(['cases.id', 'cases.code', 'cases.person_id', 'cases.source_case_id', 'cases.area_code', 'persons.name'])
      .where((eb) => this.scope.where(eb, 'cases.area_code'))
      .orderBy('cases.reported_at')
      .limit(limit);
    if (clusterId) q = q.where('cases.cluster_id', '=', clusterId);
    return q.execute();
  }

  /** Confirmed contacts of these cases living in scope. */
  async contactsInScope(caseIds: readonly string[], limit = 5000) {
    if (caseIds.length === 0) return [];
    return this.db
      .selectFrom('contacts')
      .innerJoin('persons', 'persons.id', 'contacts.person_id')
      .select(['contacts.id', 'contacts.case_id', 'contacts.person_id', 'contacts.class', 'contacts.via_contact_id', 'contacts.area_code', 'persons.name'])
      .where('contacts.status', '=', 'confirmed')
      .where('contacts.case_id', 'in', [...caseIds])
      .where((eb) => this.scope.where(eb, 'contacts.area_code'))
      .limit(limit)
      .execute();
  }

  /** Confirmed contacts of these cases living outside the scope, counted per case. */
  async elsewhereCounts(caseIds: readonly string[]): Promise<Map<string, number>> {
    if (caseIds.length === 0) return new Map();
    const rows = await sql<{ case_id: string; n: number }>`
      select case_id, count(*) as n from contacts
      where status = 'confirmed' and case_id in (${sql.join([...caseIds])}) and not ${areaSql(this.scope, 'area_code')}
      group by case_id`.execute(this.db);
    return new Map(rows.rows.map((r) => [r.case_id, Number(r.n)]));
  }
}
