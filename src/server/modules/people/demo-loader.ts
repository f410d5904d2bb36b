import { sql } from 'kysely';
import type { AppContext } from '../../context';
import { DomainError } from '../../errors';
import { newId } from '../../lib/ids';
import { maskPhone } from '../../lib/masking';
import { planCity, type CityPlan } from '../../../sim';
import { AreaRepository } from '../areas/area.repository';
import { BuildingRepository } from '../areas/building.repository';
import type { AreaResponsibleRow, AreaRow, BuildingRow } from '../areas/areas.table';
import { AreaQueryRepository } from '../areas/area-query.repository';
import { AuditService } from '../audit/audit.service';
import { Scope } from '../access/scope';
import type { Actor } from '../auth/actor';
import { writePersons } from './bulk-insert';
import { rowsFromWorker, rowsHere } from './demo-rows-source';
import { dropDeferredIndexes, ensurePersonIndexes } from './person-indexes';

export interface DemoOptions {
  people: number;
  seed: number;
  district?: string;
  /** Build rows on a worker thread even for a small city (always on from 200,000 people). */
  worker?: boolean;
}

export interface DemoResult {
  areas: number;
  people: number;
  responsibles: number;
  seconds: number;
}

function areaRows(plan: CityPlan, now: string): AreaRow[] {
  return plan.areas.map((a) => ({
    code: a.code,
    parent_code: a.parentCode,
    level: a.level,
    name: a.name,
    geometry: a.geometry ? JSON.stringify(a.geometry) : null,
    centroid_lon: a.centroid?.[0] ?? null,
    centroid_lat: a.centroid?.[1] ?? null,
    population: 0,
    households: 0,
    created_at: now,
  }));
}

/** The demo's buildings stand at their area centroid; they have no street address. */
function buildingRows(areas: readonly AreaRow[]): BuildingRow[] {
  return areas
    .filter((a) => a.level === 'building')
    .map((a) => ({
      building_code: a.code,
      grid_code: a.code.slice(0, 15),
      name: a.name,
      address: null,
      lng: a.centroid_lon,
      lat: a.centroid_lat,
      created_at: a.created_at,
      updated_at: a.created_at,
    }));
}

/** Build the deterministic demo city into an empty registry. */
export async function loadDemoCity(ctx: AppContext, actor: Actor, opts: DemoOptions, onProgress?: (done: number, total: number) => void): Promise<DemoResult> {
  const started = Date.now();
  const existing = await ctx.db.selectFrom('persons').select('id').limit(1).execute();
  if (existing.length)
    throw new DomainError(
      'REGISTRY_NOT_EMPTY',
      'The registry already holds people; build the demo city into an empty database (another EPIGRID_DATA_DIR or DATABASE_URL)',
    );
  const plan = planCity({ seed: opts.seed, people: opts.people, districtCode: opts.district ?? '320706' });
  const now = ctx.clock.nowIso();
  await ctx.db.transaction().execute(async (trx) => {
    const areas = areaRows(plan, now);
    await new AreaRepository(trx, ctx.dialect).insertMany(areas);
    await new BuildingRepository(trx, ctx.dialect).insertMany(buildingRows(areas));
    const responsibles: AreaResponsibleRow[] = plan.responsibles.map((r) => ({
      id: newId(),
      area_code: r.areaCode,
      duty: r.duty,
      name: r.name,
      title: r.title,
      phone_enc: ctx.pii.encrypt(r.phone),
      phone_masked: maskPhone(r.phone),
      user_id: null,
      created_at: now,
    }));
    await new AreaQueryRepository(trx, ctx.dialect, Scope.of(actor)).insertResponsibles(responsibles);
  });
  const big = opts.people >= 200_000;
  if (big) await dropDeferredIndexes(ctx.db);
  const deltas = new Map<string, { people: number; households: number }>();
  let done = 0;
  let lastHousehold = '';
  try {
    const source = big || opts.worker ? rowsFromWorker(ctx.pii, plan, now, 20_000) : rowsHere(ctx.pii, plan, now, 20_000);
    for await (const { rows: people, tags } of source) {
      for (const p of people) {
        const d = deltas.get(p.area_code) ?? { people: 0, households: 0 };
        d.people++;
        // A household's members come one after another, so a new code means a new household.
        if (p.household_code !== lastHousehold) d.households++;
        lastHousehold = p.household_code ?? '';
        deltas.set(p.area_code, d);
      }
      if (ctx.database.sqlite) {
        ctx.database.sqlite.exec('begin immediate');
        try {
          await writePersons(ctx.database, people, tags);
          ctx.database.sqlite.exec('commit');
        } catch (e) {
          ctx.database.sqlite.exec('rollback');
          throw e;
        }
      } else await ctx.db.transaction().execute((trx) => writePersons(ctx.database, people, tags, trx));
      done += people.length;
      onProgress?.(done, opts.people);
    }
  } finally {
    if (big) await ensurePersonIndexes(ctx.db);
  }
  await ctx.db.transaction().execute(async (trx) => {
    await new AreaRepository(trx, ctx.dialect).bumpCounters(deltas);
    await new AuditService(ctx).append(
      { actor, action: 'registry.demo_loaded', details: { people: opts.people, seed: opts.seed, district: plan.districtCode } },
      trx,
    );
  });
  await sql`analyze`.execute(ctx.db); // fresh statistics so the planners pick the indexes
  return { areas: plan.areas.length, people: done, responsibles: plan.responsibles.length, seconds: (Date.now() - started) / 1000 };
}
