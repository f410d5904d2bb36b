import type { Kysely } from 'kysely';
import type { IncidentCreate } from '../../../contract/response';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { DomainError, notFound, validationError, why } from '../../errors';
import { newId } from '../../lib/ids';
import { Access, Scope } from '../access';
import { AuditService } from '../audit';
import type { Actor } from '../auth/actor';
import { IncidentRepository } from './incident.repository';
import type { IncidentLinkKind, IncidentRow, IncidentSource } from './response.table';
import { addTimeline } from './timeline';

// a zone is drawn on its incident (zones.service.ts); linking one to another incident needs it readable
const LINK_KIND: Record<IncidentLinkKind, 'case' | 'round' | 'placement' | 'response_zone'> = {
  case: 'case',
  round: 'round',
  placement: 'placement',
  zone: 'response_zone',
};

/** Incidents (疫情事件): opened by hand, from a positive single tube, a case or an escalated alert; links; close. */
export class IncidentsService {
  constructor(private readonly ctx: AppContext) {}

  /** Open an incident. From a tube or a case, T0 and area come from the record (T0 = the first positive's time). */
  async create(actor: Actor, input: IncidentCreate): Promise<IncidentRow> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const scope = Scope.of(actor);
      let source: IncidentSource = 'manual';
      let sourceId: string | null = null;
      let t0 = input.t0 ?? null;
      let area = input.areaCode;
      const links: Array<{ kind: IncidentLinkKind; id: string }> = [];
      if (input.fromTube) {
        const tube = await this.positiveSingleTube(trx, scope, input.fromTube);
        source = 'tube';
        sourceId = tube.id;
        t0 = t0 ?? tube.resulted_at;
        area = tube.area_code;
        links.push({ kind: 'round', id: tube.round_id });
      } else if (input.fromCase) {
        await new Access(trx, scope).ensure('case', input.fromCase, 'read');
        const c = await trx
          .selectFrom('cases')
          .select(['id', 'area_code', 'reported_at', 'sampling_date'])
          .where('id', '=', input.fromCase)
          .executeTakeFirstOrThrow();
        source = 'case';
        sourceId = c.id;
        t0 = t0 ?? c.reported_at;
        area = c.area_code;
        links.push({ kind: 'case', id: c.id });
      }
      if (!area) throw validationError({ areaCode: why('required', 'required (or open from a tube or a case)') });
      scope.ensureCovers(area, 'areaCode');
      const known = await trx.selectFrom('areas').select('code').where('code', '=', area).executeTakeFirst();
      if (!known) throw validationError({ areaCode: why('unknown_area', `unknown area ${area}`, { codes: area }) });
      const now = this.ctx.clock.nowIso();
      if (t0 && Date.parse(t0) > Date.parse(now) + 60_000) throw validationError({ t0: why('in_future', 'T0 (the first positive) cannot be in the future') });
      const row = await this.open(trx, actor, {
        name: input.name,
        area,
        grade: input.grade ?? null,
        t0: t0 ? new Date(t0).toISOString() : now,
        source,
        sourceId,
      });
      if (links.length) await this.addLinks(trx, actor, row, links);
      return row;
    });
  }

  /** Insert an incident, its first timeline line and its audit entry in `trx`. */
  async open(
    trx: Kysely<DB>,
    actor: Actor,
    p: { name: string; area: string; grade: string | null; t0: string; source: IncidentSource; sourceId: string | null },
  ): Promise<IncidentRow> {
    const now = this.ctx.clock.nowIso();
    const row: IncidentRow = {
      id: newId(),
      name: p.name,
      area_code: p.area,
      grade: p.grade,
      status: 'open',
      t0: p.t0,
      opened_from: p.source,
      source_id: p.sourceId,
      created_by: actor.id ?? actor.name,
      created_at: now,
      closed_at: null,
      closed_note: null,
    };
    await new IncidentRepository(trx, Scope.of(actor)).insert(row);
    await addTimeline(trx, actor, now, [
      {
        incidentId: row.id,
        kind: 'opened',
        summary: `事件 ${row.name} 开启（${p.source}）`,
        refType: p.source === 'manual' ? undefined : p.source,
        refId: p.sourceId ?? undefined,
      },
    ]);
    await new AuditService(this.ctx).append(
      {
        actor,
        action: 'response.incident_opened',
        targetType: 'incident',
        targetId: row.id,
        areaCode: row.area_code,
        details: { source: p.source, sourceId: p.sourceId, t0: row.t0 },
      },
      trx,
    );
    return row;
  }

  async list(actor: Actor, q: { status?: 'open' | 'closed'; area?: string; limit: number }) {
    return new IncidentRepository(this.ctx.db, Scope.of(actor)).list({ ...q, now: this.ctx.clock.nowIso() });
  }

  async get(actor: Actor, id: string) {
    const repo = new IncidentRepository(this.ctx.db, Scope.of(actor));
    const row = await repo.byId(id);
    if (!row) throw notFound('Incident', id);
    const [counts] = (await repo.list({ limit: 1000, now: this.ctx.clock.nowIso() })).filter((r) => r.id === id);
    return { row: counts ?? { ...row, tasks_open: 0, tasks_overdue: 0 }, links: await repo.links(id), timeline: await repo.timeline(id) };
  }

  /** Link a case, round, placement or zone, each checked readable by the caller. */
  async link(actor: Actor, id: string, kind: IncidentLinkKind, refId: string) {
    return this.ctx.db.transaction().execute(async (trx) => {
      const scope = Scope.of(actor);
      await new Access(trx, scope).ensure('incident', id, 'write');
      const row = (await new IncidentRepository(trx, scope).byId(id)) as IncidentRow;
      await new Access(trx, scope).ensure(LINK_KIND[kind], refId, 'read');
      const added = await this.addLinks(trx, actor, row, [{ kind, id: refId }]);
      return { added: added.length };
    });
  }

  async addLinks(trx: Kysely<DB>, actor: Actor, incident: IncidentRow, links: ReadonlyArray<{ kind: IncidentLinkKind; id: string }>) {
    const at = this.ctx.clock.nowIso();
    const added = await new IncidentRepository(trx, Scope.of(actor)).link(
      links.map((l) => ({ incident_id: incident.id, kind: l.kind, ref_id: l.id, added_by: actor.id ?? actor.name, added_at: at })),
    );
    if (added.length) {
      await addTimeline(
        trx,
        actor,
        at,
        added.map((l) => ({ incidentId: incident.id, kind: 'linked', summary: `关联 ${l.kind}`, refType: l.kind, refId: l.ref_id })),
      );
      await new AuditService(this.ctx).append(
        {
          actor,
          action: 'response.incident_linked',
          targetType: 'incident',
          targetId: incident.id,
          areaCode: incident.area_code,
          details: { links: added.map((l) => `${l.kind}:${l.ref_id}`) },
        },
        trx,
      );
    }
    return added;
  }

  async close(actor: Actor, id: string, note: string): Promise<IncidentRow> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const scope = Scope.of(actor);
      await new Access(trx, scope).ensure('incident', id, 'write');
      const repo = new IncidentRepository(trx, scope);
      const row = (await repo.byId(id)) as IncidentRow;
      if (row.status === 'closed') throw new DomainError('INCIDENT_CLOSED', `Incident ${row.name} is already closed`, { field: 'id' });
      const at = this.ctx.clock.nowIso();
      await repo.close(id, at, note);
      await addTimeline(trx, actor, at, [{ incidentId: id, kind: 'closed', summary: `事件关闭：${note}` }]);
      await new AuditService(this.ctx).append(
        { actor, action: 'response.incident_closed', targetType: 'incident', targetId: id, areaCode: row.area_code, reason: note },
        trx,
      );
      return { ...row, status: 'closed', closed_at: at, closed_note: note };
    });
  }

  /** A positive single tube (单管) the caller may see, with its person's area. */
  private async positiveSingleTube(trx: Kysely<DB>, scope: Scope, barcode: string) {
    const tube = await trx
      .selectFrom('tubes as t')
      .innerJoin('samples as s', 's.tube_id', 't.id')
      .select(['t.id', 't.round_id', 't.result', 't.pool_size', 't.is_recheck', 't.resulted_at', 's.area_code'])
      .where('t.barcode', '=', barcode)
      .where((eb) => scope.where(eb, 's.area_code'))
      .executeTakeFirst();
    if (!tube) throw notFound('Tube', barcode);
    if (tube.result !== 'positive' || !tube.resulted_at) throw validationError({ fromTube: `tube ${barcode} has no positive result` });
    if (tube.pool_size !== 1 && !tube.is_recheck)
      throw validationError({ fromTube: `tube ${barcode} is a pooled tube: open from its positive single tube (单管)` });
    return { ...tube, resulted_at: tube.resulted_at };
  }
}
