import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../context';
import { codeUpperBound } from '../../db/dialect';
import type { DB } from '../../db/schema';
import { DomainError, validationError, why } from '../../errors';
import { Scope } from '../access';
import { AreaRepository } from '../areas/area.repository';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { followPlacement, SampleSettler } from '../testing';
import { householdsMoved, placementProblem } from './grid-placement';
import { PersonRepository } from './person.repository';

export const MAX_ASSIGN = 5000;

export interface UnplacedPerson {
  id: string;
  name: string;
  id_number_masked: string;
  phone_masked: string | null;
  area_code: string;
  address: string | null;
  household_code: string | null;
}

/**
 * 未落格 (issue 13 item 3): the people of a street or community registered above grid level,
 * listed (masked, in the caller's scope, keyset) and placed into a grid in bulk — one transaction
 * moving the people, their tags, the population and household counters and open rounds' targets,
 * audited naming everyone moved.
 */
export class GridAssignmentService {
  constructor(private readonly ctx: AppContext) {}

  /** Per street/community under `area`: how many of its own people are not in a grid (from the kept counters). */
  async summary(actor: Actor, area: string): Promise<Array<{ code: string; name: string; level: string; people: number }>> {
    Scope.of(actor).within(area);
    const rows = await sql<{ code: string; name: string; level: string; people: number }>`select a.code, a.name, a.level,
        a.population - coalesce((select sum(c.population) from areas c where c.parent_code = a.code), 0) as people
      from areas a where a.code >= ${area} and a.code < ${codeUpperBound(area)} and length(a.code) < 15
      order by a.code limit 2000`.execute(this.ctx.db);
    return rows.rows.map((r) => ({ ...r, people: Number(r.people) })).filter((r) => r.people > 0);
  }

  /** The named list, masked, keyset on (area_code, id): equality look-ups on the few above-grid codes under `area`. */
  async list(actor: Actor, area: string, after: { k: string; id: string } | null, limit: number) {
    const scope = Scope.of(actor).within(area);
    const codes = (
      await this.ctx.db
        .selectFrom('areas')
        .select('code')
        .where('code', '>=', area)
        .where('code', '<', codeUpperBound(area))
        .where(sql<boolean>`length(code) < 15`)
        .limit(2000)
        .execute()
    ).map((r) => r.code);
    if (codes.length === 0) return { items: [] as UnplacedPerson[], nextCursor: null };
    let q = this.ctx.db
      .selectFrom('persons as p')
      .select(['p.id', 'p.name', 'p.doc_masked', 'p.phone_masked', 'p.area_code', 'p.address', 'p.household_code'])
      .where('p.area_code', 'in', codes)
      .where((eb) => scope.where(eb, 'p.area_code'))
      .orderBy('p.area_code')
      .orderBy('p.id')
      .limit(limit + 1);
    if (after) q = q.where((eb) => eb.or([eb('p.area_code', '>', after.k), eb.and([eb('p.area_code', '=', after.k), eb('p.id', '>', after.id)])]));
    const rows = await q.execute();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        name: r.name,
        id_number_masked: r.doc_masked,
        phone_masked: r.phone_masked,
        area_code: r.area_code,
        address: r.address,
        household_code: r.household_code,
      })),
      nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify({ k: last.area_code, id: last.id })).toString('base64url') : null,
    };
  }

  /**
   * Place the selected people into `grid`. All or nothing: every person must be one of the
   * caller's residents (else 404 naming the ids) registered at the grid's street or community
   * above grid level (else 400 naming each id and reason); the grid must be in scope (403).
   */
  async assign(actor: Actor, input: { grid: string; personIds: readonly string[]; reason?: string }): Promise<{ grid: string; moved: number }> {
    const ids = [...new Set(input.personIds)];
    if (ids.length === 0) throw validationError({ personIds: why('required', 'select at least one person') });
    if (ids.length > MAX_ASSIGN) throw validationError({ personIds: why('max_items', `at most ${MAX_ASSIGN} people per request`, { limit: MAX_ASSIGN }) });
    const scope = Scope.of(actor);
    scope.ensureCovers(input.grid, 'grid');
    return this.ctx.db.transaction().execute(async (trx) => {
      const grid = await new AreaRepository(trx, this.ctx.dialect).byCode(input.grid);
      if (!grid || grid.level !== 'grid') throw validationError({ grid: why('unknown', 'is not a known grid') });
      if (grid.retired_at)
        throw validationError({
          grid: why('grid_retired', `was retired (its people went to ${grid.successor_code ?? '-'}); place them there`, {
            code: grid.code,
            successor: grid.successor_code ?? '-',
          }),
        });
      const people = await new PersonRepository(trx, this.ctx.dialect, scope).byIds(ids);
      const found = new Set(people.map((p) => p.id));
      const unknown = ids.filter((id) => !found.has(id));
      if (unknown.length) throw new DomainError('NOT_FOUND', `${unknown.length} of the people are not in your areas`, { personIds: unknown.slice(0, 50) });
      const problems = people.map((p) => [p.id, placementProblem(p.area_code, input.grid)] as const).filter(([, why]) => why);
      if (problems.length) throw validationError(Object.fromEntries(problems.slice(0, 50).map(([id, why]) => [`personIds.${id}`, `grid ${why}`])));
      await this.move(trx, actor, people, input.grid, input.reason);
      return { grid: input.grid, moved: people.length };
    });
  }

  /** The move itself, set-based on the caller's transaction (people already checked). */
  async move(
    trx: Kysely<DB>,
    actor: Actor,
    people: ReadonlyArray<{ id: string; area_code: string; household_code: string | null; created_at: string }>,
    grid: string,
    reason?: string,
    via: Record<string, unknown> = { by: 'selection' },
  ): Promise<void> {
    const now = this.ctx.clock.nowIso();
    const ids = people.map((p) => p.id);
    // Household sizes city-wide (household codes are unique in the city): a count, no one's details.
    const households = [...new Set(people.map((p) => p.household_code).filter((h): h is string => !!h))];
    const members = new Map<string, number>();
    for (let i = 0; i < households.length; i += 1000)
      for (const r of await trx
        .selectFrom('persons')
        .select((eb) => ['household_code', eb.fn.countAll<number>().as('n')])
        .where('household_code', 'in', households.slice(i, i + 1000))
        .groupBy('household_code')
        .execute())
        members.set(r.household_code as string, Number(r.n));
    for (let i = 0; i < ids.length; i += 1000) {
      const part = ids.slice(i, i + 1000);
      await trx.updateTable('persons').set({ area_code: grid, grid_code: grid, updated_at: now }).where('id', 'in', part).execute();
      await trx.updateTable('person_tags').set({ area_code: grid }).where('person_id', 'in', part).execute();
    }
    const deltas = new Map<string, { people: number; households: number }>();
    const bump = (code: string, people: number, hh: number) => {
      const d = deltas.get(code) ?? { people: 0, households: 0 };
      d.people += people;
      d.households += hh;
      deltas.set(code, d);
    };
    for (const p of people) bump(p.area_code, -1, 0);
    bump(grid, people.length, 0);
    for (const [from, n] of householdsMoved(people, members)) {
      bump(from, 0, -n);
      bump(grid, 0, n);
    }
    await new AreaRepository(trx, this.ctx.dialect).bumpCounters(deltas);
    // Who is already sampled decides whose target moves: count every acknowledged sample first.
    await new SampleSettler(this.ctx).settleIn(trx);
    await followPlacement(trx, this.ctx.database, people, grid);
    const from: Record<string, number> = {};
    for (const p of people) from[p.area_code] = (from[p.area_code] ?? 0) + 1;
    await new AuditService(this.ctx).append(
      {
        actor,
        action: 'person.grid_assigned',
        targetType: 'grid',
        targetId: grid,
        areaCode: grid,
        reason,
        details: { ...via, people: ids, from, households: [...householdsMoved(people, members).values()].reduce((s, n) => s + n, 0) },
      },
      trx,
    );
  }
}
