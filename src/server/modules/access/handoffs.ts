import type { Kysely } from 'kysely';
import type { HandoffKind } from '../../../contract/handoffs';
import { decodeTimeIdCursor, encodeTimeIdCursor } from '../../lib/keyset-cursor';
import type { AppContext } from '../../context';
import { insertChunks } from '../../db/dialect';
import type { DB } from '../../db/schema';
import { DomainError, validationError, why } from '../../errors';
import { newId } from '../../lib/ids';
import { maskName } from '../../lib/masking';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { Access } from './access';
import type { HandoffRow, HandoffStatus } from './handoff.table';
import { handoffReachSql, Scope } from './scope';

// The kinds live in the contract the web shares (src/contract/handoffs.ts).
export { handoffKinds, type HandoffKind } from '../../../contract/handoffs';

export interface HandoffInput {
  /** The receiving area: the person's (or record's) home area. */
  areaCode: string;
  kind: HandoffKind;
  personId?: string | null;
  subjectType: string;
  subjectId: string;
  /** Free text for the receiving area; never an ID number or phone. */
  message: string;
}

/**
 * Another area's residents reach a caller only by hand-off: the work that touched them (a trace,
 * a back-trace, a move) addresses a notice to their home area, naming the person there. The
 * sender sees how many were handed off, not who. Sent in the caller's transaction, audited with
 * it, and never twice for the same (kind, subject, person).
 */
export async function sendHandoffs(ctx: AppContext, trx: Kysely<DB>, actor: Actor, fromArea: string | null, items: readonly HandoffInput[]): Promise<number> {
  if (items.length === 0) return 0;
  const now = ctx.clock.nowIso();
  const seen = new Set<string>();
  const rows: HandoffRow[] = [];
  for (const i of items) {
    const key = `${i.kind}|${i.subjectId}|${i.personId ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push({
      id: newId(),
      area_code: i.areaCode,
      kind: i.kind,
      person_id: i.personId ?? null,
      subject_type: i.subjectType,
      subject_id: i.subjectId,
      from_area_code: fromArea,
      message: i.message,
      status: 'open',
      created_by: actor.name,
      created_at: now,
      acted_by: null,
      acted_at: null,
      note: null,
    });
  }
  let sent = 0;
  for (const chunk of insertChunks(ctx.dialect, rows)) {
    const r = await trx
      .insertInto('handoffs')
      .values(chunk)
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    sent += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  if (sent > 0) {
    // Counts per receiving area for the sender's own areas; areas outside the sender's scope are one
    // `elsewhere` count, so the sender's audit trail does not say where another area's resident lives.
    const byArea = new Map<string, number>();
    const mine = Scope.of(actor);
    for (const r of rows) {
      const key = mine.covers(r.area_code) ? r.area_code : 'elsewhere';
      byArea.set(key, (byArea.get(key) ?? 0) + 1);
    }
    await new AuditService(ctx).append(
      {
        actor,
        action: 'handoff.sent',
        targetType: rows[0]?.subject_type,
        targetId: rows[0]?.subject_id,
        areaCode: fromArea ?? undefined,
        details: { kind: rows[0]?.kind, sent, areas: Object.fromEntries(byArea) },
      },
      trx,
    );
  }
  return sent;
}

/** A hand-off as the inbox shows it: the person named only when they are (still) in the reader's scope, and then masked. */
export type HandoffListItem = HandoffRow & { person: { id: string; nameMasked: string; idNumberMasked: string } | null };

export interface HandoffPage {
  items: HandoffListItem[];
  nextCursor: string | null;
}

/** The receiving side: an area's hand-off inbox and what it did with each. */
export class HandoffService {
  constructor(private readonly ctx: AppContext) {}

  /** Newest first, keyset on (created_at, id); only hand-offs addressed to the caller's areas. */
  /** `status: 'pending'` is everything not yet done (open or acknowledged): the inbox's default view. */
  async list(actor: Actor, opts: { area?: string; status?: HandoffStatus | 'pending'; cursor?: string; limit: number }): Promise<HandoffPage> {
    const scope = Scope.of(actor).within(opts.area);
    let q = this.ctx.db
      .selectFrom('handoffs')
      .selectAll()
      .where(handoffReachSql(scope, 'area_code', 'subject_type', 'subject_id'))
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(opts.limit + 1);
    if (opts.status === 'pending') q = q.where('status', '!=', 'done');
    else if (opts.status) q = q.where('status', '=', opts.status);
    if (opts.cursor) {
      const [at, id] = decodeTimeIdCursor(opts.cursor);
      q = q.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]));
    }
    const rows = await q.execute();
    const page = rows.slice(0, opts.limit);
    const last = page[page.length - 1];
    const people = await this.peopleInScope(
      scope,
      page.map((h) => h.person_id).filter((id): id is string => !!id),
    );
    const atMySites = await this.peopleAtSites(
      scope,
      page.filter((h) => h.subject_type === 'facility').map((h) => h.person_id),
    );
    const items = page.map((h) => ({ ...h, person: (h.person_id && (people.get(h.person_id) ?? atMySites.get(h.person_id))) || null }));
    return { items, nextCursor: rows.length > opts.limit && last ? encodeTimeIdCursor(last.created_at, last.id) : null };
  }

  /** Masked name and document of the named people still within the reader's scope (a moved-out resident is not). */
  private async peopleInScope(scope: Scope, ids: readonly string[]) {
    const out = new Map<string, { id: string; nameMasked: string; idNumberMasked: string }>();
    if (ids.length === 0) return out;
    const rows = await this.ctx.db
      .selectFrom('persons')
      .select(['id', 'name', 'doc_masked'])
      .where('id', 'in', [...new Set(ids)])
      .where((eb) => scope.where(eb, 'area_code'))
      .execute();
    for (const r of rows) out.set(r.id, { id: r.id, nameMasked: maskName(r.name), idNumberMasked: r.doc_masked });
    return out;
  }

  /** Masked name and document of people living at a facility the caller is posted to (the site's staff know who is in their rooms). */
  private async peopleAtSites(scope: Scope, ids: ReadonlyArray<string | null>) {
    const out = new Map<string, { id: string; nameMasked: string; idNumberMasked: string }>();
    const sites = scope.siteCodes('facility');
    const wanted = [...new Set(ids.filter((id): id is string => !!id))];
    if (wanted.length === 0 || sites.length === 0) return out;
    const rows = await this.ctx.db
      .selectFrom('persons')
      .innerJoin('placements', 'placements.person_id', 'persons.id')
      .select(['persons.id', 'persons.name', 'persons.doc_masked'])
      .where('persons.id', 'in', wanted)
      .where('placements.facility_id', 'in', sites)
      .execute();
    for (const r of rows) out.set(r.id, { id: r.id, nameMasked: maskName(r.name), idNumberMasked: r.doc_masked });
    return out;
  }

  async countOpen(actor: Actor): Promise<number> {
    const scope = Scope.of(actor);
    const r = await this.ctx.db
      .selectFrom('handoffs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '!=', 'done')
      .where(handoffReachSql(scope, 'area_code', 'subject_type', 'subject_id'))
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Acknowledge (seen, being handled) or close (done, with a note of what was done). */
  async act(actor: Actor, id: string, to: Exclude<HandoffStatus, 'open'>, note?: string): Promise<HandoffRow> {
    if (to === 'done' && !note?.trim()) throw validationError({ note: why('required', 'say what was done') });
    return this.ctx.db.transaction().execute(async (trx) => {
      await new Access(trx, Scope.of(actor)).ensure('handoff', id, 'write');
      const h = await trx.selectFrom('handoffs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      if (h.status === 'done') throw new DomainError('HANDOFF_CLOSED', 'This hand-off is already done', { id });
      const now = this.ctx.clock.nowIso();
      await trx
        .updateTable('handoffs')
        .set({ status: to, acted_by: actor.name, acted_at: now, note: note ?? h.note })
        .where('id', '=', id)
        .execute();
      await new AuditService(this.ctx).append(
        { actor, action: `handoff.${to}`, targetType: 'handoff', targetId: id, areaCode: h.area_code, details: { kind: h.kind, personId: h.person_id } },
        trx,
      );
      return { ...h, status: to, acted_by: actor.name, acted_at: now, note: note ?? h.note };
    });
  }
}
