import { PassThrough, type Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { peopleExportColumns, peopleExportColumnsZh } from '../../../contract/people';
import type { AppContext } from '../../context';
import type { Actor } from '../auth/actor';
import { RegistryService, type SearchQuery } from './registry.service';

/**
 * Export a filtered list, masked (identifiers never leave in clear this way), streamed page by page.
 * `lang` 'zh' names the columns in Chinese (the web, for a Chinese reader); the default names are the contract.
 */
export function exportPeople(
  ctx: AppContext,
  actor: Actor,
  query: Omit<SearchQuery, 'cursor' | 'limit'>,
  format: 'csv' | 'xlsx',
  lang: 'zh' | 'en' = 'en',
): Readable {
  const HEADER = [...(lang === 'zh' ? peopleExportColumnsZh : peopleExportColumns)];
  const out = new PassThrough();
  const registry = new RegistryService(ctx);
  const pages = async function* () {
    let cursor: string | undefined;
    do {
      const page = await registry.search(actor, { ...query, cursor, limit: 2000 });
      yield page.items.map((p) => [
        p.idNumberMasked,
        p.name,
        p.sex,
        p.birthDate ?? '',
        p.phoneMasked ?? '',
        p.areaCode,
        p.gridCode ?? '',
        p.address ?? '',
        p.householdCode ?? '',
        p.tags.join('|'),
        p.controlStatus,
      ]);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  };
  const run = async () => {
    if (format === 'csv') {
      const csv = stringify({ header: true, columns: HEADER, bom: true });
      csv.pipe(out);
      for await (const rows of pages()) for (const r of rows) if (!csv.write(r)) await new Promise((r2) => csv.once('drain', r2));
      csv.end();
    } else {
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out });
      const ws = wb.addWorksheet('people');
      ws.addRow(HEADER).commit();
      for await (const rows of pages()) for (const r of rows) ws.addRow(r).commit();
      ws.commit();
      await wb.commit();
    }
  };
  run().catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
  return out;
}
