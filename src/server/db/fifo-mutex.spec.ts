import { describe, expect, it } from 'vitest';
import { FifoMutex } from './fifo-mutex';

describe('FifoMutex', () => {
  it('hands the lock to waiters in the order they asked', async () => {
    const m = new FifoMutex();
    const order: number[] = [];
    await m.lock();
    const waiters = [1, 2, 3].map((n) =>
      m.lock().then(() => {
        order.push(n);
        m.unlock();
      }),
    );
    expect(m.queued).toBe(3);
    m.unlock();
    await Promise.all(waiters);
    expect(order).toEqual([1, 2, 3]);
    expect(m.queued).toBe(0);
  });

  it('wakes one waiter per release, so many waiters cost linear work', async () => {
    const m = new FifoMutex();
    let inside = 0;
    let most = 0;
    const n = 20_000;
    await m.lock();
    const jobs = Array.from({ length: n }, () =>
      m.lock().then(async () => {
        inside++;
        most = Math.max(most, inside);
        await Promise.resolve();
        inside--;
        m.unlock();
      }),
    );
    m.unlock();
    await Promise.all(jobs);
    expect(most).toBe(1);
    expect(m.queued).toBe(0);
    // free again: a new lock is taken at once
    let taken = false;
    await m.lock().then(() => (taken = true));
    expect(taken).toBe(true);
  });
});
