import type { AppContext } from '../../context';
import { MINUTE } from '../../lib/clock';

/** After this many failed posts an outbox row is left `failed` (listed for the admins), not retried. */
export const MAX_SEND_ATTEMPTS = 8;

export type Poster = (url: string, body: string) => Promise<{ ok: boolean; status: number }>;

const defaultPoster: Poster = async (url, body) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(10_000) });
  return { ok: res.ok, status: res.status };
};

/**
 * Drain the outbox to the gateway webhook (job `response.outbox`): each pending notice whose time
 * has come is posted as its JSON payload (ids only: the gateway looks up the recipient's number
 * itself, so no name or phone leaves in clear); a failure is retried after 1, 2, 4 … minutes up to
 * MAX_SEND_ATTEMPTS. Without a configured URL nothing is sent: the real gateway may drain the table itself.
 */
export async function drainOutbox(ctx: AppContext, opts: { url?: string; post?: Poster; limit?: number } = {}): Promise<{ sent: number; failed: number }> {
  const url = opts.url ?? ctx.config.notifyWebhookUrl;
  if (!url) return { sent: 0, failed: 0 };
  const post = opts.post ?? defaultPoster;
  const now = ctx.clock.nowIso();
  const rows = await ctx.db
    .selectFrom('response_outbox')
    .select(['id', 'payload', 'attempts'])
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .limit(opts.limit ?? 200)
    .execute();
  let sent = 0;
  let failed = 0;
  for (const r of rows) {
    let error: string | null = null;
    try {
      const res = await post(url, r.payload);
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (err) {
      error = err instanceof Error ? err.message.slice(0, 200) : 'send failed';
    }
    const attempts = Number(r.attempts) + 1;
    if (!error) {
      sent++;
      await ctx.db
        .updateTable('response_outbox')
        .set({ status: 'sent', attempts, sent_at: ctx.clock.nowIso(), last_error: null })
        .where('id', '=', r.id)
        .execute();
    } else {
      failed++;
      const next = new Date(Date.parse(ctx.clock.nowIso()) + 2 ** (attempts - 1) * MINUTE).toISOString();
      await ctx.db
        .updateTable('response_outbox')
        .set({ status: attempts >= MAX_SEND_ATTEMPTS ? 'failed' : 'pending', attempts, next_attempt_at: next, last_error: error })
        .where('id', '=', r.id)
        .execute();
    }
  }
  return { sent, failed };
}
