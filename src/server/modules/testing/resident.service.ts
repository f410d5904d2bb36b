import { createHash, randomInt } from 'node:crypto';
import type { AppContext } from '../../context';
import { DomainError } from '../../errors';
import { addMs, MINUTE } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { docHash } from '../people/person-input';

const hashCode = (docH: string, code: string) => createHash('sha256').update(`${docH}:${code}`).digest('base64url');

/** Residents see their own results: ID number + a one-time code sent to their registered phone. */
export class ResidentResultsService {
  constructor(private readonly ctx: AppContext) {}

  /** Always answers the same way, so the endpoint cannot tell who is registered. */
  async requestCode(idNumber: string): Promise<{ sent: true }> {
    const h = docHash(this.ctx.pii, idNumber);
    const p = await this.ctx.db.selectFrom('persons').select(['phone_enc', 'phone_masked']).where('doc_hash', '=', h).executeTakeFirst();
    if (!p?.phone_enc) return { sent: true };
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const now = this.ctx.clock.nowIso();
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('result_codes')
        .values({ id: newId(), doc_hash: h, code_hash: hashCode(h, code), expires_at: addMs(now, 10 * MINUTE), used_at: null, created_at: now })
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

  async results(idNumber: string, code: string) {
    const h = docHash(this.ctx.pii, idNumber);
    const now = this.ctx.clock.nowIso();
    const c = await this.ctx.db
      .selectFrom('result_codes')
      .selectAll()
      .where('doc_hash', '=', h)
      .where('code_hash', '=', hashCode(h, code))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    if (!c) throw new DomainError('INVALID_CREDENTIALS', 'Wrong or expired code');
    await this.ctx.db.updateTable('result_codes').set({ used_at: now }).where('id', '=', c.id).execute();
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
      name: p.name.slice(0, 1) + '*'.repeat(Math.max(1, [...p.name].length - 1)),
      results: rows.map((r) => ({
        collectedAt: r.collected_at,
        result: r.result === null ? 'pending' : r.result === 'negative' ? 'negative' : r.is_recheck || r.pool_size === 1 ? r.result : 'recheck_pending',
        resultedAt: r.resulted_at,
      })),
    };
  }
}
