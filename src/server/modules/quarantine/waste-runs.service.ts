import type { AppContext } from '../../context';
import { validationError, why } from '../../errors';
import { newId } from '../../lib/ids';
import { Scope } from '../access';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { FacilityRepository } from './facility.repository';
import { SiteWorkRepository } from './site-work.repository';

/** 医疗废物转运: a site's medical-waste runs, recorded by its staff (posted to it) or an official over its area. */
export class WasteRunsService {
  constructor(private readonly ctx: AppContext) {}

  /** A medical-waste run (医疗废物转运), recorded by the site's staff. */
  async wasteRun(actor: Actor, facilityId: string, w: { weightKg: number; handler: string; note?: string; at?: string }) {
    if (!(w.weightKg > 0 && w.weightKg < 100_000)) throw validationError({ weightKg: why('min_value', 'must be a positive weight in kg', { limit: 0 }) });
    if (!w.handler.trim()) throw validationError({ handler: why('required', 'is required') });
    const at = w.at ? new Date(w.at) : this.ctx.clock.now();
    if (Number.isNaN(at.getTime())) throw validationError({ at: why('instant', 'must be an ISO date-time') });
    return this.ctx.db.transaction().execute(async (trx) => {
      const scope = Scope.of(actor);
      const f = await new FacilityRepository(trx, scope, this.ctx.dialect).get(facilityId, 'write');
      const row = { id: newId(), facility_id: f.id, at: at.toISOString(), weight_kg: w.weightKg, handler: w.handler.trim(), note: w.note ?? null };
      await new SiteWorkRepository(trx, scope).insertWasteRun(row);
      await new AuditService(this.ctx).append(
        { actor, action: 'facility.waste_run', targetType: 'facility', targetId: f.id, areaCode: f.area_code, details: { wasteRunId: row.id, kg: w.weightKg } },
        trx,
      );
      return row;
    });
  }

  async wasteRuns(actor: Actor, facilityId: string) {
    const scope = Scope.of(actor);
    const f = await new FacilityRepository(this.ctx.db, scope, this.ctx.dialect).get(facilityId);
    return new SiteWorkRepository(this.ctx.db, scope).wasteRuns(f.id);
  }
}
