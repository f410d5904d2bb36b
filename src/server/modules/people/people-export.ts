import { PassThrough, type Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { peopleExportColumns, peopleExportColumnsZh } from '../../../contract/people';
import { controlStatusWords, personTagWords, sexWords, wordOf } from '../../../contract/value-words';
import type { AppContext } from '../../context';
import type { Actor } from '../auth/actor';
import { RegistryService, type SearchQuery } from './registry.service';

/**
 * Export a filtered list, masked (identifiers never leave in clear this way), streamed page by page.
 * `lang` 'zh' names the columns and the coded values (sex, tags, control status) in Chinese, for a
 * reader; the default keeps the contract's names and codes, for scripts.
 */
export function exportPeople(
  ctx: AppContext,
  actor: Actor,
  query: Omit<SearchQuery, 'cursor' | 'limit'>,
  format: 'csv' | 'xlsx',
  lang: 'zh' | 'en' = 'en',
): Readable {
  const word = (table: Parameters<typeof wordOf>[0], code: string) => (lang === 'zh' ? wordOf(table, code, 'zh') : code);
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
        word(sexWords, p.sex),
        p.birthDate ?? '',
        p.phoneMasked ?? '',
        p.areaCode,
        p.gridCode ?? '',
        p.address ?? '',
        p.householdCode ?? '',
        p.tags.map((t) => word(personTagWords, t)).join('|'),
        word(controlStatusWords, p.controlStatus),
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
