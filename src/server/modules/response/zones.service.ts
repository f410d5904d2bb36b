import type { Kysely } from 'kysely';
import type { ZoneInput } from '../../../contract/zones';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { DomainError, validationError, why } from '../../errors';
import { newId } from '../../lib/ids';
import { Access, Scope } from '../access';
import { AuditService } from '../audit';
import type { Actor } from '../auth/actor';
import { IncidentRepository } from './incident.repository';
import type { IncidentRow, ResponseZoneRow } from './response.table';
import { addTimeline } from './timeline';
import { polygonProblems, ZONE_ZH, zoneProblems } from './zone-rules';

/**
 * Control zones (管控区域) of an incident: 封控区 / 管控区 / 防范区 by area codes and/or a drawn polygon,
 * with a start and an end. Each zone is read and written under its incident's scope; every change is
 * on the incident's timeline and audited in the same transaction.
 */
export class ZonesService {
  constructor(private readonly ctx: AppContext) {}

  async create(actor: Actor, incidentId: string, input: ZoneInput): Promise<ResponseZoneRow> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const scope = Scope.of(actor);
      await new Access(trx, scope).ensure('incident', incidentId, 'write');
      const incident = (await new IncidentRepository(trx, scope).byId(incidentId)) as IncidentRow;
      if (incident.status !== 'open')
        throw new DomainError('INCIDENT_CLOSED', `Incident ${incident.name} is closed: no zone can be drawn on it`, { field: 'incident', reason: 'closed' });
      const now = this.ctx.clock.nowIso();
      const startsAt = input.startsAt ? new Date(input.startsAt).toISOString() : now;
      const endsAt = input.endsAt ? new Date(input.endsAt).toISOString() : null;
      const problems = {
        ...(input.polygon ? polygonProblems(input.polygon) : {}),
        ...zoneProblems({ areaCodes: input.areaCodes, hasPolygon: !!input.polygon, startsAt, endsAt }, incident.area_code),
      };
      if (Object.keys(problems).length) throw validationError(problems);
      await this.ensureAreasKnown(trx, input.areaCodes);
      const row: ResponseZoneRow = {
        id: newId(),
        incident_id: incident.id,
        area_code: incident.area_code,
        kind: input.kind,
        name: input.name ?? `${incident.name} ${ZONE_ZH[input.kind]}`,
        area_codes: JSON.stringify(input.areaCodes),
        polygon: input.polygon ? JSON.stringify(input.polygon) : null,
        starts_at: startsAt,
        ends_at: endsAt,
        end_note: null,
        created_by: actor.id ?? actor.name,
        created_at: now,
      };
      await trx.insertInto('response_zones').values(row).execute();
      await new IncidentRepository(trx, scope).link([{ incident_id: incident.id, kind: 'zone', ref_id: row.id, added_by: row.created_by, added_at: now }]);
      await addTimeline(trx, actor, now, [
        { incidentId: incident.id, kind: 'zone', summary: `划定${ZONE_ZH[row.kind]} ${row.name}`, refType: 'zone', refId: row.id },
      ]);
      await new AuditService(this.ctx).append(
        {
          actor,
          action: 'response.zone_created',
          targetType: 'response_zone',
          targetId: row.id,
          areaCode: incident.area_code,
          details: { incident: incident.id, kind: row.kind, areas: input.areaCodes, polygon: !!input.polygon, startsAt, endsAt },
        },
        trx,
      );
      return row;
    });
  }

  /** The zones of an incident the caller may read, oldest first. */
  async list(actor: Actor, incidentId: string): Promise<ResponseZoneRow[]> {
    const scope = Scope.of(actor);
    await new Access(this.ctx.db, scope).ensure('incident', incidentId, 'read');
    return this.ctx.db
      .selectFrom('response_zones')
      .selectAll()
      .where('incident_id', '=', incidentId)
      .where((eb) => scope.where(eb, 'area_code'))
      .orderBy('starts_at')
      .orderBy('id')
      .execute();
  }

  /** Lift a zone (解封 / 解除管控) at `endsAt` (default now), with a note. */
  async end(actor: Actor, id: string, p: { endsAt?: string; note: string }): Promise<ResponseZoneRow> {
    return this.ctx.db.transaction().execute(async (trx) => {
      const scope = Scope.of(actor);
      await new Access(trx, scope).ensure('response_zone', id, 'write');
      const zone = await trx.selectFrom('response_zones').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const now = this.ctx.clock.nowIso();
      const endsAt = p.endsAt ? new Date(p.endsAt).toISOString() : now;
      if (zone.ends_at && zone.ends_at <= now)
        throw new DomainError('ZONE_ENDED', `Zone ${zone.name} already ended at ${zone.ends_at}`, { field: 'id', reason: 'ended' });
      if (endsAt <= zone.starts_at) throw validationError({ endsAt: why('order', 'must be after the zone’s start') });
      await trx.updateTable('response_zones').set({ ends_at: endsAt, end_note: p.note }).where('id', '=', id).execute();
      await addTimeline(trx, actor, now, [
        { incidentId: zone.incident_id, kind: 'zone_ended', summary: `解除${ZONE_ZH[zone.kind]} ${zone.name}：${p.note}`, refType: 'zone', refId: id },
      ]);
      await new AuditService(this.ctx).append(
        { actor, action: 'response.zone_ended', targetType: 'response_zone', targetId: id, areaCode: zone.area_code, reason: p.note, details: { endsAt } },
        trx,
      );
      return { ...zone, ends_at: endsAt, end_note: p.note };
    });
  }

  private async ensureAreasKnown(trx: Kysely<DB>, codes: readonly string[]): Promise<void> {
    if (codes.length === 0) return;
    const known = new Set((await trx.selectFrom('areas').select('code').where('code', 'in', codes).execute()).map((r) => r.code));
    const i = codes.findIndex((c) => !known.has(c));
    if (i >= 0) throw validationError({ [`areaCodes[${i}]`]: why('unknown_area', `unknown area ${codes[i]}`, { codes: codes[i] ?? '' }) });
  }
}
