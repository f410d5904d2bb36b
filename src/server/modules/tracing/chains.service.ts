import type { AppContext } from '../../context';
import { inAreas } from '../../db/dialect';
import { maskName } from '../../lib/masking';
import type { Actor } from '../auth/actor';

export interface ChainNode {
  id: string;
  label: string;
  kind: 'case' | 'close' | 'secondary' | 'companion';
  caseCode?: string;
  areaCode: string;
}
export interface ChainEdge {
  source: string;
  target: string;
  kind: 'infected' | 'close' | 'secondary' | 'companion';
}

/** Chains of transmission (传播链): people as nodes, case→contact and case→case links as edges. */
export class ChainsService {
  constructor(private readonly ctx: AppContext) {}

  /** Clusters (聚集性疫情) with their first case, largest first. */
  async clusters(actor: Actor) {
    const rows = await this.ctx.db
      .selectFrom('cases')
      .select(['cluster_id', (eb) => eb.fn.countAll<number>().as('cases'), (eb) => eb.fn.min('reported_at').as('first_reported')])
      .where((eb) => inAreas(eb, 'area_code', actor.scope))
      .groupBy('cluster_id')
      .orderBy('cases', 'desc')
      .limit(500)
      .execute();
    const firsts = rows.length
      ? await this.ctx.db
          .selectFrom('cases')
          .select(['id', 'code'])
          .where(
            'id',
            'in',
            rows.map((r) => r.cluster_id),
          )
          .execute()
      : [];
    const code = new Map(firsts.map((f) => [f.id, f.code]));
    return rows.map((r) => ({
      clusterId: r.cluster_id,
      firstCase: code.get(r.cluster_id) ?? r.cluster_id,
      cases: Number(r.cases),
      firstReported: r.first_reported,
    }));
  }

  /** The graph of one cluster, or of every case in scope (capped) when none is given. */
  async graph(actor: Actor, clusterId?: string): Promise<{ nodes: ChainNode[]; edges: ChainEdge[] }> {
    let q = this.ctx.db
      .selectFrom('cases')
      .innerJoin('persons', 'persons.id', 'cases.person_id')
      .select(['cases.id', 'cases.code', 'cases.person_id', 'cases.source_case_id', 'cases.area_code', 'persons.name'])
      .where((eb) => inAreas(eb, 'cases.area_code', actor.scope))
      .orderBy('cases.reported_at')
      .limit(500);
    if (clusterId) q = q.where('cases.cluster_id', '=', clusterId);
    const cases = await q.execute();
    const nodes = new Map<string, ChainNode>();
    const edges: ChainEdge[] = [];
    const personOfCase = new Map(cases.map((c) => [c.id, c.person_id]));
    for (const c of cases)
      nodes.set(c.person_id, { id: c.person_id, label: `${c.code} ${maskName(c.name)}`, kind: 'case', caseCode: c.code, areaCode: c.area_code });
    for (const c of cases) {
      const from = c.source_case_id ? personOfCase.get(c.source_case_id) : undefined;
      if (from) edges.push({ source: from, target: c.person_id, kind: 'infected' });
    }
    if (cases.length === 0) return { nodes: [], edges: [] };
    const contacts = await this.ctx.db
      .selectFrom('contacts')
      .innerJoin('persons', 'persons.id', 'contacts.person_id')
      .select(['contacts.id', 'contacts.case_id', 'contacts.person_id', 'contacts.class', 'contacts.via_contact_id', 'contacts.area_code', 'persons.name'])
      .where('contacts.status', '=', 'confirmed')
      .where(
        'contacts.case_id',
        'in',
        cases.map((c) => c.id),
      )
      .limit(5000)
      .execute();
    const personOfContact = new Map(contacts.map((c) => [c.id, c.person_id]));
    for (const k of contacts) {
      if (!nodes.has(k.person_id)) nodes.set(k.person_id, { id: k.person_id, label: maskName(k.name), kind: k.class, areaCode: k.area_code });
      const from = k.via_contact_id ? personOfContact.get(k.via_contact_id) : personOfCase.get(k.case_id);
      if (from && from !== k.person_id) edges.push({ source: from, target: k.person_id, kind: k.class });
    }
    return { nodes: [...nodes.values()], edges };
  }
}
