import type { AppContext } from '../../context';
import { DAY, MINUTE } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { localParts } from '../../lib/local-time';
import { Scope } from '../access';
import { sendNotices, type Notice } from './notify';
import { handovers, shiftsOver } from './roster-rules';
import { RosterRepository } from './roster.repository';
import type { RosterNoticeRow } from './response.table';

const CHUNK = 500;

/**
 * The hand-over notice (job `response.roster-handover`, every minute): the configured lead time
 * (EPIGRID_ROSTER_HANDOVER_MINUTES, default 30) before each stretch on duty, its incoming person
 * gets an inbox notice and an outbox row for the gateway. One per group, person and shift start
 * (roster_notices' unique key): reruns, restarts and a second server send nothing twice. A shift
 * that began while the job was down (up to the lead time ago) still gets its notice.
 */
export async function sendHandoverNotices(ctx: AppContext): Promise<{ notices: number }> {
  const lead = ctx.config.rosterHandoverMinutes * MINUTE;
  const now = Date.parse(ctx.clock.nowIso());
  const from = now - lead;
  const to = now + lead;
  const repo = new RosterRepository(ctx.db, Scope.city('job'));
  const groups = await repo.groups();
  let sent = 0;
  for (let i = 0; i < groups.length; i += CHUNK) {
    const chunk = groups.slice(i, i + CHUNK);
    const byId = new Map(chunk.map((g) => [g.id, g]));
    // a day before the window tells a new stretch from one the same person carries on
    const inputs = await repo.inputs(
      chunk.map((g) => g.id),
      new Date(from - DAY).toISOString(),
      new Date(to).toISOString(),
    );
    if (inputs.rotations.length === 0 && inputs.overrides.length === 0) continue;
    const due = handovers(shiftsOver(inputs, from - DAY, to, ctx.config.timeZone), from, to + 1);
    if (due.length === 0) continue;
    const names = await repo.userNames(due.flatMap((h) => (h.fromUserId ? [h.fromUserId] : [])));
    sent += await ctx.db.transaction().execute(async (trx) => {
      const already = await trx
        .selectFrom('roster_notices')
        .select(['group_id', 'user_id', 'shift_start'])
        .where(
          'group_id',
          'in',
          due.map((h) => h.groupId),
        )
        .where('shift_start', '>=', new Date(from).toISOString())
        .where('shift_start', '<=', new Date(to).toISOString())
        .execute();
      const seen = new Set(already.map((r) => `${r.group_id}|${r.user_id}|${r.shift_start}`));
      const rows: RosterNoticeRow[] = [];
      const notices: Notice[] = [];
      for (const h of due) {
        const start = new Date(h.at).toISOString();
        if (seen.has(`${h.groupId}|${h.toUserId}|${start}`)) continue;
        const group = byId.get(h.groupId);
        const inboxId = newId();
        const id = newId();
        rows.push({
          id,
          group_id: h.groupId,
          user_id: h.toUserId,
          shift_start: start,
          shift_end: new Date(h.until).toISOString(),
          inbox_id: inboxId,
          created_at: ctx.clock.nowIso(),
        });
        const after = h.fromUserId ? `，接替${names.get(h.fromUserId) ?? ''}` : '';
        notices.push({
          id: inboxId,
          userId: h.toUserId,
          taskId: null,
          incidentId: null,
          kind: 'handover',
          title: `【值班交接】${group?.name ?? ''} ${local(h.at, ctx.config.timeZone)} 起值班至 ${local(h.until, ctx.config.timeZone)}${after}`,
          dueAt: start,
          extra: { group: h.groupId, rosterNotice: id, shiftStart: start, shiftEnd: new Date(h.until).toISOString() },
        });
      }
      if (rows.length === 0) return 0;
      await trx.insertInto('roster_notices').values(rows).execute();
      return sendNotices(trx, ctx.clock.nowIso(), notices);
    });
  }
  return { notices: sent };
}

function local(ms: number, tz: string): string {
  const p = localParts(ms, tz);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}
