import type { Kysely } from 'kysely';
import type { Geometry } from '../../../contract/geojson';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { DomainError, notFound, validationError } from '../../errors';
import { newId } from '../../lib/ids';
import { isValidMobile } from '../../lib/id-number';
import { maskPhone } from '../../lib/masking';
import { AuditService } from '../audit/audit.service';
import { Access } from '../access/access';
import { Scope } from '../access/scope';
import type { Actor } from '../auth/actor';
import { AreaQueryRepository, type AreaSummary } from './area-query.repository';
import type { AreaLevel, AreaResponsibleRow, ResponsibleDuty } from './areas.table';

const DUTIES: ResponsibleDuty[] = ['locality', 'department', 'unit', 'grid_worker'];

/** The area tree, its counts and the people answerable for each area (四方责任). */
export class AreasService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  /** The tree as `actor` sees it; `area` (when given) must lie in their scope, else 404 as if absent. */
  private repo(actor: Actor, area?: string, db: Kysely<DB> = this.ctx.db): AreaQueryRepository {
    return new AreaQueryRepository(db, this.ctx.dialect, Scope.of(actor).within(area));
  }

  /** Where the actor's tree starts: their scope's areas (or the top of the tree for '*'). */
  async roots(actor: Actor): Promise<AreaSummary[]> {
    return this.repo(actor).roots();
  }

  async children(actor: Actor, code: string, after: string | null, limit: number) {
    const items = await this.repo(actor, code).children(code, after, limit + 1);
    const page = items.slice(0, limit);
    return { items: page, nextCursor: items.length > limit ? (page[page.length - 1]?.code ?? null) : null };
  }

  async detail(actor: Actor, code: string) {
    const repo = this.repo(actor, code);
    const [area] = await repo.byCodes([code]);
    if (!area) throw notFound('Area', code);
    const responsibles = (await repo.responsibles(code)).map((r) => ({
      id: r.id,
      duty: r.duty,
      name: r.name,
      title: r.title,
      phoneMasked: r.phone_masked,
    }));
    return { ...area, responsibles };
  }

  async gaps(actor: Actor, level: AreaLevel, after: string | null, limit: number, duty?: ResponsibleDuty) {
    const rows = await this.repo(actor).gaps(level, after, limit + 1, duty);
    const page = rows.slice(0, limit).map((r) => ({ ...r, population: Number(r.population) }));
    return { items: page, nextCursor: rows.length > limit ? (page[page.length - 1]?.code ?? null) : null };
  }

  /** Grids under an area as GeoJSON, each with its population (other figures are joined by callers). */
  async gridGeoJson(actor: Actor, code: string) {
    const rows = await this.repo(actor, code).gridsUnder(code);
    return {
      type: 'FeatureCollection' as const,
      features: rows
        .filter((r) => r.geometry)
        .map((r) => ({
          type: 'Feature' as const,
          geometry: JSON.parse(r.geometry as string) as Geometry,
          properties: { code: r.code, name: r.name, population: Number(r.population), households: Number(r.households) },
        })),
    };
  }

  async addResponsible(actor: Actor, code: string, input: { duty: string; name: string; title?: string; phone?: string; userId?: string }) {
    const scope = Scope.of(actor).within(code); // 404 for an area outside scope, as for reads
    const fields: Record<string, string> = {};
    if (!DUTIES.includes(input.duty as ResponsibleDuty)) fields.duty = `must be one of ${DUTIES.join(', ')}`;
    if (!input.name.trim()) fields.name = 'is required';
    if (input.phone && !isValidMobile(input.phone)) fields.phone = 'must be an 11-digit mainland mobile number';
    if (Object.keys(fields).length) throw validationError(fields);
    const row = {
      id: newId(),
      area_code: code,
      duty: input.duty as ResponsibleDuty,
      name: input.name.trim(),
      title: input.title ?? null,
      phone_enc: input.phone ? this.ctx.pii.encrypt(input.phone) : null,
      phone_masked: input.phone ? maskPhone(input.phone) : null,
      user_id: input.userId ?? null,
      created_at: this.ctx.clock.nowIso(),
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      const repo = new AreaQueryRepository(trx, this.ctx.dialect, scope);
      const [area] = await repo.byCodes([code]);
      if (!area) throw notFound('Area', code);
      await repo.insertResponsibles([row]);
      await this.audit.append(
        { actor, action: 'area.responsible_added', targetType: 'area', targetId: code, areaCode: code, details: { duty: row.duty, name: row.name } },
        trx,
      );
    });
    return { id: row.id, duty: row.duty, name: row.name, title: row.title, phoneMasked: row.phone_masked };
  }

  async removeResponsible(actor: Actor, id: string, reason: string): Promise<void> {
    if (!reason.trim()) throw new DomainError('VALIDATION_FAILED', 'A reason is required', { fields: { reason: 'is required' } });
    await this.ctx.db.transaction().execute(async (trx) => {
      const scope = Scope.of(actor);
      await new Access(trx, scope).ensure('responsible', id, 'write');
      const row = (await new AreaQueryRepository(trx, this.ctx.dialect, scope).deleteResponsible(id)) as AreaResponsibleRow;
      await this.audit.append(
        {
          actor,
          action: 'area.responsible_removed',
          targetType: 'area',
          targetId: row.area_code,
          areaCode: row.area_code,
          reason,
          details: { duty: row.duty, name: row.name },
        },
        trx,
      );
    });
  }

  totals(actor: Actor) {
    return this.repo(actor).totals();
  }

  gapCount(actor: Actor) {
    return this.repo(actor).gapCount();
  }
}
