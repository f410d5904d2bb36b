import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { DomainError, validationError, why } from '../../errors';
import { newId } from '../../lib/ids';
import { isValidMobile, normalizeIdNumber } from '../../lib/id-number';
import { maskIdNumber, maskName, maskPhone } from '../../lib/masking';
import { Access, Scope, sendHandoffs, type HandoffInput } from '../access';
import { childCodeLength, selfAndAncestors } from '../areas/area-codes';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import type { ControlStatus } from '../people/control-status';
import { PeopleService } from '../people/people.service';
import { docHash, phoneHash } from '../people/person-input';
import { NoticeRepository, OPEN_NOTICE } from './notice.repository';
import { personInScope } from './person-in-scope';
import type { NoticeRow, NoticeStatus } from './tracing.table';
import { rowProblem } from '../../lib/import-report';
import type { ImportRowProblem } from '../../../contract/errors';

export interface NoticeInput {
  row: number;
  name: string;
  idNumber?: string;
  phone?: string;
  reason: string;
  issuer: string;
  deadline: string;
}

const NEXT: Record<string, NoticeStatus[]> = {
  received: ['assigned', 'not_found', 'not_ours'],
  assigned: ['located', 'not_found', 'not_ours'],
  located: ['controlled', 'not_ours'],
};

type Hit = { id: string; area_code: string; grid_code: string | null };
type Rejected = ImportRowProblem[];

/**
 * 协查 notices from other regions: matched, assigned to the grid worker, worked to closure against the deadline.
 *
 * A notice is matched within the receiving area only. A person found elsewhere in the city is the
 * business of their home area: it gets an `assist_match` hand-off naming them, and the receiving
 * area's notice stays unmatched exactly as if nobody had been found, so a receipt never tells
 * whether an ID number or phone exists outside the receiver's scope.
 */
export class NoticesService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  private repo(db: Kysely<DB>, scope: Scope): NoticeRepository {
    return new NoticeRepository(db, scope, this.ctx.dialect);
  }

  /**
   * A batch: bad rows are reported and the rest kept. Each notice is matched by ID number, else by
   * phone, among the receiving area's residents; one match is assigned at once; none or several
   * stay 'received' for a human to decide. One transaction, set-based look-ups.
   */
  async receive(actor: Actor, rows: readonly NoticeInput[], receivingArea: string) {
    Scope.of(actor).ensureCovers(receivingArea, 'area');
    const area = Scope.areas([receivingArea]);
    const rejected: Rejected = [];
    const now = this.ctx.clock.nowIso();
    const batchId = newId();
    const built: NoticeRow[] = [];
    for (const r of rows) {
      const id = r.idNumber ? normalizeIdNumber(r.idNumber) : '';
      const phone = (r.phone ?? '').trim();
      const deadline = Date.parse(r.deadline);
      if (!r.name.trim()) rejected.push(rowProblem(r.row, 'name', why('required', 'is required')));
      else if (!id && !phone) rejected.push(rowProblem(r.row, 'id_number', why('id_or_phone', 'give an ID number or a phone')));
      else if (phone && !isValidMobile(phone)) rejected.push(rowProblem(r.row, 'phone', why('mobile', 'must be a mainland mobile number (1[3-9] + 9 digits)')));
      else if (!r.reason.trim()) rejected.push(rowProblem(r.row, 'reason', why('required', 'is required')));
      else if (!r.issuer.trim()) rejected.push(rowProblem(r.row, 'issuer', why('required', 'is required')));
      else if (Number.isNaN(deadline)) rejected.push(rowProblem(r.row, 'deadline', why('instant', 'must be an ISO-8601 time')));
      else
        built.push({
          id: newId(),
          batch_id: batchId,
          issuer: r.issuer.trim(),
          reason: r.reason.trim(),
          name: r.name.trim(),
          doc_hash: id ? docHash(this.ctx.pii, id) : null,
          doc_enc: id ? this.ctx.pii.encrypt(id) : null,
          doc_masked: id ? maskIdNumber(id) : null,
          phone_hash: phone ? phoneHash(this.ctx.pii, phone) : null,
          phone_enc: phone ? this.ctx.pii.encrypt(phone) : null,
          phone_masked: phone ? maskPhone(phone) : null,
          deadline: new Date(deadline).toISOString(),
          person_id: null,
          candidate_ids: null,
          area_code: receivingArea,
          status: 'received',
          owner_name: null,
          owner_id: null,
          received_at: now,
          assigned_at: null,
          located_at: null,
          closed_at: null,
          outcome_note: null,
        });
    }
    return this.ctx.db.transaction().execute(async (trx) => {
      const { notices, handoffs } = await this.match(trx, area, built);
      await this.repo(trx, area).insertMany(notices);
      const handedOff = await sendHandoffs(this.ctx, trx, actor, receivingArea, handoffs);
      await this.audit.append(
        {
          actor,
          action: 'assist.batch_received',
          targetType: 'assist_batch',
          targetId: batchId,
          areaCode: receivingArea,
          details: { notices: notices.length, assigned: notices.filter((n) => n.status === 'assigned').length, handedOff, rejected: rejected.length },
        },
        trx,
      );
      return {
        batchId,
        accepted: notices.length,
        assigned: notices.filter((b) => b.status === 'assigned').length,
        needsReview: notices.filter((b) => b.status === 'received').length,
        rejected,
      };
    });
  }

  /**
   * Match a batch: people by document hash, else by phone hash, in two set-based look-ups over the
   * city (Scope.city('handoff-routing'): a hit outside the receiving area becomes a hand-off to the
   * person's area and never reaches the notice or the receipt).
   */
  private async match(trx: Kysely<DB>, area: Scope, built: readonly NoticeRow[]): Promise<{ notices: NoticeRow[]; handoffs: HandoffInput[] }> {
    const byDoc = await this.peopleBy(
      trx,
      'doc_hash',
      built.flatMap((n) => (n.doc_hash ? [n.doc_hash] : [])),
    );
    const byPhone = await this.peopleBy(
      trx,
      'phone_hash',
      built.flatMap((n) => (n.phone_hash && !byDoc.has(n.doc_hash ?? '') ? [n.phone_hash] : [])),
    );
    const handoffs: HandoffInput[] = [];
    const assigned: Array<{ n: NoticeRow; p: Hit }> = [];
    const notices = built.map((n) => {
      const doc = n.doc_hash ? (byDoc.get(n.doc_hash) ?? []) : [];
      const hits = doc.length ? doc : n.phone_hash ? (byPhone.get(n.phone_hash) ?? []).slice(0, 10) : [];
      const inside = hits.filter((h) => area.covers(h.area_code));
      const only = hits.length === 1 ? hits[0] : undefined;
      if (inside.length > 1) return { ...n, candidate_ids: JSON.stringify(inside.map((h) => h.id)) };
      if (inside[0]) {
        assigned.push({ n, p: inside[0] });
        return n;
      }
      if (only)
        handoffs.push({
          areaCode: only.area_code,
          kind: 'assist_match',
          personId: only.id,
          subjectType: 'assist_notice',
          subjectId: n.id,
          message: `协查（${n.issuer}）：${n.reason}；截止 ${n.deadline}。被协查人居住在贵辖区，请即收即办、落地查人`,
        });
      return n;
    });
    const owners = await this.gridWorkers(
      trx,
      assigned.map((a) => a.p.grid_code ?? a.p.area_code),
    );
    const assignedAt = this.ctx.clock.nowIso();
    const byNotice = new Map(assigned.map((a) => [a.n.id, a.p]));
    return {
      notices: notices.map((n) => {
        const p = byNotice.get(n.id);
        if (!p) return n;
        const owner = owners(p.grid_code ?? p.area_code);
        return {
          ...n,
          person_id: p.id,
          candidate_ids: null,
          area_code: p.area_code,
          status: 'assigned',
          owner_name: owner?.name ?? null,
          owner_id: owner?.user_id ?? null,
          assigned_at: assignedAt,
        };
      }),
      handoffs,
    };
  }

  private async peopleBy(trx: Kysely<DB>, column: 'doc_hash' | 'phone_hash', keys: readonly string[]): Promise<Map<string, Hit[]>> {
    const out = new Map<string, Hit[]>();
    const want = [...new Set(keys)];
    for (let i = 0; i < want.length; i += 1000) {
      const rows = await trx
        .selectFrom('persons')
        .select(['id', 'area_code', 'grid_code', column])
        .where(column, 'in', want.slice(i, i + 1000))
        .orderBy('id')
        .execute();
      for (const r of rows) {
        const k = (r as Record<string, unknown>)[column] as string;
        out.set(k, [...(out.get(k) ?? []), { id: r.id, area_code: r.area_code, grid_code: r.grid_code }]);
      }
    }
    return out;
  }

  /** The grid worker nearest upward of each place (one query for the whole batch). */
  private async gridWorkers(trx: Kysely<DB>, places: readonly string[]) {
    const codes = [...new Set(places.flatMap((p) => selfAndAncestors(p)))];
    const byArea = new Map<string, { name: string; user_id: string | null }>();
    for (let i = 0; i < codes.length; i += 1000) {
      const rows = await trx
        .selectFrom('area_responsibles')
        .select(['name', 'user_id', 'area_code'])
        .where('duty', '=', 'grid_worker')
        .where('area_code', 'in', codes.slice(i, i + 1000))
        .orderBy('area_code')
        .orderBy('id')
        .execute();
      for (const r of rows) if (!byArea.has(r.area_code)) byArea.set(r.area_code, r);
    }
    return (place: string) =>
      selfAndAncestors(place)
        .sort((a, b) => b.length - a.length)
        .map((c) => byArea.get(c))
        .find((o) => o !== undefined);
  }

  /** A human picks the person an ambiguous or unmatched notice means (someone in their scope). */
  async resolve(actor: Actor, id: string, personId: string) {
    const scope = Scope.of(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      await new Access(trx, scope).ensure('notice', id, 'write');
      const repo = this.repo(trx, scope);
      const n = await repo.byId(id);
      if (!n) throw new Error('unreachable: notice passed the access check');
      if (n.status !== 'received') throw new DomainError('NOTICE_STATE', `Notice is ${n.status}; only received notices are matched`, { status: n.status });
      const p = await personInScope(trx, this.ctx.pii, scope, { personId });
      if (!p) throw new Error('unreachable: person passed the access check');
      const owner = (await this.gridWorkers(trx, [p.grid_code ?? p.area_code]))(p.grid_code ?? p.area_code);
      const set = {
        person_id: p.id,
        candidate_ids: null,
        area_code: p.area_code,
        status: 'assigned' as const,
        owner_name: owner?.name ?? null,
        owner_id: owner?.user_id ?? null,
        assigned_at: this.ctx.clock.nowIso(),
      };
      await repo.update(id, set);
      await this.audit.append(
        { actor, action: 'assist.matched', targetType: 'assist_notice', targetId: id, areaCode: p.area_code, details: { personId: p.id } },
        trx,
      );
      return this.view({ ...n, ...set });
    });
  }

  /** Move a notice on: located (落地), controlled (with the measure applied), not found / not ours (reason required). */
  async advance(actor: Actor, id: string, to: NoticeStatus, opts: { note?: string; measure?: ControlStatus } = {}) {
    const scope = Scope.of(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      await new Access(trx, scope).ensure('notice', id, 'write');
      const repo = this.repo(trx, scope);
      const n = await repo.byId(id);
      if (!n) throw new Error('unreachable: notice passed the access check');
      if (!NEXT[n.status]?.includes(to)) throw new DomainError('NOTICE_STATE', `A ${n.status} notice cannot become ${to}`, { from: n.status, to });
      if ((to === 'not_found' || to === 'not_ours') && !opts.note?.trim()) throw validationError({ note: why('required', `is required for ${to}`) });
      if (to === 'assigned' && !n.person_id) throw validationError({ personId: why('required', 'match the notice to a person first') });
      const now = this.ctx.clock.nowIso();
      const set = {
        status: to,
        ...(to === 'located' ? { located_at: now } : {}),
        ...(OPEN_NOTICE.includes(to) ? {} : { closed_at: now }),
        outcome_note: opts.note ?? n.outcome_note,
      };
      await repo.update(id, set);
      if (to === 'controlled' && n.person_id) {
        await new PeopleService(this.ctx).changeControlStatus(
          actor,
          {
            personIds: [n.person_id],
            to: opts.measure ?? 'home_quarantine',
            onlyFrom: ['none', 'spacetime_companion', 'home_monitoring', 'secondary_contact'],
            reason: `协查 ${n.issuer}: ${n.reason}`,
            evidence: { type: 'assist_notice', id },
          },
          trx,
        );
      }
      await this.audit.append(
        {
          actor,
          action: `assist.${to}`,
          targetType: 'assist_notice',
          targetId: id,
          areaCode: n.area_code,
          reason: opts.note,
          details: { personId: n.person_id },
        },
        trx,
      );
      return this.view({ ...n, ...set });
    });
  }

  view(n: NoticeRow) {
    const now = this.ctx.clock.nowIso();
    return {
      id: n.id,
      batchId: n.batch_id,
      issuer: n.issuer,
      reason: n.reason,
      name: maskName(n.name),
      idNumberMasked: n.doc_masked,
      phoneMasked: n.phone_masked,
      deadline: n.deadline,
      personId: n.person_id,
      candidates: n.candidate_ids ? (JSON.parse(n.candidate_ids) as string[]) : [],
      areaCode: n.area_code,
      status: n.status,
      owner: n.owner_name,
      receivedAt: n.received_at,
      assignedAt: n.assigned_at,
      locatedAt: n.located_at,
      closedAt: n.closed_at,
      note: n.outcome_note,
      overdue: OPEN_NOTICE.includes(n.status) ? now > n.deadline : (n.closed_at ?? '') > n.deadline,
      minutesLeft: Math.round((Date.parse(n.deadline) - Date.parse(now)) / 60_000),
    };
  }

  async list(actor: Actor, opts: { status?: NoticeStatus; overdue?: boolean; area?: string; after?: string; limit: number }) {
    const rows = await this.repo(this.ctx.db, Scope.of(actor).within(opts.area)).list({
      status: opts.status,
      overdueAt: opts.overdue ? this.ctx.clock.nowIso() : undefined,
      after: opts.after,
      limit: opts.limit,
    });
    const last = rows[rows.length - 1];
    return { items: rows.map((r) => this.view(r)), nextCursor: rows.length === opts.limit && last ? `${last.deadline}|${last.id}` : null };
  }

  /** Open and overdue notices per area one level below `area` (street → communities …), `area` within scope (404 otherwise). */
  async overdueByArea(actor: Actor, area: string) {
    return this.repo(this.ctx.db, Scope.of(actor).within(area)).openByChild(childCodeLength(area), this.ctx.clock.nowIso());
  }
}
