import type { Readable } from 'node:stream';
import { responsibleImportColumns, type ImportRowError, type OwnerImportResult } from '../../../contract/owners';
import type { AppContext } from '../../context';
import { DomainError, why } from '../../errors';
import { newId } from '../../lib/ids';
import { maskPhone } from '../../lib/masking';
import { Scope } from '../access/scope';
import { AuditService, type AuditEntry } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { readTable } from '../people';
import { AreaRepository } from './area.repository';
import type { AreaResponsibleRow } from './areas.table';
import { ResponsibleRepository } from './responsible.repository';
import { parseResponsibleRow, responsibleKey, type ResponsibleImportRow } from './responsibles-rows';
import { rowProblem } from '../../lib/import-report';

/** A file of owners names a district's officials and grid workers: bounded, read whole. */
export const MAX_RESPONSIBLE_ROWS = 50_000;
/** Never naming the code: an area outside your scope is another area's, and answers never carry their codes (route probe). */
const OUTSIDE = 'the area is outside your scope';

/**
 * `epigrid import responsibles` and `POST /areas/responsibles/import` (issue 13 item 5): the
 * people answerable for each area (四方责任 and grid workers). Keeps the good rows: bad rows are
 * reported (row, column, reason) and nothing of them is written; the good ones commit in one
 * transaction with their audit entries. An owner is matched by (area, duty, name): the same
 * title and phone again → unchanged; a new title or phone → updated. An empty title or phone
 * cell leaves a known one as it is. Phones are stored as every phone is: encrypted, shown
 * masked; a clear read is `POST /areas/responsibles/:id/reveal`, audited.
 */
export async function importResponsibles(ctx: AppContext, actor: Actor, input: Readable | string): Promise<OwnerImportResult> {
  const scope = Scope.of(actor);
  const errors: ImportRowError[] = [];
  const rows: ResponsibleImportRow[] = [];
  const firstRow = new Map<string, number>();
  let count = 0;
  for await (const rec of readTable(input, responsibleImportColumns)) {
    if (++count > MAX_RESPONSIBLE_ROWS)
      throw new DomainError('BAD_FILE', `A responsibles file holds at most ${MAX_RESPONSIBLE_ROWS} rows; split it`, { maxRows: MAX_RESPONSIBLE_ROWS });
    const parsed = parseResponsibleRow(rec.row, rec.values);
    if ('errors' in parsed) {
      errors.push(...parsed.errors);
      continue;
    }
    const r = parsed.ok;
    const first = firstRow.get(responsibleKey(r));
    if (first !== undefined)
      errors.push(rowProblem(r.row, 'name', why('duplicate_row', `duplicate of row ${first} in this file (same area, duty and name)`, { first })));
    else if (!scope.covers(r.areaCode)) errors.push(rowProblem(r.row, 'area_code', why('not_in_scope', OUTSIDE)));
    else rows.push(r);
    if (first === undefined) firstRow.set(responsibleKey(r), r.row);
  }
  if (count === 0) throw new DomainError('EMPTY_FILE', 'The file has a header but no rows');

  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const known = await new AreaRepository(trx, ctx.dialect).existing(rows.map((r) => r.areaCode));
    const repo = new ResponsibleRepository(trx, scope);
    const existing = new Map(
      (await repo.inAreas(rows.map((r) => r.areaCode))).map((o) => [responsibleKey({ areaCode: o.area_code, duty: o.duty, name: o.name }), o]),
    );
    const now = ctx.clock.nowIso();
    const fresh: AreaResponsibleRow[] = [];
    const audit: AuditEntry[] = [];
    let updated = 0;
    let unchanged = 0;
    for (const r of rows) {
      if (!known.has(r.areaCode)) {
        errors.push(rowProblem(r.row, 'area_code', why('unknown_area', `unknown area ${r.areaCode}`, { codes: r.areaCode })));
        continue;
      }
      const old = existing.get(responsibleKey(r));
      if (!old) {
        const row: AreaResponsibleRow = {
          id: newId(),
          area_code: r.areaCode,
          duty: r.duty,
          name: r.name,
          title: r.title,
          phone_enc: r.phone ? ctx.pii.encrypt(r.phone) : null,
          phone_masked: r.phone ? maskPhone(r.phone) : null,
          user_id: null,
          created_at: now,
        };
        fresh.push(row);
        audit.push({
          actor,
          action: 'area.responsible_added',
          targetType: 'area',
          targetId: r.areaCode,
          areaCode: r.areaCode,
          details: { duty: r.duty, name: r.name, via: 'import' },
        });
        continue;
      }
      const set: Partial<AreaResponsibleRow> = {};
      if (r.title !== null && r.title !== old.title) set.title = r.title;
      if (r.phone !== null && r.phone !== (old.phone_enc ? ctx.pii.decrypt(old.phone_enc) : null))
        Object.assign(set, { phone_enc: ctx.pii.encrypt(r.phone), phone_masked: maskPhone(r.phone) });
      const changed = [...(set.title !== undefined ? ['title'] : []), ...(set.phone_enc !== undefined ? ['phone'] : [])];
      if (changed.length === 0) {
        unchanged++;
        continue;
      }
      await repo.update(old.id, set);
      audit.push({
        actor,
        action: 'area.responsible_updated',
        targetType: 'area',
        targetId: r.areaCode,
        areaCode: r.areaCode,
        details: { id: old.id, duty: r.duty, name: r.name, changed, via: 'import' },
      });
      updated++;
    }
    await repo.insertMany(fresh);
    const rejected = new Set(errors.map((e) => e.row)).size;
    audit.push({
      actor,
      action: 'area.responsibles_imported',
      targetType: 'import_batch',
      details: { rows: count, added: fresh.length, updated, unchanged, rejected },
    });
    await new AuditService(ctx).appendMany(audit, trx);
    return { accepted: fresh.length, rejected, unchanged, updated };
  });
  ctx.log.info(outcome, 'responsibles imported');
  return { ...outcome, errors: errors.sort((a, b) => a.row - b.row) };
}
