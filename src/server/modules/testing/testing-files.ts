import type { Readable } from 'node:stream';
import type { AppContext } from '../../context';
import { tableBatchesOffThread } from '../../lib/table-batches';
import type { ImportRecord } from '../people/import-source';
import type { Actor } from '../auth/actor';
import { batches, num, RESULT_COLUMNS, SAMPLE_COLUMNS } from './csv-batches';
import { ResultsService, type ResultsOutcome } from './results.service';
import { emptyIngestResult, SamplingService, type IngestResult } from './sampling.service';
import { why } from '../../errors';
import { rowProblem } from '../../lib/import-report';

/**
 * The batches of a samples or results file. A file on disk (the CLI, its own process) is read
 * here in batches of 5,000. An upload is parsed on a worker thread and written in batches of
 * 1,000 with a turn of the event loop between them, so the server keeps answering while a big
 * file goes in (a 300,000-row upload held /healthz for 2.8 s when it was parsed here).
 */
function tableBatches(input: Readable | string, columns: readonly string[], required: readonly string[]): AsyncGenerator<ImportRecord[]> {
  return typeof input === 'string' ? batches(input, columns, required) : tableBatchesOffThread(input, columns, required, UPLOAD_BATCH);
}
const UPLOAD_BATCH = 1_000;

/** `epigrid import samples` / upload: each batch in one transaction; bad rows reported, good rows kept. */
export async function importSamples(ctx: AppContext, actor: Actor, input: Readable | string): Promise<IngestResult> {
  const total: IngestResult = emptyIngestResult();
  const svc = new SamplingService(ctx);
  for await (const batch of tableBatches(
    input,
    SAMPLE_COLUMNS,
    SAMPLE_COLUMNS.filter((c) => c !== 'collector' && c !== 'id_number' && c !== 'resident_code'),
  )) {
    const r = await svc.recordSamples(
      actor,
      batch.map((b) => ({
        roundId: b.values.round_id ?? '',
        tubeBarcode: b.values.tube_barcode ?? '',
        idNumber: b.values.id_number || undefined,
        residentCode: b.values.resident_code || undefined,
        siteCode: b.values.site_code ?? '',
        collectedAt: b.values.collected_at ?? '',
        collector: b.values.collector || undefined,
      })),
      batch[0]?.row ?? 2,
    );
    total.accepted += r.accepted;
    total.duplicates += r.duplicates;
    total.replayed += r.replayed;
    total.warnings.push(...r.warnings);
    total.outsideTarget += r.outsideTarget;
    total.sampledTwice += r.sampledTwice;
    total.rejected.push(...r.rejected);
    total.tubesSealed.push(...r.tubesSealed);
  }
  return total;
}

export async function importResults(ctx: AppContext, actor: Actor, input: Readable | string): Promise<ResultsOutcome> {
  const total: ResultsOutcome = { accepted: 0, unchanged: 0, conflicts: [], rejected: [], positivePools: [], rechecksCreated: 0 };
  const svc = new ResultsService(ctx);
  for await (const batch of tableBatches(input, RESULT_COLUMNS, ['tube_barcode', 'result', 'tested_at', 'lab_code'])) {
    const rows = batch.map((b) => ({
      row: b.row,
      tubeBarcode: b.values.tube_barcode ?? '',
      result: (b.values.result ?? '').toLowerCase(),
      ctN: num(b.values.ct_n),
      ctOrf1ab: num(b.values.ct_orf1ab),
      testedAt: b.values.tested_at ?? '',
      labCode: b.values.lab_code ?? '',
    }));
    const bad = rows.flatMap((r) =>
      Number.isNaN(r.ctN) || Number.isNaN(r.ctOrf1ab) ? [rowProblem(r.row, Number.isNaN(r.ctN) ? 'ct_n' : 'ct_orf1ab', why('number', 'must be a number'))] : [],
    );
    const good = rows.filter((r) => !Number.isNaN(r.ctN) && !Number.isNaN(r.ctOrf1ab));
    const r = await svc.recordResults(actor, good, batch[0]?.row ?? 2);
    total.accepted += r.accepted;
    total.unchanged += r.unchanged;
    total.conflicts.push(...r.conflicts);
    total.rejected.push(...bad, ...r.rejected);
    total.positivePools.push(...r.positivePools);
    total.rechecksCreated += r.rechecksCreated;
  }
  return total;
}
