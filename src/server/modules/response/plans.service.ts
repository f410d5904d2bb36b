import type { Kysely } from 'kysely';
import type { PlanDefinition } from '../../../contract/response';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { notFound, validationError } from '../../errors';
import { newId } from '../../lib/ids';
import { Scope } from '../access';
import { AuditService } from '../audit';
import type { Actor } from '../auth/actor';
import { validatePlan } from './plan-rules';
import type { ResponsePlanRow } from './response.table';

export interface StoredPlan {
  row: ResponsePlanRow;
  definition: PlanDefinition;
}

/** Load a plan by code (plans are city-wide rules as data: every reader sees the same). */
export async function loadPlan(db: Kysely<DB>, code: string): Promise<StoredPlan> {
  const row = await db.selectFrom('response_plans').selectAll().where('code', '=', code).executeTakeFirst();
  if (!row) throw notFound('Plan', code);
  return { row, definition: JSON.parse(row.definition) as PlanDefinition };
}

/** Plans (应急预案) as data: list, read, import (create or new version), edit deadlines, export. */
export class PlansService {
  constructor(private readonly ctx: AppContext) {}

  async list(): Promise<StoredPlan[]> {
    const rows = await this.ctx.db.selectFrom('response_plans').selectAll().orderBy('code').execute();
    return rows.map((row) => ({ row, definition: JSON.parse(row.definition) as PlanDefinition }));
  }

  get(code: string): Promise<StoredPlan> {
    return loadPlan(this.ctx.db, code);
  }

  /** Store a plan: a new code creates it, a known code becomes its next version. All-or-nothing: a bad plan stores nothing. */
  async import(actor: Actor, input: unknown): Promise<StoredPlan> {
    Scope.of(actor).ensureCityWide('A response plan');
    const def = validatePlan(input);
    return this.ctx.db.transaction().execute(async (trx) => {
      const at = this.ctx.clock.nowIso();
      const prev = await trx.selectFrom('response_plans').selectAll().where('code', '=', def.code).executeTakeFirst();
      const row: ResponsePlanRow = {
        id: prev?.id ?? newId(),
        code: def.code,
        name: def.name,
        definition: JSON.stringify(def),
        version: (prev?.version ?? 0) + 1,
        updated_by: actor.id ?? actor.name,
        updated_at: at,
      };
      if (prev) await trx.updateTable('response_plans').set(row).where('id', '=', prev.id).execute();
      else await trx.insertInto('response_plans').values(row).execute();
      await new AuditService(this.ctx).append(
        {
          actor,
          action: prev ? 'response.plan_updated' : 'response.plan_created',
          targetType: 'response_plan',
          targetId: row.id,
          details: { code: def.code, version: row.version, tasks: def.tasks.length },
        },
        trx,
      );
      return { row, definition: def };
    });
  }

  /** Edit deadlines (T0 + Δ hours) of some templates; the rest of the plan is kept. */
  async setDeadlines(actor: Actor, code: string, deadlines: ReadonlyArray<{ key: string; dueHours: number }>): Promise<StoredPlan> {
    const { definition } = await this.get(code);
    const keys = new Set(definition.tasks.map((t) => t.key));
    const fields: Record<string, string> = {};
    deadlines.forEach((d, i) => {
      if (!keys.has(d.key)) fields[`deadlines[${i}].key`] = `plan ${code} has no task "${d.key}"`;
    });
    if (Object.keys(fields).length) throw validationError(fields);
    const by = new Map(deadlines.map((d) => [d.key, d.dueHours]));
    return this.import(actor, { ...definition, tasks: definition.tasks.map((t) => ({ ...t, dueHours: by.get(t.key) ?? t.dueHours })) });
  }
}
