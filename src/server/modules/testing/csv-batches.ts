import type { Readable } from 'node:stream';
import { readTable, type ImportRecord } from '../people/import-source';

/** Read a CSV/XLSX in batches of records for the batch services (samples, results). */
export async function* batches(input: Readable | string, columns: readonly string[], required: readonly string[], size = 5000): AsyncGenerator<ImportRecord[]> {
  let batch: ImportRecord[] = [];
  for await (const rec of readTable(input, columns, required)) {
    batch.push(rec);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Samples: each row names the person by `id_number` or by `resident_code` (the 居民码 payload); either column may be left out. */
export const SAMPLE_COLUMNS = ['round_id', 'tube_barcode', 'id_number', 'site_code', 'collected_at', 'collector', 'resident_code'] as const;
export const RESULT_COLUMNS = ['tube_barcode', 'result', 'ct_n', 'ct_orf1ab', 'tested_at', 'lab_code'] as const;

export function num(v: string | undefined): number | null {
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : NaN;
}
