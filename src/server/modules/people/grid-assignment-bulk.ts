import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { Scope } from '../access';
import { GridLocator } from '../areas/grid-locator';
import { commonArea } from '../areas/onboarding-import';
import type { GridGeometry } from '../areas/polygon-check';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { GridMoveBatch } from './grid-assignment-batch';
import { MAX_ASSIGN } from './grid-assignment.service';

export type BulkMode = 'building' | 'point';

/** What a bulk placement did (`people assign-grid --by-building|--by-point --json` prints it). */
export interface BulkOutcome {
  mode: BulkMode;
  batch_id: string;
  /** People placed; by their household code naming a building, by their address matching one building's. */
  moved: number;
  by_household_code: number;
  by_address: number;
  households: number;
  /** People under the area still above grid level afterwards (no building matched, or ambiguous). */
  remaining: number;
  /** Of those, people whose address matches more than one building (left for placement by selection). */
  ambiguous: number;
}

const CODES_PER_STATEMENT = 500;
const BUILDINGS_PER_STATEMENT = 2000;

/** `b.building_code` lies inside the person's registered area (a range on the key). */
const inPersonsArea = (col: string) => sql`${sql.ref(col)} >= p.area_code and ${sql.ref(col)} < p.area_code || '~'`;

/**
 * 未落格 in bulk (issue 13 item 3): people registered above grid level placed into grids by the
 * building they live in. A person matches a building when their household code begins with the
 * building's code (codes issued under buildings: building + room), or else when their address is
 * exactly the address of one building inside their registered street/community (two buildings with
 * that address: ambiguous, left for selection). `building` mode registers them at that building (its
 * grid follows); `point` mode trusts the map over the building's recorded grid: the grid whose
 * polygon contains the building's point (the building itself when that is its grid).
 *
 * One transaction, all or nothing; set-based (two INSERT … SELECT per 500 source areas into
 * grid_moves, then one UPDATE … FROM each for people and tags); one audit entry naming the people
 * (or, above MAX_ASSIGN, the count and the batch id whose grid_moves rows name them).
 */
export class BulkGridAssignment {
  constructor(private readonly ctx: AppContext) {}

  async run(actor: Actor, input: { mode: BulkMode; area?: string; reason?: string }): Promise<BulkOutcome> {
    const scope = Scope.of(actor).within(input.area);
    return this.ctx.db.transaction().execute(async (trx) => {
      const codes = await this.aboveGridCodes(trx, scope);
      const batch = new GridMoveBatch(this.ctx, trx);
      // Every household-code match first, then addresses, so a household code always wins.
      const passes: Array<{
        part: string[];
        toArea: RawBuilder<unknown>;
        toGrid: RawBuilder<unknown>;
        join?: RawBuilder<unknown>;
        with?: RawBuilder<unknown>;
      }> = [];
      if (input.mode === 'building')
        for (let i = 0; i < codes.length; i += CODES_PER_STATEMENT)
          passes.push({ part: codes.slice(i, i + CODES_PER_STATEMENT), toArea: sql`b.building_code`, toGrid: sql`b.grid_code` });
      else
        for (const { values, part } of await this.locatedBuildings(trx, scope, codes))
          passes.push({
            part,
            toArea: sql`case when v.grid = b.grid_code then b.building_code else v.grid end`,
            toGrid: sql`v.grid`,
            join: sql`join v on v.building_code = b.building_code and ${inPersonsArea('v.grid')}`,
            with: sql`v (building_code, grid) as (values ${values})`,
          });
      for (const x of passes) await batch.stageSelect((b) => this.byHouseholdCode(b, x.part, x.toArea, x.toGrid, x.join), x.with);
      const byHousehold = await batch.staged();
      for (const x of passes) await batch.stageSelect((b) => this.byAddress(b, x.part, x.toArea, x.toGrid, x.join), x.with);
      const staged = await batch.staged();
      const ids = staged <= MAX_ASSIGN ? await batch.stagedIds(MAX_ASSIGN) : null;
      const outcome = await batch.apply();
      const [remaining, ambiguous] = await this.leftOver(trx, codes);
      const result: BulkOutcome = {
        mode: input.mode,
        batch_id: outcome.batchId,
        moved: outcome.moved,
        by_household_code: byHousehold,
        by_address: outcome.moved - byHousehold,
        households: outcome.households,
        remaining,
        ambiguous,
      };
      if (outcome.moved > 0)
        await new AuditService(this.ctx).append(
          {
            actor,
            action: 'person.grid_assigned',
            targetType: 'area',
            targetId: input.area ?? commonArea(Object.keys(outcome.to)),
            areaCode: input.area ?? commonArea(Object.keys(outcome.to)),
            reason: input.reason,
            details: {
              by: input.mode,
              batchId: outcome.batchId,
              moved: outcome.moved,
              ...(ids ? { people: ids } : { people: null, peopleIn: 'grid_moves' }),
              from: outcome.from,
              grids: Object.keys(outcome.to).length,
              households: outcome.households,
            },
          },
          trx,
        );
      return result;
    });
  }

  /** The street/community (… district) codes in scope, where people above grid level are registered. */
  private async aboveGridCodes(trx: Kysely<DB>, scope: Scope): Promise<string[]> {
    const rows = await trx
      .selectFrom('areas')
      .select('code')
      .where(sql<boolean>`length(code) < 15`)
      .where((eb) => scope.where(eb, 'code'))
      .orderBy('code')
      .execute();
    return rows.map((r) => r.code);
  }

  private byHouseholdCode(batch: string, codes: string[], toArea: RawBuilder<unknown>, toGrid: RawBuilder<unknown>, join = sql``) {
    return sql`select cast(${batch} as text), p.id, p.area_code, p.area_code, ${toArea}, ${toGrid}, p.household_code, p.created_at
      from persons p join buildings b on b.building_code = substr(p.household_code, 1, 18) ${join}
      where p.area_code in (${sql.join(codes)}) and ${inPersonsArea('b.building_code')}
        and not exists (select 1 from grid_moves m where m.batch_id = ${batch} and m.person_id = p.id)`;
  }

  private byAddress(batch: string, codes: string[], toArea: RawBuilder<unknown>, toGrid: RawBuilder<unknown>, join = sql``) {
    return sql`select cast(${batch} as text), p.id, p.area_code, p.area_code, ${toArea}, ${toGrid}, p.household_code, p.created_at
      from persons p join buildings b on b.address = p.address and ${inPersonsArea('b.building_code')} ${join}
      where p.area_code in (${sql.join(codes)}) and p.address is not null
        and not exists (select 1 from grid_moves m where m.batch_id = ${batch} and m.person_id = p.id)
        and not exists (select 1 from buildings b2 where b2.address = p.address and b2.building_code <> b.building_code and ${inPersonsArea('b2.building_code')})`;
  }

  /**
   * Buildings in scope with a point, each with the grid (in scope) whose polygon contains it, as
   * VALUES chunks; the source codes ride along so each chunk's statement covers every source area.
   */
  private async locatedBuildings(trx: Kysely<DB>, scope: Scope, codes: string[]) {
    const grids = await trx
      .selectFrom('areas')
      .select(['code', 'geometry'])
      .where('level', '=', 'grid')
      .where('retired_at', 'is', null)
      .where('geometry', 'is not', null)
      .where((eb) => scope.where(eb, 'code'))
      .execute();
    const locator = new GridLocator(grids.map((g) => ({ code: g.code, geometry: JSON.parse(g.geometry as string) as GridGeometry })));
    const buildings = await trx
      .selectFrom('buildings')
      .select(['building_code', 'lng', 'lat'])
      .where('lng', 'is not', null)
      .where('lat', 'is not', null)
      .where((eb) => scope.where(eb, 'building_code'))
      .execute();
    const located = buildings.flatMap((b) => {
      const grid = locator.locate(Number(b.lng), Number(b.lat));
      return grid ? [sql`(${b.building_code}, ${grid})`] : [];
    });
    const out: Array<{ values: RawBuilder<unknown>; part: string[] }> = [];
    for (let i = 0; i < located.length; i += BUILDINGS_PER_STATEMENT)
      for (let j = 0; j < codes.length; j += CODES_PER_STATEMENT)
        out.push({ values: sql.join(located.slice(i, i + BUILDINGS_PER_STATEMENT)), part: codes.slice(j, j + CODES_PER_STATEMENT) });
    return out;
  }

  /** People still above grid level under these codes, and those whose address names several buildings. */
  private async leftOver(trx: Kysely<DB>, codes: string[]): Promise<[number, number]> {
    let remaining = 0;
    let ambiguous = 0;
    for (let i = 0; i < codes.length; i += CODES_PER_STATEMENT) {
      const part = codes.slice(i, i + CODES_PER_STATEMENT);
      const r = await sql<{ n: number | string; a: number | string }>`select count(*) as n,
          sum(case when p.address is not null and (select count(*) from buildings b where b.address = p.address and ${inPersonsArea('b.building_code')}) > 1 then 1 else 0 end) as a
        from persons p where p.area_code in (${sql.join(part)})`.execute(trx);
      remaining += Number(r.rows[0]?.n ?? 0);
      ambiguous += Number(r.rows[0]?.a ?? 0);
    }
    return [remaining, ambiguous];
  }
}
