import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import { insertChunks, lockForSerialWrite } from '../../db/dialect';
import type { DB } from '../../db/schema';
import type { Scope } from '../access/scope';
import type { Actor } from '../auth/actor';
import { BreakList, canonOrNull, canonText, CHAIN_KEYED, checkPage, GENESIS_HASH, keyedHash, type ChainBreak, type ChainCursor } from './audit-chain';
import { CheckpointFile, type Checkpoint } from './audit-checkpoints';
import type { AuditRow } from './audit.table';
import { redactPii } from '../../lib/pii-redact';

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
  items: Array<Omit<AuditRow, 'prev_hash' | 'hash' | 'details' | 'chain_v'> & { details: Record<string, unknown> | null }>;
  nextCursor: string | null;
}

/** At most this many break runs are listed; `breakRuns` and `brokenEntries` still count them all. */
export const MAX_LISTED_BREAKS = 1000;

export interface VerifyReport {
  ok: boolean;
  /** Entries read from the table. */
  entries: number;
  /** Entries with at least one problem. */
  brokenEntries: number;
  /** Entries written before the keyed chain (plain SHA-256, `chain_v` 0), and the seq of the first keyed one. */
  legacyEntries: number;
  keyedFrom: number | null;
  head: { seq: number; hash: string } | null;
  /** Every break found (runs of consecutive entries with the same problem), in seq order; the first MAX_LISTED_BREAKS. */
  breaks: ChainBreak[];
  breakRuns: number;
  checkpoints: { file: string; found: boolean; valid: number; forged: number; last: { seq: number; at: string } | null };
  /** The first break, as the single-break answer of old gave it. */
  seq?: number;
  problem?: string;
}

/** The append-only, hash-chained audit trail. */
export class AuditService {
  constructor(private readonly ctx: AppContext) {}

  private chainKey(): Buffer {
    return this.ctx.pii.derivedKey('audit-chain');
  }

  checkpointFile(): CheckpointFile {
    return new CheckpointFile(this.ctx.config.auditCheckpointFile, this.ctx.pii.derivedKey('audit-checkpoint'));
  }

  /** Write a signed checkpoint of the chain's head to the checkpoint file (hourly and at shutdown); null when unchanged. */
  async checkpoint(): Promise<Checkpoint | null> {
    const last = await this.ctx.db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const head = last ? { seq: Number(last.seq), hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
    return this.checkpointFile().append(head, this.ctx.clock.nowIso());
  }

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
    const key = this.chainKey();
    const rows: AuditRow[] = [];
    for (const e of entries) {
      seq += 1;
      // Stored canonical (see canonText) so what is read back hashes as written, on both engines.
      // Free text a person typed (a user name at a failed login, a reason) never keeps an ID number or phone.
      const row: Omit<AuditRow, 'hash'> = {
        seq,
        at,
        actor_id: canonOrNull(e.actor?.id ?? null),
        actor_name: redactPii(canonText(e.actor?.name ?? 'anonymous')),
        action: canonText(e.action),
        target_type: canonOrNull(e.targetType ?? null),
        target_id: maybe(redactTarget, canonOrNull(e.targetId ?? null)),
        area_code: canonOrNull(e.areaCode ?? null),
        reason: maybe(redactPii, canonOrNull(e.reason ?? null)),
        request_id: canonOrNull(e.actor?.requestId ?? null),
        details: e.details ? canonText(JSON.stringify(e.details)) : null,
        prev_hash: prev,
        chain_v: CHAIN_KEYED,
      };
      const hash = keyedHash(key, row);
      rows.push({ ...row, hash });
      prev = hash;
    }
    for (const chunk of insertChunks(this.ctx.dialect, rows)) await trx.insertInto('audit_log').values(chunk).execute();
  }

  /**
   * Walk the whole chain in pages and report EVERY break (a first break must not hide later
   * tampering), then hold the table against every signed checkpoint outside the database: a
   * checkpoint beyond the end means the tail was deleted; a different hash at a checkpoint's seq
   * means the chain was rewritten from there.
   */
  async verify(): Promise<VerifyReport> {
    const key = this.chainKey();
    const cps = this.checkpointFile().read();
    const bySeq = new Map<number, Checkpoint[]>();
    for (const cp of cps.valid) bySeq.set(cp.seq, [...(bySeq.get(cp.seq) ?? []), cp]);
    const breaks = new BreakList();
    let cursor: ChainCursor = { seq: 0, hash: GENESIS_HASH, keyedFrom: null, legacy: 0 };
    let entries = 0;
    for (;;) {
      const rows = await this.ctx.db.selectFrom('audit_log').selectAll().where('seq', '>', cursor.seq).orderBy('seq').limit(5000).execute();
      if (rows.length === 0) break;
      // Checkpoints are checked in seq order with the rows, so the break list stays in seq order.
      for (const row of rows) {
        cursor = checkPage(key, [row], cursor, breaks);
        for (const cp of bySeq.get(cursor.seq) ?? [])
          if (cp.hash !== row.hash)
            breaks.add('checkpoint_mismatch', cursor.seq, cursor.seq, `hash differs from the signed checkpoint of ${cp.at} (rewritten)`);
      }
      entries += rows.length;
    }
    const last = cps.valid.reduce<Checkpoint | null>((m, cp) => (!m || cp.seq > m.seq ? cp : m), null);
    if (last && last.seq > cursor.seq) {
      breaks.add(
        'truncated',
        cursor.seq + 1,
        last.seq,
        `log ends at #${cursor.seq} but the signed checkpoint of ${last.at} names #${last.seq}: ${last.seq - cursor.seq} entries deleted`,
      );
    }
    for (const line of cps.forged)
      breaks.add('checkpoint_forged', 0, 0, `checkpoint file line ${line}: signature does not verify (edited, or written under another key)`);
    const first = breaks.items[0];
    return {
      ok: breaks.items.length === 0,
      entries,
      brokenEntries: breaks.brokenEntries,
      legacyEntries: cursor.legacy,
      keyedFrom: cursor.keyedFrom,
      head: entries ? { seq: cursor.seq, hash: cursor.hash } : null,
      breaks: breaks.items.slice(0, MAX_LISTED_BREAKS),
      breakRuns: breaks.items.length,
      checkpoints: {
        file: this.ctx.config.auditCheckpointFile,
        found: cps.exists,
        valid: cps.valid.length,
        forged: cps.forged.length,
        last: last ? { seq: last.seq, at: last.at } : null,
      },
      ...(first ? { seq: first.seq, problem: first.problem } : {}),
    };
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
      items: page.map(({ prev_hash: _p, hash: _h, chain_v: _v, details, ...r }) => ({
        ...r,
        seq: Number(r.seq),
        details: details ? (JSON.parse(details) as Record<string, unknown>) : null,
      })),
      nextCursor: rows.length > opts.limit ? String(page[page.length - 1]?.seq) : null,
    };
  }

  /** Security events (`security.*`: a reveal limit reached, …) since `sinceIso`: the home page shows them to city admins. */
  async countSecurityEvents(sinceIso: string): Promise<number> {
    const r = await this.ctx.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '>=', 'security.')
      .where('action', '<', 'security/') // a prefix range on the (action, seq) index; '/' follows '.'
      .where('at', '>=', sinceIso)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  async count(): Promise<number> {
    const r = await this.ctx.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A target is usually one of our row ids (a UUID), kept as is: its hex digits can, by chance, read
 * as a mobile number ("…c138-9806-7123…"), and redacting it lost the entry's target. Any other
 * target (a code, a name someone typed) is redacted like free text.
 */
function redactTarget(target: string): string {
  return UUID.test(target) ? target : redactPii(target);
}

function maybe(f: (s: string) => string, s: string | null): string | null {
  return s === null ? null : f(s);
}
