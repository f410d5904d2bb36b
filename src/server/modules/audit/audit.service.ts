import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import { insertChunks, lockForSerialWrite } from '../../db/dialect';
import type { DB } from '../../db/schema';
import type { Scope } from '../access/scope';
import type { Actor } from '../auth/actor';
import { checkRun, entryHash, GENESIS_HASH } from './audit-chain';
import type { AuditRow } from './audit.table';

export interface AuditEntry {
  actor: Actor | null;
  action: string;
  targetType?: string;
  targetId?: string;
  areaCode?: string;
  reason?: string;
  details?: Record<string, unknown>;
}

export interface AuditPage {
  items: Array<Omit<AuditRow, 'prev_hash' | 'hash' | 'details'> & { details: Record<string, unknown> | null }>;
  nextCursor: string | null;
}

/** The append-only, hash-chained audit trail. */
export class AuditService {
  constructor(private readonly ctx: AppContext) {}

  /** Append inside the caller's transaction when given one, so the entry commits with the change. */
  /** Append inside the transaction of the change it records, so both commit or neither does. */
  async append(entry: AuditEntry, trx: Kysely<DB>): Promise<void> {
    return this.appendIn(trx, [entry]);
  }

  /**
   * Record an event that changes nothing else (a refused request, a lock-out answer): there is no
   * change for it to share a transaction with, so it gets its own. Never use it for a change.
   */
  async recordEvent(entry: AuditEntry): Promise<void> {
    await this.ctx.db.transaction().execute((t) => this.appendIn(t, [entry]));
  }

  async appendMany(entries: readonly AuditEntry[], trx: Kysely<DB>): Promise<void> {
    if (entries.length > 0) await this.appendIn(trx, entries);
  }

  private async appendIn(trx: Kysely<DB>, entries: readonly AuditEntry[]): Promise<void> {
    await lockForSerialWrite(trx, this.ctx.dialect, 'audit_log');
    const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    let seq = last ? Number(last.seq) : 0;
    let prev = last?.hash ?? GENESIS_HASH;
    const at = this.ctx.clock.nowIso();
    const rows: AuditRow[] = [];
    for (const e of entries) {
      seq += 1;
      const row: Omit<AuditRow, 'hash'> = {
        seq,
        at,
        actor_id: e.actor?.id ?? null,
        actor_name: e.actor?.name ?? 'anonymous',
        action: e.action,
        target_type: e.targetType ?? null,
        target_id: e.targetId ?? null,
        area_code: e.areaCode ?? null,
        reason: e.reason ?? null,
        request_id: e.actor?.requestId ?? null,
        details: e.details ? JSON.stringify(e.details) : null,
        prev_hash: prev,
      };
      const hash = entryHash(row);
      rows.push({ ...row, hash });
      prev = hash;
    }
    for (const chunk of insertChunks(this.ctx.dialect, rows)) await trx.insertInto('audit_log').values(chunk).execute();
  }

  /** Walk the whole chain in pages; name the first broken entry. */
  async verify(): Promise<{ ok: true; entries: number } | { ok: false; entries: number; seq: number; problem: string }> {
    let prevSeq = 0;
    let prevHash = GENESIS_HASH;
    let count = 0;
    for (;;) {
      const rows = await this.ctx.db.selectFrom('audit_log').selectAll().where('seq', '>', prevSeq).orderBy('seq').limit(5000).execute();
      if (rows.length === 0) return { ok: true, entries: count };
      const problem = checkRun(rows, prevSeq, prevHash);
      if (problem) return { ok: false, entries: count + problem.intactBefore, seq: problem.seq, problem: problem.problem };
      const tail = rows[rows.length - 1] as AuditRow;
      prevSeq = Number(tail.seq);
      prevHash = tail.hash;
      count += rows.length;
    }
  }

  /**
   * Newest first, within `scope`: a city-scoped reader sees every entry; anyone else sees the
   * entries whose area lies in their scope (entries naming no area are city-level). In SQL.
   */
  async list(scope: Scope, opts: { cursor?: string; limit: number; action?: string; targetId?: string }): Promise<AuditPage> {
    let q = this.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('seq', 'desc')
      .limit(opts.limit + 1);
    if (!scope.isCity) q = q.where((eb) => eb.and([eb('area_code', 'is not', null), scope.where(eb, 'area_code')]));
    if (opts.cursor) q = q.where('seq', '<', Number(opts.cursor));
    if (opts.action) q = q.where('action', '=', opts.action);
    if (opts.targetId) q = q.where('target_id', '=', opts.targetId);
    const rows = await q.execute();
    const page = rows.slice(0, opts.limit);
    return {
      items: page.map(({ prev_hash: _p, hash: _h, details, ...r }) => ({
        ...r,
        seq: Number(r.seq),
        details: details ? (JSON.parse(details) as Record<string, unknown>) : null,
      })),
      nextCursor: rows.length > opts.limit ? String(page[page.length - 1]?.seq) : null,
    };
  }

  async count(): Promise<number> {
    const r = await this.ctx.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }
}
