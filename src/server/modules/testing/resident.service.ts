import type { OwnResults } from '../../../contract/testing';
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import { lockForSerialWrite } from '../../db/dialect';
import type { DB } from '../../db/schema';
import { DomainError } from '../../errors';
import { addMs } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { docHash } from '../people/person-input';
import { issueResidentCode } from './resident-code';
import { afterCodeRequest, afterWrongGuess, CODE_DIGITS, CODE_TTL_MS, freshGuard, lockedForSeconds, type GuardState } from './resident.limits';

const CODE_SPACE = 10 ** CODE_DIGITS;

/** Residents see their own results: ID number + a one-time code sent to their registered phone. */
export class ResidentResultsService {
  constructor(private readonly ctx: AppContext) {}

  // Keyed: a copy of the database alone does not let anyone test codes offline.
  private hashCode(docH: string, code: string): string {
    return this.ctx.pii.hash('result-code', `${docH}:${code}`);
  }

  /**
   * The person's guard row, locked for this transaction (SQLite: the write transaction;
   * PostgreSQL: an advisory lock per person), so concurrent guesses are counted one by one.
   */
  private async guard(trx: Kysely<DB>, h: string, now: string): Promise<GuardState> {
    await lockForSerialWrite(trx, this.ctx.dialect, `result-guard:${h}`);
    await trx
      .insertInto('result_lookup_guards')
      .values({ doc_hash: h, ...freshGuard(), updated_at: now })
      .onConflict((oc) => oc.column('doc_hash').doNothing())
      .execute();
    return trx
      .selectFrom('result_lookup_guards')
      .select(['failures', 'locked_until', 'window_started_at', 'codes_in_window'])
      .where('doc_hash', '=', h)
      .executeTakeFirstOrThrow();
  }

  private async saveGuard(trx: Kysely<DB>, h: string, g: GuardState, now: string): Promise<void> {
    await trx
      .updateTable('result_lookup_guards')
      .set({ failures: g.failures, locked_until: g.locked_until, window_started_at: g.window_started_at, codes_in_window: g.codes_in_window, updated_at: now })
      .where('doc_hash', '=', h)
      .execute();
  }

  private static locked(seconds: number): DomainError {
    return new DomainError('ACCOUNT_LOCKED', 'Too many wrong codes for this ID number; try again later', { retryAfterSeconds: seconds });
  }

  /**
   * Answers the same way whether or not the ID number is registered (limits count every ID
   * number asked about), so the endpoint cannot tell who is. A new code replaces the old one.
   */
  async requestCode(idNumber: string): Promise<{ sent: true }> {
    const h = docHash(this.ctx.pii, idNumber);
    const now = this.ctx.clock.nowIso();
    await this.ctx.db.transaction().execute(async (trx) => {
      const g = await this.guard(trx, h, now);
      const lockedFor = lockedForSeconds(g, now);
      if (lockedFor > 0) throw ResidentResultsService.locked(lockedFor);
      const step = afterCodeRequest(g, now);
      if (!step.ok) {
        throw new DomainError('RATE_LIMITED', 'Too many codes requested for this ID number; try again later', { retryAfterSeconds: step.retryAfterSeconds });
      }
      await this.saveGuard(trx, h, step.next, now);
      const p = await trx.selectFrom('persons').select(['phone_enc', 'phone_masked']).where('doc_hash', '=', h).executeTakeFirst();
      if (!p?.phone_enc) return;
      const code = String(randomInt(0, CODE_SPACE)).padStart(CODE_DIGITS, '0');
      await trx.updateTable('result_codes').set({ used_at: now }).where('doc_hash', '=', h).where('used_at', 'is', null).execute();
      await trx
        .insertInto('result_codes')
        .values({ id: newId(), doc_hash: h, code_hash: this.hashCode(h, code), expires_at: addMs(now, CODE_TTL_MS), used_at: null, created_at: now })
        .execute();
      await trx
        .insertInto('outbox')
        .values({
          id: newId(),
          channel: 'sms',
          to_masked: p.phone_masked ?? '',
          to_enc: p.phone_enc,
          body: `【EpiGrid】您的核酸结果查询验证码：${code}，10分钟内有效。`,
          created_at: now,
        })
        .execute();
    });
    return { sent: true };
  }

  /** A right code is used once; wrong ones count against the person, whoever sends them. */
  async results(idNumber: string, code: string) {
    const h = docHash(this.ctx.pii, idNumber);
    const now = this.ctx.clock.nowIso();
    const outcome = await this.ctx.db.transaction().execute(async (trx) => {
      const g = await this.guard(trx, h, now);
      const lockedFor = lockedForSeconds(g, now);
      // During a lock the right code answers exactly as a wrong one: guessing cannot go on.
      if (lockedFor > 0) return { kind: 'locked' as const, seconds: lockedFor };
      const c = await trx
        .selectFrom('result_codes')
        .select('id')
        .where('doc_hash', '=', h)
        .where('code_hash', '=', this.hashCode(h, code))
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (c) {
        await trx.updateTable('result_codes').set({ used_at: now }).where('id', '=', c.id).execute();
        await this.saveGuard(trx, h, { ...g, failures: 0 }, now);
        return { kind: 'ok' as const };
      }
      const step = afterWrongGuess(g, now);
      if (step.burn) await trx.updateTable('result_codes').set({ used_at: now }).where('doc_hash', '=', h).where('used_at', 'is', null).execute();
      await this.saveGuard(trx, h, step.next, now);
      return { kind: 'wrong' as const };
    });
    if (outcome.kind === 'locked') throw ResidentResultsService.locked(outcome.seconds);
    if (outcome.kind === 'wrong') throw new DomainError('INVALID_CREDENTIALS', 'Wrong or expired code');
    return this.resultsOf(h);
  }

  private async resultsOf(h: string): Promise<OwnResults> {
    const p = await this.ctx.db.selectFrom('persons').select(['id', 'name']).where('doc_hash', '=', h).executeTakeFirstOrThrow();
    const rows = await this.ctx.db
      .selectFrom('samples as s')
      .innerJoin('tubes as t', 't.id', 's.tube_id')
      .select(['s.collected_at', 't.result', 't.resulted_at', 't.is_recheck', 't.pool_size'])
      .where('s.person_id', '=', p.id)
      .orderBy('s.collected_at', 'desc')
      .limit(50)
      .execute();
    // A pooled positive is not the person's result: they see "re-check pending" until their single tube is back.
    return {
      // Their 居民码 payload (resident-code.ts): the resident page shows it as a QR to scan at a site.
      residentCode: issueResidentCode(this.ctx.pii, p.id),
      name: p.name.slice(0, 1) + '*'.repeat(Math.max(1, [...p.name].length - 1)),
      timeZone: this.ctx.config.timeZone,
      results: rows.map((r) => ({
        collectedAt: r.collected_at,
        result: r.result === null ? 'pending' : r.result === 'negative' ? 'negative' : r.is_recheck || r.pool_size === 1 ? r.result : 'recheck_pending',
        resultedAt: r.resulted_at,
      })),
    };
  }
}
