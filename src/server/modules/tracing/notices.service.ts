import type { AppContext } from '../../context';
import { inAreas, insertChunks } from '../../db/dialect';
import { DomainError, notFound, validationError } from '../../errors';
import { newId } from '../../lib/ids';
import { isValidMobile, normalizeIdNumber } from '../../lib/id-number';
import { maskIdNumber, maskName, maskPhone } from '../../lib/masking';
import { childCodeLength, selfAndAncestors } from '../areas/area-codes';
import { AuditService } from '../audit/audit.service';
import { coversArea, type Actor } from '../auth/actor';
import type { ControlStatus } from '../people/control-status';
import { PeopleService } from '../people/people.service';
import { docHash, phoneHash } from '../people/person-input';
import type { NoticeRow, NoticeStatus } from './tracing.table';

export interface NoticeInput {
  row: number;
  name: string;
  idNumber?: string;
  phone?: string;
  reason: string;
  issuer: string;
  deadline: string;
}

const OPEN: readonly NoticeStatus[] = ['received', 'assigned', 'located'];
const NEXT: Record<string, NoticeStatus[]> = {
  received: ['assigned', 'not_found', 'not_ours'],
  assigned: ['located', 'not_found', 'not_ours'],
  located: ['controlled', 'not_ours'],
};

/** 协查 notices from other regions: matched, assigned to the grid worker, worked to closure against the deadline. */
export class NoticesService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  /**
   * A batch: bad rows are reported and the rest kept. Each notice is matched by ID number, else by
   * phone; one match is assigned at once; none or several stay 'received' for a human to decide.
   */
  async receive(actor: Actor, rows: readonly NoticeInput[], receivingArea: string) {
    if (!coversArea(actor, receivingArea)) throw new DomainError('FORBIDDEN', `Area ${receivingArea} is outside your scope`, { field: 'area' });
    const rejected: Array<{ row: number; column: string; reason: string }> = [];
    const now = this.ctx.clock.nowIso();
    const batchId = newId();
    const built: NoticeRow[] = [];
    for (const r of rows) {
      const id = r.idNumber ? normalizeIdNumber(r.idNumber) : '';
      const phone = (r.phone ?? '').trim();
      const deadline = Date.parse(r.deadline);
      if (!r.name.trim()) rejected.push({ row: r.row, column: 'name', reason: 'is required' });
      else if (!id && !phone) rejected.push({ row: r.row, column: 'id_number', reason: 'give an ID number or a phone' });
      else if (phone && !isValidMobile(phone)) rejected.push({ row: r.row, column: 'phone', reason: 'must be a mainland mobile number (1[3-9] + 9 digits)' });
      else if (!r.reason.trim()) rejected.push({ row: r.row, column: 'reason', reason: 'is required' });
      else if (!r.issuer.trim()) rejected.push({ row: r.row, column: 'issuer', reason: 'is required' });
      else if (Number.isNaN(deadline)) rejected.push({ row: r.row, column: 'deadline', reason: 'must be an ISO-8601 time' });
      else
        built.push(
          await this.match({
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
          }),
        );
    }
    await this.ctx.db.transaction().execute(async (trx) => {
      for (const chunk of insertChunks(this.ctx.dialect, built)) await trx.insertInto('assist_notices').values(chunk).execute();
      await this.audit.append(
        {
          actor,
          action: 'assist.batch_received',
          targetType: 'assist_batch',
          targetId: batchId,
          areaCode: receivingArea,
          details: { notices: built.length, rejected: rejected.length },
        },
        trx,
      );
    });
    return {
      batchId,
      accepted: built.length,
      assigned: built.filter((b) => b.status === 'assigned').length,
      needsReview: built.filter((b) => b.status === 'received').length,
      rejected,
    };
  }

  private async match(n: NoticeRow): Promise<NoticeRow> {
    const byDoc = n.doc_hash
      ? await this.ctx.db.selectFrom('persons').select(['id', 'area_code', 'grid_code']).where('doc_hash', '=', n.doc_hash).execute()
      : [];
    const hits = byDoc.length
      ? byDoc
      : n.phone_hash
        ? await this.ctx.db.selectFrom('persons').select(['id', 'area_code', 'grid_code']).where('phone_hash', '=', n.phone_hash).limit(10).execute()
        : [];
    if (hits.length > 1) return { ...n, candidate_ids: JSON.stringify(hits.map((h) => h.id)) };
    const hit = hits[0];
    return hit ? this.assignTo(n, hit) : n;
  }

  private async assignTo(n: NoticeRow, p: { id: string; area_code: string; grid_code: string | null }): Promise<NoticeRow> {
    const owner = await this.ctx.db
      .selectFrom('area_responsibles')
      .select(['name', 'user_id', 'area_code'])
      .where('duty', '=', 'grid_worker')
      .where('area_code', 'in', selfAndAncestors(p.grid_code ?? p.area_code))
      .orderBy('area_code', 'desc')
      .limit(1)
      .executeTakeFirst();
    return {
      ...n,
      person_id: p.id,
      candidate_ids: null,
      area_code: p.area_code,
      status: 'assigned',
      owner_name: owner?.name ?? null,
      owner_id: owner?.user_id ?? null,
      assigned_at: this.ctx.clock.nowIso(),
    };
  }

  private async row(actor: Actor, id: string): Promise<NoticeRow> {
    const n = await this.ctx.db.selectFrom('assist_notices').selectAll().where('id', '=', id).executeTakeFirst();
    if (!n || !coversArea(actor, n.area_code)) throw notFound('Notice', id);
    return n;
  }

  /** A human picks the person an ambiguous or unmatched notice means. */
  async resolve(actor: Actor, id: string, personId: string) {
    const n = await this.row(actor, id);
    if (n.status !== 'received') throw new DomainError('NOTICE_STATE', `Notice is ${n.status}; only received notices are matched`, { status: n.status });
    const p = await new PeopleService(this.ctx).getPerson(actor, personId);
    const next = await this.assignTo(n, { id: p.id, area_code: p.areaCode, grid_code: p.gridCode });
    await this.ctx.db
      .updateTable('assist_notices')
      .set({
        person_id: next.person_id,
        candidate_ids: null,
        area_code: next.area_code,
        status: 'assigned',
        owner_name: next.owner_name,
        owner_id: next.owner_id,
        assigned_at: next.assigned_at,
      })
      .where('id', '=', id)
      .execute();
    await this.audit.append({ actor, action: 'assist.matched', targetType: 'assist_notice', targetId: id, areaCode: next.area_code });
    return this.view(next);
  }

  /** Move a notice on: located (落地), controlled (with the measure applied), not found / not ours (reason required). */
  async advance(actor: Actor, id: string, to: NoticeStatus, opts: { note?: string; measure?: ControlStatus } = {}) {
    const n = await this.row(actor, id);
    if (!NEXT[n.status]?.includes(to)) throw new DomainError('NOTICE_STATE', `A ${n.status} notice cannot become ${to}`, { from: n.status, to });
    if ((to === 'not_found' || to === 'not_ours') && !opts.note?.trim()) throw validationError({ note: `is required for ${to}` });
    if (to === 'assigned' && !n.person_id) throw validationError({ personId: 'match the notice to a person first' });
    const now = this.ctx.clock.nowIso();
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('assist_notices')
        .set({
          status: to,
          ...(to === 'located' ? { located_at: now } : {}),
          ...(OPEN.includes(to) ? {} : { closed_at: now }),
          outcome_note: opts.note ?? n.outcome_note,
        })
        .where('id', '=', id)
        .execute();
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
      await this.audit.append({ actor, action: `assist.${to}`, targetType: 'assist_notice', targetId: id, areaCode: n.area_code, reason: opts.note }, trx);
    });
    return this.view(await this.row(actor, id));
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
      overdue: OPEN.includes(n.status) ? now > n.deadline : (n.closed_at ?? '') > n.deadline,
      minutesLeft: Math.round((Date.parse(n.deadline) - Date.parse(now)) / 60_000),
    };
  }

  async list(actor: Actor, opts: { status?: NoticeStatus; overdue?: boolean; area?: string; after?: string; limit: number }) {
    let q = this.ctx.db
      .selectFrom('assist_notices')
      .selectAll()
      .where((eb) => inAreas(eb, 'area_code', actor.scope))
      .orderBy('deadline')
      .orderBy('id')
      .limit(opts.limit);
    if (opts.status) q = q.where('status', '=', opts.status);
    if (opts.overdue) q = q.where('status', 'in', OPEN).where('deadline', '<', this.ctx.clock.nowIso());
    if (opts.area) q = q.where((eb) => inAreas(eb, 'area_code', [opts.area ?? '']));
    if (opts.after) {
      const [d, i] = opts.after.split('|');
      q = q.where((eb) => eb.or([eb('deadline', '>', d ?? ''), eb.and([eb('deadline', '=', d ?? ''), eb('id', '>', i ?? '')])]));
    }
    const rows = await q.execute();
    const last = rows[rows.length - 1];
    return { items: rows.map((r) => this.view(r)), nextCursor: rows.length === opts.limit && last ? `${last.deadline}|${last.id}` : null };
  }

  /** Open and overdue notices per area one level below `area` (street → communities …). */
  async overdueByArea(actor: Actor, area: string) {
    const len = childCodeLength(area);
    const now = this.ctx.clock.nowIso();
    const rows = await this.ctx.db
      .selectFrom('assist_notices')
      .select([
        (eb) => eb.fn('substr', ['area_code', eb.val(1), eb.val(len)]).as('code'),
        (eb) => eb.fn.countAll<number>().as('open'),
        (eb) => eb.fn.sum<number>(eb.case().when('deadline', '<', now).then(1).else(0).end()).as('overdue'),
      ])
      .where('status', 'in', OPEN)
      .where((eb) => inAreas(eb, 'area_code', actor.scope))
      .where((eb) => inAreas(eb, 'area_code', [area]))
      .groupBy('code')
      .execute();
    return rows.map((r) => ({ code: String(r.code), open: Number(r.open), overdue: Number(r.overdue) }));
  }
}
