import type { Readable } from 'node:stream';
import { setImmediate as yieldToOthers } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import type { ImportRowProblem } from '../../../contract/errors';
import { DomainError, why, type Why } from '../../errors';
import { rowFromField, rowProblem } from '../../lib/import-report';
import { AreaRepository } from '../areas/area.repository';
import { AuditService } from '../audit/audit.service';
import { type Actor } from '../auth/actor';
import { Scope } from '../access/scope';
import { sendHandoffs, type HandoffInput } from '../access/handoffs';
import { newId } from '../../lib/ids';
import { actorArea, claimHandoff, movedHandoff } from './handoff-notices';
import { PersonRepository } from './person.repository';
import { writePersons } from './bulk-insert';
import type { PreparedRow } from './import-prepare';
import { preparedBatches } from './import-pipeline';
import { dropDeferredIndexes, ensurePersonIndexes, registryIsSmall } from './person-indexes';
import type { PersonRow } from './people.table';

export { PEOPLE_COLUMNS } from './import-prepare';
const BATCH = 20_000;
/**
 * An upload is written in smaller batches with a turn of the event loop between them, and never
 * defers the indexes (rebuilding them is one long write): the server keeps answering health
 * checks and searches while it goes in (issue 11, finding 4). The CLI runs in its own process.
 */
const UPLOAD_BATCH = 2_000;
const MAX_ERRORS_KEPT = 100_000;

export type RowError = ImportRowProblem;

export interface ImportResult {
  accepted: number; // new persons registered
  rejected: number;
  unchanged: number;
  updated: number;
  errors: RowError[];
  errorsTruncated: boolean;
}

export interface ImportOptions {
  /** Prepare rows on a worker thread: true/false forces it (tests), unset decides by input size. */
  worker?: boolean;
}

type Candidate = { row: number; person: PersonRow; tags: string[] };
/** Kept across the batches of one import: document hashes seen in the file; all household codes while their index is deferred. */
type Tracked = { seen: Map<string, number>; households: Set<string> | null };

async function knownHouseholds(db: Kysely<DB>): Promise<Set<string>> {
  // Household codes are unique city-wide: a new one is counted once wherever it is first seen.
  const rows = await db.selectFrom('persons').select('household_code').distinct().where('household_code', 'is not', null).execute();
  return new Set(rows.map((r) => r.household_code as string));
}

const COMPARED: Array<keyof PersonRow> = ['name', 'sex', 'birth_date', 'phone_hash', 'area_code', 'address', 'household_code', 'tags'];

/**
 * Import people from CSV/XLSX. Each row is checked on its own: rejected rows are reported
 * (row, column, reason) and the accepted ones are committed batch by batch (20,000 rows per
 * transaction). Re-importing a file changes nothing: rows match existing people by document number.
 * Big files are parsed and encrypted on a worker thread while this thread writes.
 */
export async function importPeople(
  ctx: AppContext,
  actor: Actor,
  input: Readable | string,
  onProgress?: (rows: number) => void,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const result: ImportResult = { accepted: 0, rejected: 0, unchanged: 0, updated: 0, errors: [], errorsTruncated: false };
  const seen = new Map<string, number>(); // doc hash → first row in this file
  const reject = (problem: RowError) => {
    if (result.errors.length < MAX_ERRORS_KEPT) result.errors.push(problem);
    else result.errorsTruncated = true;
  };
  const upload = typeof input !== 'string';
  const { big, batches } = await preparedBatches(ctx.pii, ctx.clock.nowIso(), input, { batchSize: upload ? UPLOAD_BATCH : BATCH, worker: opts.worker });
  // A first big load into a (nearly) empty registry builds the secondary indexes once at the end;
  // meanwhile households are tracked here, since their index is one of those deferred.
  const deferIndexes = big && !upload && (await registryIsSmall(ctx.db));
  const households = deferIndexes ? await knownHouseholds(ctx.db) : null;
  if (deferIndexes) await dropDeferredIndexes(ctx.db);
  let rows = 0;
  try {
    for await (const batch of batches) {
      rows = batch.rows;
      await importBatch(ctx, actor, batch.prepared, { seen, households }, result, reject);
      onProgress?.(rows);
      if (upload) await yieldToOthers();
    }
  } finally {
    if (deferIndexes) {
      await ensurePersonIndexes(ctx.db);
      await sql`analyze`.execute(ctx.db); // fresh statistics so the planners pick the rebuilt indexes
    }
  }
  if (rows === 0) throw new DomainError('EMPTY_FILE', 'The file has a header but no rows');
  return result;
}

/** The reason a row naming someone registered outside the importer's scope is refused: the same words whoever that is and wherever. */
export const ELSEWHERE_REASON = "this ID number cannot be imported in your area; ask the person's current area to move them";

/** What one batch refused, by kind, for its audit entry (counts only: no ID numbers). */
type Refused = { invalid: number; outsideScope: number; registeredElsewhere: number; unknownArea: number; repeated: number };

async function importBatch(
  ctx: AppContext,
  actor: Actor,
  batch: PreparedRow[],
  { seen, households }: Tracked,
  result: ImportResult,
  reject: (problem: RowError) => void,
): Promise<void> {
  const scope = Scope.of(actor);
  const valid: Candidate[] = [];
  const refused: Refused = { invalid: 0, outsideScope: 0, registeredElsewhere: 0, unknownArea: 0, repeated: 0 };
  const refuse = (kind: keyof Refused, row: number, column: string, reason: Why) => {
    result.rejected++;
    refused[kind]++;
    reject(rowProblem(row, column, reason));
  };
  for (const p of batch) {
    if ('fields' in p) {
      result.rejected++; // a row with several bad fields counts once
      refused.invalid++;
      for (const [column, text] of Object.entries(p.fields)) reject(rowFromField(p.row, column, text, p.reasons[column]));
      continue;
    }
    const first = seen.get(p.person.doc_hash);
    if (first !== undefined) {
      refuse('repeated', p.row, 'id_number', why('duplicate_row', `duplicate of row ${first} in this file`, { first }));
      continue;
    }
    seen.set(p.person.doc_hash, p.row);
    if (!scope.covers(p.person.area_code)) {
      refuse('outsideScope', p.row, 'area_code', why('not_in_scope', `area ${p.person.area_code} is outside your scope`));
      continue;
    }
    valid.push(p);
  }
  // One transaction per batch: its writes, the hand-offs they cause and the audit entry naming them commit together.
  await ctx.db.transaction().execute(async (trx) => {
    const known = await new AreaRepository(trx, ctx.dialect).existing(valid.map((c) => c.person.area_code));
    const inArea = valid.filter(
      (c) =>
        known.has(c.person.area_code) ||
        (refuse('unknownArea', c.row, 'area_code', why('unknown_area', `unknown area code ${c.person.area_code}`, { codes: c.person.area_code })), false),
    );
    const applied = await applyBatch(ctx, trx, actor, scope, inArea, result, households, (c) =>
      refuse('registeredElsewhere', c.row, 'id_number', why('registered_elsewhere', ELSEWHERE_REASON)),
    );
    const anyRefused = Object.values(refused).some((n) => n > 0);
    if (applied.created.length + applied.changed.length === 0 && !anyRefused && applied.unchanged === 0) return;
    await new AuditService(ctx).append(
      {
        actor,
        action: 'people.imported',
        targetType: 'import_batch',
        areaCode: actorArea(actor) ?? undefined,
        details: {
          rows: batch.length,
          created: applied.created,
          changed: applied.changed,
          moved: applied.moved,
          unchanged: applied.unchanged,
          refused,
          handedOff: applied.handedOff,
        },
      },
      trx,
    );
  });
}

interface Applied {
  created: string[];
  changed: string[];
  /** Changed people whose area changed (within the importer's scope), with where from and to. */
  moved: Array<{ id: string; from: string; to: string }>;
  unchanged: number;
  handedOff: number;
}

async function applyBatch(
  ctx: AppContext,
  trx: Kysely<DB>,
  actor: Actor,
  scope: Scope,
  candidates: Candidate[],
  result: ImportResult,
  households: Set<string> | null,
  refuseElsewhere: (c: Candidate) => void,
): Promise<Applied> {
  const applied: Applied = { created: [], changed: [], moved: [], unchanged: 0, handedOff: 0 };
  if (candidates.length === 0) return applied;
  // The document number is unique city-wide, so the look-up is too; what it finds outside the
  // importer's scope is never shown, changed or moved — the row is refused, the home area told.
  const integrity = new PersonRepository(trx, ctx.dialect, Scope.city('integrity'));
  const mine = new PersonRepository(trx, ctx.dialect, scope);
  const existing = new Map<string, PersonRow>();
  for (const p of await integrity.byDocHashes(candidates.map((r) => r.person.doc_hash))) existing.set(p.doc_hash, p);
  const claims: HandoffInput[] = [];
  const rows = candidates.filter((c) => {
    const old = existing.get(c.person.doc_hash);
    if (!old || scope.covers(old.area_code)) return true;
    refuseElsewhere(c);
    claims.push(claimHandoff(old, c.person.area_code));
    return false;
  });
  const fresh = rows.filter((r) => !existing.has(r.person.doc_hash));
  const deltas = new Map<string, { people: number; households: number }>();
  const bump = (code: string, people: number, households: number) => {
    const d = deltas.get(code) ?? { people: 0, households: 0 };
    d.people += people;
    d.households += households;
    deltas.set(code, d);
  };
  // New households: household codes not yet present among registered people (household codes are city-wide).
  const hhCodes = [...new Set(fresh.map((r) => r.person.household_code).filter((c): c is string => !!c))];
  const knownHh = households ?? (await integrity.knownHouseholds(hhCodes));
  for (const r of fresh) {
    const newHh = !!r.person.household_code && !knownHh.has(r.person.household_code);
    if (newHh) knownHh.add(r.person.household_code as string);
    bump(r.person.area_code, 1, newHh ? 1 : 0);
  }
  await insertPersons(ctx, trx, fresh);
  result.accepted += fresh.length;
  applied.created = fresh.map((r) => r.person.id);
  const moves: HandoffInput[] = [];
  for (const r of rows) {
    const old = existing.get(r.person.doc_hash);
    if (!old) continue;
    const changed = COMPARED.filter((k) => (old[k] ?? null) !== (r.person[k] ?? null));
    if (changed.length === 0) {
      result.unchanged++;
      applied.unchanged++;
      continue;
    }
    const set: Partial<PersonRow> = { updated_at: r.person.updated_at };
    for (const k of changed) (set as Record<string, unknown>)[k] = r.person[k];
    if (changed.includes('phone_hash')) Object.assign(set, { phone_enc: r.person.phone_enc, phone_masked: r.person.phone_masked });
    if (changed.includes('area_code')) Object.assign(set, { grid_code: r.person.grid_code });
    await mine.update(old.id, set);
    if (changed.includes('tags') || changed.includes('area_code')) await mine.replaceTags(old.id, r.person.area_code, r.tags);
    if (changed.includes('area_code')) {
      bump(old.area_code, -1, 0);
      bump(r.person.area_code, 1, 0);
      applied.moved.push({ id: old.id, from: old.area_code, to: r.person.area_code });
      moves.push(movedHandoff(old.id, old.area_code, r.person.area_code, newId()));
    }
    applied.changed.push(old.id);
    result.updated++;
  }
  await new AreaRepository(trx, ctx.dialect).bumpCounters(deltas);
  applied.handedOff = await sendHandoffs(ctx, trx, actor, actorArea(actor), [...claims, ...moves]);
  return applied;
}

async function insertPersons(ctx: AppContext, trx: Kysely<DB>, rows: Candidate[]): Promise<void> {
  const tags = rows.flatMap((r) => r.tags.map((tag) => ({ tag, area_code: r.person.area_code, person_id: r.person.id })));
  await writePersons(
    ctx.database,
    rows.map((r) => r.person),
    tags,
    trx,
  );
}
