import type { Command } from 'commander';
import { commandGroup } from '../cli-helpers';
import type { CliKit } from '../module';
import { sendHandoverNotices } from './roster-handover';
import { parseWeekdays } from './roster-slots';
import { RosterWritesService } from './roster-writes.service';
import { RosterService } from './roster.service';

const days = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 92) throw new Error('--days must be a whole number from 1 to 92');
  return n;
};
const weekdays = (v: string | undefined) => {
  if (v === undefined) return undefined;
  const d = parseWeekdays(v);
  if (!d) throw new Error('--weekdays must be ISO weekdays 1 (Mon) … 7 (Sun), e.g. 1-5 or 6,7');
  return d;
};
const list = (v: string | undefined) =>
  v
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** roster check|now|shifts|rotations|rotation add|change|cover|swap|handover (值班值守). */
export function registerRosterCommands(program: Command, kit: CliKit): void {
  const roster = commandGroup(program, 'roster', 'Duty roster (值班值守): rotations, covers and swaps, coverage');
  roster
    .command('check')
    .description('Coverage over the next N days: minutes nobody is on duty, and the gaps (a group without a rotation is one gap)')
    .option('--days <n>', 'days ahead', '14')
    .option('--group <id>', 'one work group')
    .option('--area <code>', 'groups of an area')
    .option('--json', 'print {uncovered_minutes, gaps: [{group, from, to}]}')
    .action(async (o: { days: string; group?: string; area?: string; json?: boolean }) => {
      const r = await kit.withContext((ctx) => new RosterService(ctx).check(kit.actor(), { days: days(o.days), groupId: o.group, area: o.area }));
      kit.print(o.json, r, `${r.uncovered_minutes} minute(s) uncovered in ${r.days} day(s), ${r.gaps.length} gap(s)`);
    });
  roster
    .command('now')
    .description('Who is on duty now in each work group (nobody rostered: the lead, saying so)')
    .option('--group <id>', 'one work group')
    .option('--area <code>', 'groups of an area')
    .option('--json', 'print [{group, group_code, user_id, name, since, until, source, note}]')
    .action(async (o: { group?: string; area?: string; json?: boolean }) => {
      kit.print(o.json, await kit.withContext((ctx) => new RosterService(ctx).now(kit.actor(), { groupId: o.group, area: o.area })));
    });
  roster
    .command('shifts')
    .description('The shifts of a window (covers and swaps marked)')
    .option('--from <iso>', 'start (default: now)')
    .option('--days <n>', 'days', '7')
    .option('--group <id>', 'one work group')
    .option('--json', 'print JSON')
    .action(async (o: { from?: string; days: string; group?: string; json?: boolean }) => {
      if (o.from && !Number.isFinite(Date.parse(o.from))) throw new Error('--from must be an ISO-8601 date-time');
      kit.print(o.json, await kit.withContext((ctx) => new RosterService(ctx).shifts(kit.actor(), { from: o.from, days: days(o.days), groupId: o.group })));
    });
  roster
    .command('rotations')
    .option('--group <id>', 'one work group')
    .option('--json', 'print JSON')
    .action(async (o: { group?: string; json?: boolean }) => {
      kit.print(o.json, await kit.withContext((ctx) => new RosterService(ctx).rotations(kit.actor(), { groupId: o.group })));
    });
  roster
    .command('rotation')
    .description('Add a rotation to a work group: members take turns, one shift each, in the order given')
    .requiredOption('--group <id>', 'work group id')
    .requiredOption('--start <iso>', 'start of the first shift')
    .requiredOption('--shift <len>', 'shift length: 8h, 12h, 24h, 1d, 1w, 1mo …')
    .requiredOption('--members <ids>', 'user ids in turn order, comma-separated (the group’s lead or members)')
    .option('--weekdays <days>', 'run only on these weekdays, 1 (Mon) … 7 (Sun), e.g. 1-5')
    .option('--end <iso>', 'last instant (default: open-ended)')
    .option('--name <text>', 'name')
    .option('--json', 'print {id}')
    .action(async (o: { group: string; start: string; shift: string; members: string; weekdays?: string; end?: string; name?: string; json?: boolean }) => {
      const row = await kit.withContext((ctx) =>
        new RosterWritesService(ctx).createRotation(kit.actor(), {
          groupId: o.group,
          startsAt: o.start,
          endsAt: o.end ?? null,
          shift: o.shift,
          weekdays: weekdays(o.weekdays),
          members: list(o.members) ?? [],
          name: o.name,
        }),
      );
      kit.print(o.json, { id: row.id }, `Rotation ${row.name} (${row.id})`);
    });
  roster
    .command('change <rotationId>')
    .description('Schedule a change: from --from on, the rotation runs with new members, length or weekdays')
    .requiredOption('--from <iso>', 'effective from (now or later)')
    .option('--shift <len>', 'new shift length')
    .option('--members <ids>', 'new members in turn order')
    .option('--weekdays <days>', 'new weekdays')
    .option('--json', 'print {id}')
    .action(async (rotationId: string, o: { from: string; shift?: string; members?: string; weekdays?: string; json?: boolean }) => {
      const r = await kit.withContext((ctx) =>
        new RosterWritesService(ctx).scheduleChange(kit.actor(), rotationId, {
          effectiveFrom: o.from,
          shift: o.shift,
          members: list(o.members),
          weekdays: weekdays(o.weekdays),
        }),
      );
      kit.print(o.json, r);
    });
  roster
    .command('cover')
    .description('A person covers a time range: for one person (--for), or holding the whole group')
    .requiredOption('--group <id>', 'work group id')
    .requiredOption('--user <id>', 'who covers')
    .option('--for <id>', 'whom they stand in for (default: whoever is rostered)')
    .requiredOption('--from <iso>', 'from')
    .requiredOption('--to <iso>', 'to')
    .option('--note <text>', 'why')
    .option('--json', 'print {id}')
    .action(async (o: { group: string; user: string; for?: string; from: string; to: string; note?: string; json?: boolean }) => {
      const row = await kit.withContext((ctx) =>
        new RosterWritesService(ctx).addCover(kit.actor(), {
          groupId: o.group,
          userId: o.user,
          replacesUserId: o.for ?? null,
          from: o.from,
          to: o.to,
          note: o.note,
        }),
      );
      kit.print(o.json, { id: row.id });
    });
  roster
    .command('swap')
    .description('Two people exchange the shifts they hold at two instants')
    .requiredOption('--group <id>', 'work group id')
    .requiredOption('--a <id>', 'first person')
    .requiredOption('--a-at <iso>', 'an instant in their shift')
    .requiredOption('--b <id>', 'second person')
    .requiredOption('--b-at <iso>', 'an instant in their shift')
    .option('--note <text>', 'why')
    .option('--json', 'print {swap_id}')
    .action(async (o: { group: string; a: string; aAt: string; b: string; bAt: string; note?: string; json?: boolean }) => {
      const r = await kit.withContext((ctx) =>
        new RosterWritesService(ctx).swap(kit.actor(), { groupId: o.group, aUserId: o.a, aAt: o.aAt, bUserId: o.b, bAt: o.bAt, note: o.note }),
      );
      kit.print(o.json, { swap_id: r.swap_id });
    });
  roster
    .command('handover')
    .description('Send the due hand-over notices once (the server does it every minute)')
    .option('--json', 'print {notices}')
    .action(async (o: { json?: boolean }) => {
      kit.print(o.json, await kit.withContext((ctx) => sendHandoverNotices(ctx)));
    });
}
