import { createReadStream } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { DomainError } from '../../errors';
import { fromCsvError, fromXlsxError, MAX_CSV_RECORD_BYTES } from '../../lib/file-errors';

export type ImportRecord = { row: number; values: Record<string, string> };

/** Read the first bytes of a stream and put them back, to sniff format and encoding. */
function peek(stream: Readable, bytes = 65_536): Promise<{ head: Buffer; stream: Readable }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (ended: boolean) => {
      if (settled) return;
      settled = true;
      stream.off('data', onData);
      stream.pause();
      const head = Buffer.concat(chunks);
      const rest = new PassThrough();
      rest.write(head);
      if (ended) rest.end();
      else stream.pipe(rest);
      resolve({ head, stream: rest });
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= bytes) finish(false);
    };
    stream.on('data', onData);
    stream.once('end', () => finish(true));
    stream.once('error', reject);
  });
}

function isUtf8(head: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function cellText(v: ExcelJS.CellValue): string {
  if (v == null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    return '';
  }
  return String(v);
}

/**
 * Rows of a CSV (UTF-8 or GBK, detected) or XLSX (detected by its zip signature) file as
 * header → value records with their 1-based line number (the header is row 1).
 * `expected` columns must all be present; unknown columns are refused.
 */
export async function* readTable(input: Readable | string, expected: readonly string[], required: readonly string[] = expected): AsyncGenerator<ImportRecord> {
  const source = typeof input === 'string' ? createReadStream(input) : input;
  const { head, stream } = await peek(source);
  if (head.length === 0) throw new DomainError('EMPTY_FILE', 'The file is empty');
  const isXlsx = head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  // Parser failures become 400s naming row and column, never echoing the value (lib/file-errors).
  if (isXlsx) {
    try {
      yield* readXlsx(stream, expected, required);
    } catch (e) {
      throw fromXlsxError(e);
    }
    return;
  }
  try {
    // GBK is what Excel on a Chinese Windows saves as "CSV"; anything not valid UTF-8 is read as GBK.
    yield* readCsv(isUtf8(head) ? stream : (stream.pipe(iconv.decodeStream('gbk')) as unknown as Readable), expected, required);
  } catch (e) {
    throw fromCsvError(e);
  }
}

function checkHeader(header: string[], expected: readonly string[], required: readonly string[]): void {
  const clean = header.map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/^\ufeff/, ''),
  );
  const missing = required.filter((c) => !clean.includes(c));
  const unknown = clean.filter((c) => c && !expected.includes(c));
  if (missing.length || unknown.length) {
    const parts = [missing.length ? `missing ${missing.join(', ')}` : '', unknown.length ? `unknown ${unknown.join(', ')}` : ''].filter(Boolean);
    throw new DomainError('BAD_HEADER', `Wrong column headers (${parts.join('; ')}). Expected: ${expected.join(',')}`, { missing, unknown, expected });
  }
}

async function* readCsv(stream: Readable, expected: readonly string[], required: readonly string[]): AsyncGenerator<ImportRecord> {
  const parser = stream.pipe(parse({ bom: true, skip_empty_lines: true, relax_column_count: true, trim: true, max_record_size: MAX_CSV_RECORD_BYTES }));
  let header: string[] | null = null;
  let row = 0;
  for await (const rec of parser as AsyncIterable<string[]>) {
    row++;
    if (!header) {
      header = rec.map((h) =>
        h
          .trim()
          .toLowerCase()
          .replace(/^\ufeff/, ''),
      );
      checkHeader(header, expected, required);
      continue;
    }
    const values: Record<string, string> = {};
    header.forEach((h, i) => (values[h] = rec[i] ?? ''));
    yield { row, values };
  }
  if (!header) throw new DomainError('EMPTY_FILE', 'The file has no header row');
}

async function* readXlsx(stream: Readable, expected: readonly string[], required: readonly string[]): AsyncGenerator<ImportRecord> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit' });
  let header: string[] | null = null;
  for await (const sheet of reader) {
    for await (const r of sheet) {
      const cells = (r.values as ExcelJS.CellValue[]).slice(1).map(cellText);
      if (!header) {
        header = cells.map((h) => h.trim().toLowerCase());
        checkHeader(header, expected, required);
        continue;
      }
      if (cells.every((c) => c.trim() === '')) continue;
      const values: Record<string, string> = {};
      header.forEach((h, i) => (values[h] = (cells[i] ?? '').trim()));
      yield { row: r.number, values };
    }
    break; // only the first worksheet
  }
  if (!header) throw new DomainError('EMPTY_FILE', 'The workbook has no header row');
}
