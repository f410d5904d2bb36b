/**
 * How long a request has waited behind others answered in the same turn of the event loop.
 *
 * On SQLite every query runs on the main thread, so a request is worked from start to answer in
 * one go and the number in flight stays at one, while the requests of the other devices wait in
 * their sockets unseen (measured: 500 devices, none shed, 357 of 533 timed out in 5 s). Node
 * reads all the sockets that became ready in one turn and handles them one after another; the
 * k-th waited for the k−1 before it. That wait, measured from the first request of the turn, is
 * what a device feels as queueing, so past a budget the request is shed. A turn ends at the
 * check phase (setImmediate), which runs once all of that turn's I/O callbacks are done.
 */
export class TurnClock {
  private startedAt: number | null = null;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Milliseconds since the first request of this turn (0 for the first). */
  waited(): number {
    const t = this.now();
    if (this.startedAt === null) {
      this.startedAt = t;
      setImmediate(() => (this.startedAt = null));
      return 0;
    }
    return t - this.startedAt;
  }
}
