import fs from 'node:fs';
import type { Command } from 'commander';
import { validationError } from '../../errors';
import type { SplitPartInput } from '../areas/grid-reshape';
import { commandGroup } from '../cli-helpers';
import type { CliKit } from '../module';
import { GridReshapeService, type ReshapeOutcome } from './grid-reshape.service';

type Feature = { type?: string; geometry?: unknown; properties?: Record<string, unknown> | null };

/** The features of a GeoJSON file: a FeatureCollection, one Feature, or a bare geometry. */
function featuresOf(file: string): Feature[] {
  let doc: { type?: string; features?: Feature[] };
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof doc;
  } catch (e) {
    throw validationError({ file: `is not GeoJSON (${(e as Error).message})` });
  }
  if (doc.type === 'FeatureCollection') return doc.features ?? [];
  if (doc.type === 'Feature') return [doc];
  return [{ type: 'Feature', geometry: doc, properties: {} }];
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

function summary(r: ReshapeOutcome): string {
  const lines = [
    `grids: ${r.grids.join(', ')}${r.created.length ? ` (new: ${r.created.join(', ')})` : ''}${r.retired.length ? `; retired: ${r.retired.join(', ')}` : ''}`,
    `moved ${r.moved} people (${r.households} whole households), ${r.buildings.length} buildings re-coded; batch ${r.batch_id}`,
  ];
  if (r.left_at_grid || r.unlocated_buildings)
    lines.push(`stayed: ${r.left_at_grid} people registered at the grid itself, ${r.unlocated_buildings} buildings with no point inside a part`);
  if (r.users_to_rescope.length) lines.push(`accounts scoped to a retired code (give them a new scope): ${r.users_to_rescope.join(', ')}`);
  return lines.join('\n');
}

/** `epigrid areas merge-grids | split-grid | redraw-grid` (issue 13 item 2). */
export function registerGridReshapeCommands(program: Command, kit: CliKit): void {
  const areas = commandGroup(program, 'areas', 'The area tree');
  areas
    .command('merge-grids')
    .description('Merge grids of one community into one: buildings, people, households and counts move, the merged grids are retired; all or nothing, audited')
    .requiredOption('--into <code>', 'the grid that stays (keeps its code)')
    .requiredOption('--from <codes>', 'the grids merged into it, separated by commas')
    .option('--reason <text>', 'why (e.g. 网格优化调整)')
    .option('--json', 'print JSON')
    .action(async (o: { into: string; from: string; reason?: string; json?: boolean }) => {
      const from = o.from
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const r = await kit.withContext((ctx) => new GridReshapeService(ctx).merge(kit.actor(), { into: o.into, from, reason: o.reason }));
      kit.print(o.json, r, summary(r));
    });
  areas
    .command('split-grid <code>')
    .description(
      'Split a grid into parts drawn in a GeoJSON FeatureCollection (properties: name, optional grid_code; the part with the grid’s code, or the first, keeps it); buildings follow their point; all or nothing, audited',
    )
    .requiredOption('--file <path>', 'GeoJSON FeatureCollection of the parts')
    .option('--reason <text>', 'why')
    .option('--json', 'print JSON')
    .action(async (code: string, o: { file: string; reason?: string; json?: boolean }) => {
      const parts: SplitPartInput[] = featuresOf(o.file).map((f) => ({
        name: text(f.properties?.name) ?? '',
        gridCode: text(f.properties?.grid_code),
        geometry: f.geometry,
      }));
      const r = await kit.withContext((ctx) => new GridReshapeService(ctx).split(kit.actor(), { grid: code, parts, reason: o.reason }));
      kit.print(o.json, r, summary(r));
    });
  areas
    .command('redraw-grid <code>')
    .description('Redraw a grid from a GeoJSON geometry (or one Feature): buildings whose point now lies in it join it, with their people; audited')
    .requiredOption('--polygon <path>', 'GeoJSON Polygon/MultiPolygon, or a Feature holding one')
    .option('--name <text>', 'rename it too')
    .option('--reason <text>', 'why')
    .option('--json', 'print JSON')
    .action(async (code: string, o: { polygon: string; name?: string; reason?: string; json?: boolean }) => {
      const [f, ...more] = featuresOf(o.polygon);
      if (!f || more.length) throw validationError({ polygon: 'give exactly one geometry' });
      const r = await kit.withContext((ctx) =>
        new GridReshapeService(ctx).redrawGrid(kit.actor(), { grid: code, geometry: f.geometry, name: o.name, reason: o.reason }),
      );
      kit.print(o.json, r, summary(r));
    });
}
