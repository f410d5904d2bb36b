import fs from 'node:fs';
import type { Command } from 'commander';
import { commandGroup } from '../cli-helpers';
import type { CliKit } from '../module';
import { BulkGridAssignment } from './grid-assignment-bulk';
import { GridAssignmentService } from './grid-assignment.service';

/** `epigrid people unplaced` / `people assign-grid` (未落格, issue 13 item 3). */
export function registerGridAssignmentCommands(program: Command, kit: CliKit): void {
  const people = commandGroup(program, 'people', 'The population registry');
  people
    .command('unplaced')
    .description('未落格: people under an area registered above grid level (masked); --summary for the count per street/community')
    .requiredOption('--area <code>', 'street, community or district code')
    .option('--summary', 'per street/community counts instead of the list')
    .option('--limit <n>', 'people to list (up to 1000)', '100')
    .option('--json', 'print JSON')
    .action(async (o: { area: string; summary?: boolean; limit: string; json?: boolean }) => {
      if (o.summary) {
        const rows = await kit.withContext((ctx) => new GridAssignmentService(ctx).summary(kit.actor(), o.area));
        return kit.print(o.json, rows, rows.map((r) => `${r.code} ${r.name}: ${r.people}`).join('\n') || 'Everyone is in a grid.');
      }
      const page = await kit.withContext((ctx) =>
        new GridAssignmentService(ctx).list(kit.actor(), o.area, null, Math.min(1000, Math.max(1, Number(o.limit) || 100))),
      );
      kit.print(o.json, page.items, page.items.map((p) => `${p.id} ${p.name} ${p.id_number_masked} ${p.area_code}`).join('\n') || 'No one.');
    });
  people
    .command('assign-grid')
    .description(
      'Place people registered above grid level into grids: by selection (--grid with --people/--file), or every match by building (--by-building) or by the building’s point (--by-point); all or nothing, audited, counters follow',
    )
    .option('--grid <code>', 'the 15-digit grid code (placing by selection)')
    .option('--by-building', 'each person whose household code or address names a building goes to that building (its grid)')
    .option('--by-point', 'each person matched to a building goes to the grid whose polygon contains the building’s point')
    .option('--area <code>', 'with --by-building/--by-point: only people under this street/community/district (default: your whole scope)')
    .option('--people <ids>', 'person ids separated by commas')
    .option('--file <path>', 'a file with one person id per line')
    .option('--reason <text>', 'why (e.g. 入户核实)')
    .option('--json', 'print JSON')
    .action(
      async (o: { grid?: string; byBuilding?: boolean; byPoint?: boolean; area?: string; people?: string; file?: string; reason?: string; json?: boolean }) => {
        if (o.byBuilding || o.byPoint) {
          if (o.byBuilding && o.byPoint) throw new Error('give one of --by-building and --by-point');
          const mode = o.byBuilding ? 'building' : 'point';
          const r = await kit.withContext((ctx) => new BulkGridAssignment(ctx).run(kit.actor(), { mode, area: o.area, reason: o.reason }));
          return kit.print(
            o.json,
            r,
            `placed ${r.moved} people by ${mode} (${r.by_household_code} by household code, ${r.by_address} by address; ${r.households} whole households); ${r.remaining} still above grid level, ${r.ambiguous} of them with an address naming several buildings; batch ${r.batch_id}`,
          );
        }
        if (!o.grid) throw new Error('give --grid with --people/--file, or --by-building, or --by-point');
        const grid = o.grid;
        const ids = [...(o.people ?? '').split(','), ...(o.file ? fs.readFileSync(o.file, 'utf8').split(/\r?\n/) : [])].map((s) => s.trim()).filter(Boolean);
        const r = await kit.withContext((ctx) => new GridAssignmentService(ctx).assign(kit.actor(), { grid, personIds: ids, reason: o.reason }));
        kit.print(o.json, r, `placed ${r.moved} people into grid ${r.grid}`);
      },
    );
}
