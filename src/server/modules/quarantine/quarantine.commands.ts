import type { Command } from 'commander';
import { commandGroup } from '../cli-helpers';
import type { CliKit } from '../module';
import { readTable } from '../people/import-source';
import { PeopleService } from '../people/people.service';
import { CapacityService } from './capacity.service';
import { FacilitiesService, FACILITY_TYPES } from './facilities.service';
import { PlacementsService } from './placements.service';
import type { FacilityType, PlacementReason } from './quarantine.table';
import { REASONS } from './rules';
import { registerTransferCommands } from './transfer.commands';

/** facility create, place (one or a list), report capacity, transfer list|phone. */
export function registerQuarantineCommands(program: Command, kit: CliKit): void {
  commandGroup(program, 'facility', 'Quarantine sites and hospitals')
    .command('create')
    .description('Create a facility with N rooms (beds for hospitals; 方舱 beds in 20-bed units)')
    .requiredOption('--type <type>', FACILITY_TYPES.join(' | '))
    .requiredOption('--name <name>', 'name')
    .requiredOption('--area <code>', 'area code')
    .option('--rooms <n>', 'rooms (or beds)', '0')
    .option('--mode <mode>', 'active | standby | normal', 'active')
    .option('--activation-hours <h>', 'hours to activate from standby/normal')
    .option('--json', 'print {id}')
    .action(
      async (o: {
        type: string;
        name: string;
        area: string;
        rooms: string;
        mode: 'active' | 'standby' | 'normal';
        activationHours?: string;
        json?: boolean;
      }) => {
        if (!(FACILITY_TYPES as readonly string[]).includes(o.type)) throw new Error(`--type must be one of ${FACILITY_TYPES.join(', ')}`);
        const f = await kit.withContext((ctx) =>
          new FacilitiesService(ctx).create(kit.actor(), {
            type: o.type as FacilityType,
            name: o.name,
            areaCode: o.area,
            rooms: Number(o.rooms),
            mode: o.mode,
            activationHours: o.activationHours ? Number(o.activationHours) : undefined,
          }),
        );
        kit.print(o.json, { id: f.id }, `Facility ${f.name} (${f.id}) created with ${o.rooms} ${o.type === 'quarantine' ? 'rooms' : 'beds'}`);
      },
    );

  program
    .command('place')
    .description('Place a person (or a list: --file with an id_number column) in a free room; families together, nearest facility')
    .option('--id-number <id>', 'ID number of a registered person')
    .option('--file <csv>', 'CSV/XLSX with an id_number column (bulk)')
    .requiredOption('--reason <reason>', REASONS.join(' | '))
    .option('--facility <id>', 'facility id (default: choose a free room)')
    .option('--json', 'print JSON')
    .action(async (o: { idNumber?: string; file?: string; reason: string; facility?: string; json?: boolean }) => {
      if (!(REASONS as readonly string[]).includes(o.reason)) throw new Error(`--reason must be one of ${REASONS.join(', ')}`);
      const reason = o.reason as PlacementReason;
      if (o.idNumber) {
        const p = await kit.withContext((ctx) => new PlacementsService(ctx).placeOne(kit.actor(), { idNumber: o.idNumber, reason, facilityId: o.facility }));
        const out = {
          placement_id: p.placement_id,
          facility_id: p.facility_id,
          room: p.room,
          start: p.start,
          site_end: p.site_end,
          monitoring_end: p.monitoring_end,
        };
        return kit.print(
          o.json,
          out,
          `Placed in room ${p.room ?? '(home)'} of ${p.facility_id}; on site until ${p.site_end}, monitoring until ${p.monitoring_end}`,
        );
      }
      if (!o.file) throw new Error('give --id-number or --file');
      const file = o.file;
      const r = await kit.withContext(async (ctx) => {
        const ids: string[] = [];
        for await (const rec of readTable(file, ['id_number'])) ids.push(rec.values.id_number ?? '');
        const found = await new PeopleService(ctx).resolveIdNumbers(ids);
        const out = await new PlacementsService(ctx).placeMany(kit.actor(), [...new Set([...found.values()].map((f) => f.id))], reason, {
          facilityId: o.facility,
        });
        return { ...out, unknown: ids.filter((i) => !found.has(i)).length };
      });
      kit.print(
        o.json,
        { placed: r.placed.length, unknown: r.unknown, problems: r.problems },
        `placed ${r.placed.length}, unknown ID numbers ${r.unknown}, not placed ${r.problems.length}${r.problems[0] ? ` (${r.problems[0].reason})` : ''}`,
      );
    });

  commandGroup(program, 'report', 'Reports')
    .command('capacity')
    .description('Capacity board: rooms per facility (derived from room records) and rooms per 10,000 residents')
    .option('--area <code>', 'area code')
    .option('--json', 'print JSON')
    .action(async (o: { area?: string; json?: boolean }) => {
      const b = await kit.withContext((ctx) => new CapacityService(ctx).board(kit.actor(), o.area));
      const json = {
        facilities: b.facilities.map((f) => ({
          id: f.id,
          name: f.name,
          type: f.type,
          mode: f.mode,
          rooms_total: f.rooms_total,
          rooms_occupied: f.rooms_occupied,
          rooms_free: f.rooms_free,
        })),
        rooms_per_10k: b.rooms_per_10k,
        standard_per_10k: b.standard_per_10k,
        population: b.population,
      };
      kit.print(
        o.json,
        json,
        [
          ...b.facilities.map((f) => `${f.name} [${f.type}/${f.mode}] ${f.rooms_occupied}/${f.rooms_total} occupied, ${f.rooms_free} free`),
          `rooms per 10,000 residents: ${b.rooms_per_10k} (standard ${b.standard_per_10k})`,
        ].join('\n'),
      );
    });
  registerTransferCommands(program, kit);
}
