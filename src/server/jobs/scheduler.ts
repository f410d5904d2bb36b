import type { AppContext } from '../context';
import { addMs, MINUTE } from '../lib/clock';
import { newId } from '../lib/ids';
import { JobRepository } from './job.repository';
import type { JobRow } from './job.table';

export interface JobDefinition {
  name: string;
  /** Run every N seconds (an interval job, created once per name whatever the number of instances). */
  intervalSeconds?: number;
  handler: (ctx: AppContext, payload: unknown) => Promise<void>;
}

/** Back-off after a failure: 30 s, 1 min, 2 min, 4 min … capped at 1 h. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * MINUTE);
}

/** A DB-backed job runner inside the server process; safe with several instances on one PostgreSQL. */
export class JobScheduler {
  private readonly defs = new Map<string, JobDefinition>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly ctx: AppContext) {}

  private repo(): JobRepository {
    return new JobRepository(this.ctx.db, this.ctx.dialect);
  }

  register(def: JobDefinition): void {
    this.defs.set(def.name, def);
  }

  /** Create the interval jobs' rows (idempotent). */
  async install(): Promise<void> {
    const now = this.ctx.clock.nowIso();
    for (const d of this.defs.values()) {
      if (!d.intervalSeconds) continue;
      await this.repo().upsertInterval({
        id: newId(),
        name: d.name,
        kind: 'interval',
        interval_seconds: d.intervalSeconds,
        payload: null,
        status: 'pending',
        run_at: now,
        attempts: 0,
        max_attempts: 1_000_000,
        locked_by: null,
        locked_until: null,
        last_error: null,
        last_run_at: null,
        created_at: now,
      });
    }
  }

  /** Queue a one-off job. */
  async enqueue(name: string, payload: unknown, runAt?: string, maxAttempts = 5): Promise<string> {
    const now = this.ctx.clock.nowIso();
    const id = newId();
    await this.repo().insert({
      id,
      name,
      kind: 'once',
      interval_seconds: null,
      payload: JSON.stringify(payload ?? null),
      status: 'pending',
      run_at: runAt ?? now,
      attempts: 0,
      max_attempts: maxAttempts,
      locked_by: null,
      locked_until: null,
      last_error: null,
      last_run_at: null,
      created_at: now,
    });
    return id;
  }

  /** Run every due job once; returns how many ran. Used by the loop and by tests. */
  async runDue(limit = 20): Promise<number> {
    let ran = 0;
    while (ran < limit && !this.stopped) {
      const now = this.ctx.clock.nowIso();
      const job = await this.ctx.db
        .transaction()
        .execute((trx) => new JobRepository(trx, this.ctx.dialect).claimDue(now, this.ctx.config.instanceId, addMs(now, 10 * MINUTE)));
      if (!job) break;
      await this.execute(job);
      ran += 1;
    }
    return ran;
  }

  private async execute(job: JobRow): Promise<void> {
    const def = this.defs.get(job.name);
    const now = () => this.ctx.clock.nowIso();
    try {
      if (!def) throw new Error(`No handler registered for job ${job.name}`);
      await def.handler(this.ctx, job.payload ? (JSON.parse(job.payload) as unknown) : null);
      if (job.kind === 'interval') {
        await this.repo().finish(job.id, { status: 'pending', attempts: 0, last_error: null, run_at: addMs(now(), (job.interval_seconds ?? 60) * 1000) });
      } else {
        await this.repo().finish(job.id, { status: 'done', attempts: job.attempts + 1, last_error: null });
      }
    } catch (err) {
      const attempts = job.attempts + 1;
      const message = err instanceof Error ? err.message : String(err);
      this.ctx.log.warn({ job: job.name, attempts, err: message }, 'job failed');
      const giveUp = job.kind === 'once' && attempts >= job.max_attempts;
      await this.repo().finish(job.id, {
        status: giveUp ? 'failed' : 'pending',
        attempts,
        last_error: message.slice(0, 1000),
        run_at: addMs(now(), backoffMs(attempts)),
      });
    }
  }

  start(pollMs = 1000): void {
    this.stopped = false;
    const tick = () => {
      this.running = this.runDue()
        .then(() => undefined)
        .catch((err: unknown) => this.ctx.log.error({ err }, 'job loop error'))
        .finally(() => {
          this.running = null;
          if (!this.stopped) this.timer = setTimeout(tick, pollMs);
        });
    };
    this.timer = setTimeout(tick, pollMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  pendingCount(): Promise<number> {
    return this.repo().countPending();
  }
}
