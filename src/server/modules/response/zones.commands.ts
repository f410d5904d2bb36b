import fs from 'node:fs';
import type { Command } from 'commander';
import { zoneKinds, type ZoneKind } from '../../../contract/zones';
import { commandGroup } from '../cli-helpers';
import type { CliKit } from '../module';
import { incidentMap } from './incident-map';
import { zoneView } from './task-view';
import { ZonesService } from './zones.service';

/** zone add|list|end, incident map: control zones (管控区域) of an incident. */
export function registerZoneCommands(program: Command, kit: CliKit): void {
  const zone = commandGroup(program, 'zone', 'Control zones of an incident (管控区域: 封控区 sealed, 管控区 controlled, 防范区 precaution)');
  zone
    .command('add')
    .description('Draw a zone by area codes and/or a GeoJSON polygon file')
    .requiredOption('--incident <id>', 'the incident')
    .requiredOption('--kind <kind>', zoneKinds.join(' | '))
    .option('--areas <codes>', 'comma-separated area codes inside the incident’s area')
    .option('--polygon <file>', 'a GeoJSON Polygon / MultiPolygon (or a Feature holding one)')
    .option('--name <text>', 'name (default: the incident’s name and the kind)')
    .option('--from <iso>', 'start (default now)')
    .option('--to <iso>', 'end (default open)')
    .option('--json', 'print the zone')
    .action(async (o: { incident: string; kind: string; areas?: string; polygon?: string; name?: string; from?: string; to?: string; json?: boolean }) => {
      if (!(zoneKinds as readonly string[]).includes(o.kind)) throw new Error(`--kind must be one of ${zoneKinds.join(', ')}`);
      for (const [flag, v] of [
        ['--from', o.from],
        ['--to', o.to],
      ] as const)
        if (v && !Number.isFinite(Date.parse(v))) throw new Error(`${flag} must be an ISO-8601 date-time`);
      const polygon = o.polygon ? readPolygon(o.polygon) : null;
      const areaCodes = (o.areas ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const row = await kit.withContext((ctx) =>
        new ZonesService(ctx).create(kit.actor(), o.incident, {
          kind: o.kind as ZoneKind,
          name: o.name,
          areaCodes,
          polygon,
          startsAt: o.from,
          endsAt: o.to ?? null,
        }),
      );
      kit.print(o.json, zoneView(row, row.created_at), `Zone ${row.name} (${row.id}) from ${row.starts_at}`);
    });
  zone
    .command('list')
    .requiredOption('--incident <id>', 'the incident')
    .option('--json', 'print [{id, kind, name, areaCodes, polygon, startsAt, endsAt, active}]')
    .action(async (o: { incident: string; json?: boolean }) => {
      const rows = await kit.withContext(async (ctx) =>
        (await new ZonesService(ctx).list(kit.actor(), o.incident)).map((z) => zoneView(z, ctx.clock.nowIso())),
      );
      kit.print(
        o.json,
        rows,
        rows.map((z) => `${z.id}  ${z.kind}  ${z.name}  ${z.startsAt} → ${z.endsAt ?? '…'}${z.active ? '  (in force)' : ''}`).join('\n') || 'No zones',
      );
    });
  zone
    .command('end <id>')
    .description('Lift a zone (解封) with a note')
    .requiredOption('--note <text>', 'why')
    .option('--at <iso>', 'when (default now)')
    .option('--json', 'print the zone')
    .action(async (id: string, o: { note: string; at?: string; json?: boolean }) => {
      if (o.at && !Number.isFinite(Date.parse(o.at))) throw new Error('--at must be an ISO-8601 date-time');
      const z = await kit.withContext(async (ctx) =>
        zoneView(await new ZonesService(ctx).end(kit.actor(), id, { note: o.note, endsAt: o.at }), ctx.clock.nowIso()),
      );
      kit.print(o.json, z, `Zone ${z.name} ends at ${z.endsAt}`);
    });
  zone
    .command('map')
    .description("An incident's map as GeoJSON: its area, zones, linked cases and placements")
    .requiredOption('--incident <id>', 'the incident')
    .action(async (o: { incident: string }) => {
      const map = await kit.withContext((ctx) => incidentMap(ctx, kit.actor(), o.incident));
      kit.print(true, map, '');
    });
}

function readPolygon(file: string): { type: string; coordinates?: unknown } {
  const g = JSON.parse(fs.readFileSync(file, 'utf8')) as { type: string; coordinates?: unknown; geometry?: { type: string; coordinates?: unknown } };
  return g.type === 'Feature' && g.geometry ? g.geometry : g;
}
