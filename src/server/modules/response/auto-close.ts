import { sql } from 'kysely';
import type { AppContext } from '../../context';
import { systemActor } from '../auth/actor';
import { TasksService } from './tasks.service';

/** Coverage a round must reach in the incident's area for a testing task to close itself. */
export const COVERAGE_TARGET = 0.99;

interface Closing {
  taskId: string;
  ref: string;
  note: string;
}

/**
 * Close, from the data, the open tasks whose rule says they are done (one set-based query per rule):
 * `contacts_placed` — every confirmed close contact of the incident's linked cases has a placement
 * started since they were listed; closed by the latest such placement. `round_coverage` — a linked
 * round reached 99 % of its target within the incident's area; closed by that round.
 */
export async function autoCloseTasks(ctx: AppContext): Promise<number> {
  const closings = [...(await contactsPlaced(ctx)), ...(await roundCoverage(ctx))];
  if (closings.length === 0) return 0;
  const actor = systemActor('response.auto-close');
  const tasks = new TasksService(ctx);
  let closed = 0;
  await ctx.db.transaction().execute(async (trx) => {
    for (const c of closings) {
      const task = await trx.selectFrom('response_tasks').selectAll().where('id', '=', c.taskId).where('status', '=', 'open').executeTakeFirst();
      if (!task) continue;
      await tasks.close(trx, actor, task, { note: c.note, ref: c.ref, how: 'data' });
      closed++;
    }
  });
  return closed;
}

async function contactsPlaced(ctx: AppContext): Promise<Closing[]> {
  const placed = sql`exists (select 1 from placements p where p.person_id = c.person_id and p.start_at >= c.created_at)`;
  const r = await sql<{ task_id: string; total: number | string }>`
    select t.id as task_id, count(*) as total
    from response_tasks t
    join incident_links l on l.incident_id = t.incident_id and l.kind = 'case'
    join contacts c on c.case_id = l.ref_id and c.class = 'close' and c.status = 'confirmed'
    where t.status = 'open' and t.auto_rule = 'contacts_placed'
    group by t.id
    having sum(case when ${placed} then 0 else 1 end) = 0`.execute(ctx.db);
  const out: Closing[] = [];
  for (const row of r.rows) {
    const last = await sql<{ id: string }>`
      select p.id from response_tasks t
      join incident_links l on l.incident_id = t.incident_id and l.kind = 'case'
      join contacts c on c.case_id = l.ref_id and c.class = 'close' and c.status = 'confirmed'
      join placements p on p.person_id = c.person_id and p.start_at >= c.created_at
      where t.id = ${row.task_id} order by p.start_at desc, p.id desc limit 1`.execute(ctx.db);
    const ref = last.rows[0]?.id;
    if (ref) out.push({ taskId: row.task_id, ref: `placement:${ref}`, note: `已自动完成：${Number(row.total)} 名密接均已落位隔离` });
  }
  return out;
}

async function roundCoverage(ctx: AppContext): Promise<Closing[]> {
  const r = await sql<{ task_id: string; round_id: string; sampled: number | string | null; target: number | string | null }>`
    select t.id as task_id, l.ref_id as round_id, sum(cc.sampled) as sampled, sum(cc.target) as target
    from response_tasks t
    join incidents i on i.id = t.incident_id
    join incident_links l on l.incident_id = t.incident_id and l.kind = 'round'
    join coverage_counters cc on cc.round_id = l.ref_id and cc.grid_key >= i.area_code and cc.grid_key < i.area_code || '~'
    where t.status = 'open' and t.auto_rule = 'round_coverage'
    group by t.id, l.ref_id
    order by t.id, l.ref_id`.execute(ctx.db);
  const out = new Map<string, Closing>();
  for (const row of r.rows) {
    const target = Number(row.target ?? 0);
    const share = target > 0 ? Number(row.sampled ?? 0) / target : 0;
    if (target > 0 && share >= COVERAGE_TARGET && !out.has(row.task_id))
      out.set(row.task_id, { taskId: row.task_id, ref: `round:${row.round_id}`, note: `已自动完成：轮次覆盖率 ${(share * 100).toFixed(1)}%` });
  }
  return [...out.values()];
}
