import type { AppContext } from '../../context';
import { maskName } from '../../lib/masking';
import { Scope } from '../access';
import type { Actor } from '../auth/actor';
import { caseFor } from './case-fetch';
import { ChainRepository } from './chain.repository';

export interface ChainNode {
  id: string;
  label: string;
  kind: 'case' | 'close' | 'secondary' | 'companion' | 'elsewhere';
  caseCode?: string;
  areaCode?: string;
  /** For 'elsewhere': how many confirmed contacts of the case live in other areas (handed off there). */
  count?: number;
}
export interface ChainEdge {
  source: string;
  target: string;
  kind: 'infected' | 'close' | 'secondary' | 'companion' | 'elsewhere';
}

/**
 * Chains of transmission (传播链): people as nodes, case→contact and case→case links as edges.
 * A caller sees the people of their own scope; contacts living elsewhere are one node per case
 * ("已移交 N 人"), and a link to a person not shown is left out.
 */
export class ChainsService {
  constructor(private readonly ctx: AppContext) {}

  /** Clusters (聚集性疫情) touching the caller's scope, each keyed and named by its first case in scope, largest first. */
  async clusters(actor: Actor) {
    const rows = await new ChainRepository(this.ctx.db, Scope.of(actor)).clusters();
    return rows.map((r) => ({
      clusterId: r.first?.id ?? '',
      firstCase: r.first?.code ?? '',
      cases: Number(r.cases),
      firstReported: r.first_reported,
    }));
  }

  /** The graph of one cluster (named by any of its cases in scope), or of every case in scope (capped). */
  async graph(actor: Actor, clusterKey?: string): Promise<{ nodes: ChainNode[]; edges: ChainEdge[] }> {
    const scope = Scope.of(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      const repo = new ChainRepository(trx, scope);
      const clusterId = clusterKey ? (await caseFor(trx, this.ctx.dialect, scope, clusterKey)).cluster_id : undefined;
      const cases = await repo.cases(clusterId);
      if (cases.length === 0) return { nodes: [], edges: [] };
      const nodes = new Map<string, ChainNode>();
      const edges: ChainEdge[] = [];
      const personOfCase = new Map(cases.map((c) => [c.id, c.person_id]));
      for (const c of cases)
        nodes.set(c.person_id, { id: c.person_id, label: `${c.code} ${maskName(c.name)}`, kind: 'case', caseCode: c.code, areaCode: c.area_code });
      for (const c of cases) {
        const from = c.source_case_id ? personOfCase.get(c.source_case_id) : undefined;
        if (from) edges.push({ source: from, target: c.person_id, kind: 'infected' });
      }
      const ids = cases.map((c) => c.id);
      const contacts = await repo.contactsInScope(ids);
      const personOfContact = new Map(contacts.map((c) => [c.id, c.person_id]));
      for (const k of contacts) {
        if (!nodes.has(k.person_id)) nodes.set(k.person_id, { id: k.person_id, label: maskName(k.name), kind: k.class, areaCode: k.area_code });
        const from = k.via_contact_id ? personOfContact.get(k.via_contact_id) : personOfCase.get(k.case_id);
        if (from && from !== k.person_id) edges.push({ source: from, target: k.person_id, kind: k.class });
      }
      for (const [caseId, n] of await repo.elsewhereCounts(ids)) {
        const from = personOfCase.get(caseId);
        if (!from) continue;
        const id = `elsewhere:${caseId}`;
        nodes.set(id, { id, label: `已移交 ${n} 人`, kind: 'elsewhere', count: n });
        edges.push({ source: from, target: id, kind: 'elsewhere' });
      }
      return { nodes: [...nodes.values()], edges };
    });
  }
}
