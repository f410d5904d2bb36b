/**
 * A first-come-first-served lock for SQLite's one connection.
 *
 * Kysely's own SQLite mutex makes every waiter await one shared promise: each release wakes them
 * all, one wins and the rest queue again, so N waiting queries cost N² wake-ups. A request that
 * fans out 16,000 queries stalled every other request for 25 s that way (issue 11, finding 10).
 * Here each waiter has its own place in a queue and a release wakes exactly the next one.
 */
export class FifoMutex {
  private held = false;
  private readonly waiting: Array<() => void> = [];
  private head = 0;

  async lock(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  unlock(): void {
    const next = this.waiting[this.head];
    if (!next) {
      this.held = false;
      return;
    }
    this.waiting[this.head++] = noop; // drop the reference; the lock passes straight to `next`
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
    next();
  }

  /** Waiters not yet woken (for tests and diagnostics). */
  get queued(): number {
    return this.waiting.length - this.head;
  }
}

const noop = (): void => undefined;
