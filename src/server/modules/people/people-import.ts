import type { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { DomainError } from '../../errors';
import { newId } from '../../lib/ids';
import { AreaRepository } from '../areas/area.repository';
import { AuditService } from '../audit/audit.service';
import { coversArea, type Actor } from '../auth/actor';
import { readTable, type ImportRecord } from './import-source';
import { buildPersonRow } from './person-input';
import { PersonRepository } from './person.repository';
import type { PersonRow } from './people.table';

export const PEOPLE_COLUMNS = ['id_number', 'name', 'sex', 'birth_date', 'phone', 'area_code', 'address', 'household', 'tags'] as const;
const BATCH = 5000;
const MAX_ERRORS_KEPT = 100_000;

export interface RowError {
  row: number;
  column: string;
  reason: string;
}

export interface ImportResult {
  accepted: number; // new persons registered
  rejected: number;
  unchanged: number;
  updated: number;
  errors: RowError[];
  errorsTruncated: boolean;
}

type Candidate = { row: number; person: PersonRow; tags: string[] };

const COMPARED: Array<keyof PersonRow> = ['name', 'sex', 'birth_date', 'phone_hash', 'area_code', 'address', 'household_code', 'tags'];

/**
 * Import people from CSV/XLSX. Each row is checked on its own: rejected rows are reported
 * (row, column, reason) and the accepted ones are committed batch by batch (5,000 rows per
 * transaction). Re-importing a file changes nothing: rows match existing people by document number.
 */
export async function importPeople(ctx: AppContext, actor: Actor, input: Readable | string, onProgress?: (rows: number) => void): Promise<ImportResult> {
  const result: ImportResult = { accepted: 0, rejected: 0, unchanged: 0, updated: 0, errors: [], errorsTruncated: false };
  const seen = new Map<string, number>(); // doc hash → first row in this file
  let lastRejected = -1;
  const reject = (row: number, column: string, reason: string) => {
    if (row !== lastRejected) result.rejected++; // a row with several bad fields counts once
    lastRejected = row;
    if (result.errors.length < MAX_ERRORS_KEPT) result.errors.push({ row, column, reason });
    else result.errorsTruncated = true;
  };
  let batch: ImportRecord[] = [];
  let rows = 0;
  const flush = async () => {
    if (batch.length) await importBatch(ctx, actor, batch, seen, result, reject);
    batch = [];
    onProgress?.(rows);
  };
  for await (const rec of readTable(input, PEOPLE_COLUMNS, ['id_number', 'name', 'area_code'])) {
    rows++;
    batch.push(rec);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  if (rows === 0) throw new DomainError('EMPTY_FILE', 'The file has a header but no rows');
  return result;
}

async function importBatch(
  ctx: AppContext,
  actor: Actor,
  batch: ImportRecord[],
  seen: Map<string, number>,
  result: ImportResult,
  reject: (row: number, column: string, reason: string) => void,
): Promise<void> {
  const now = ctx.clock.nowIso();
  const valid: Candidate[] = [];
  for (const { row, values: v } of batch) {
    const fields: Record<string, string> = {};
    const sex = v.sex ? ({ M: 'M', F: 'F', 男: 'M', 女: 'F', U: 'U' } as Record<string, 'M' | 'F' | 'U'>)[v.sex.trim().toUpperCase()] : undefined;
    if (v.sex && !sex) fields.sex = 'must be M, F, 男 or 女';
    let built: ReturnType<typeof buildPersonRow> | null = null;
    try {
      built = buildPersonRow(
        ctx.pii,
        {
          idNumber: v.id_number ?? '',
          name: v.name ?? '',
          sex,
          birthDate: v.birth_date || null,
          phone: v.phone || null,
          areaCode: v.area_code ?? '',
          address: v.address || null,
          householdCode: v.household || null,
          tags: (v.tags ?? '').split('|'),
        },
        newId(),
        now,
      );
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      Object.assign(fields, (e.details.fields as Record<string, string> | undefined) ?? { row: e.message });
    }
    if (!built || Object.keys(fields).length) {
      for (const [column, reason] of Object.entries(fields)) reject(row, column, reason);
      continue;
    }
    const first = seen.get(built.row.doc_hash);
    if (first !== undefined) {
      reject(row, 'id_number', `duplicate of row ${first} in this file`);
      continue;
    }
    seen.set(built.row.doc_hash, row);
    if (!coversArea(actor, built.row.area_code)) {
      reject(row, 'area_code', `area ${built.row.area_code} is outside your scope`);
      continue;
    }
    valid.push({ row, person: built.row, tags: built.tags });
  }
  await ctx.db.transaction().execute(async (trx) => {
    const known = await new AreaRepository(trx, ctx.dialect).existing(valid.map((c) => c.person.area_code));
    const inArea = valid.filter((c) => known.has(c.person.area_code) || (reject(c.row, 'area_code', `unknown area code ${c.person.area_code}`), false));
    await applyBatch(ctx, trx, actor, inArea, result);
  });
}

async function applyBatch(ctx: AppContext, trx: Kysely<DB>, actor: Actor, rows: Candidate[], result: ImportResult): Promise<void> {
  if (rows.length === 0) return;
  const existing = new Map<string, PersonRow>();
  const hashes = rows.map((r) => r.person.doc_hash);
  for (let i = 0; i < hashes.length; i += 5000) {
    for (const p of await trx
      .selectFrom('persons')
      .selectAll()
      .where('doc_hash', 'in', hashes.slice(i, i + 5000))
      .execute())
      existing.set(p.doc_hash, p);
  }
  const fresh = rows.filter((r) => !existing.has(r.person.doc_hash));
  const deltas = new Map<string, { people: number; households: number }>();
  const bump = (code: string, people: number, households: number) => {
    const d = deltas.get(code) ?? { people: 0, households: 0 };
    d.people += people;
    d.households += households;
    deltas.set(code, d);
  };
  // New households: household codes not yet present among registered people.
  const hhCodes = [...new Set(fresh.map((r) => r.person.household_code).filter((c): c is string => !!c))];
  const knownHh = new Set<string>();
  for (let i = 0; i < hhCodes.length; i += 5000) {
    for (const r of await trx
      .selectFrom('persons')
      .select('household_code')
      .distinct()
      .where('household_code', 'in', hhCodes.slice(i, i + 5000))
      .execute())
      if (r.household_code) knownHh.add(r.household_code);
  }
  for (const r of fresh) {
    const newHh = !!r.person.household_code && !knownHh.has(r.person.household_code);
    if (newHh) knownHh.add(r.person.household_code as string);
    bump(r.person.area_code, 1, newHh ? 1 : 0);
  }
  await insertPersons(ctx, trx, fresh);
  result.accepted += fresh.length;
  for (const r of rows) {
    const old = existing.get(r.person.doc_hash);
    if (!old) continue;
    const changed = COMPARED.filter((k) => (old[k] ?? null) !== (r.person[k] ?? null));
    if (changed.length === 0) {
      result.unchanged++;
      continue;
    }
    const set: Partial<PersonRow> = { updated_at: r.person.updated_at };
    for (const k of changed) (set as Record<string, unknown>)[k] = r.person[k];
    if (changed.includes('phone_hash')) Object.assign(set, { phone_enc: r.person.phone_enc, phone_masked: r.person.phone_masked });
    if (changed.includes('area_code')) Object.assign(set, { grid_code: r.person.grid_code });
    await trx.updateTable('persons').set(set).where('id', '=', old.id).execute();
    if (changed.includes('tags') || changed.includes('area_code')) {
      await trx.deleteFrom('person_tags').where('person_id', '=', old.id).execute();
      if (r.tags.length)
        await trx
          .insertInto('person_tags')
          .values(r.tags.map((tag) => ({ tag, area_code: r.person.area_code, person_id: old.id })))
          .execute();
    }
    if (changed.includes('area_code')) {
      bump(old.area_code, -1, 0);
      bump(r.person.area_code, 1, 0);
    }
    result.updated++;
  }
  await new AreaRepository(trx, ctx.dialect).bumpCounters(deltas);
  await new AuditService(ctx).append(
    { actor, action: 'people.imported', targetType: 'import_batch', details: { rows: rows.length, created: fresh.length } },
    trx,
  );
}

async function insertPersons(ctx: AppContext, trx: Kysely<DB>, rows: Candidate[]): Promise<void> {
  await new PersonRepository(trx, ctx.dialect).insertMany(
    rows.map((r) => r.person),
    rows.flatMap((r) => r.tags.map((tag) => ({ tag, area_code: r.person.area_code, person_id: r.person.id }))),
  );
}
