import type { MessagePort, Worker } from 'node:worker_threads';
import { DomainError, type ErrorDetails } from '../errors';

/**
 * Batches built on a worker thread and written on the main thread (demo city, people and check-in
 * imports): the worker posts `{ batch }` messages, then `{ done: true }` or `{ failed }`; the main
 * thread answers each batch it has written with 'ack', so at most `ahead` batches wait in memory.
 * An Error crossing threads loses its code, so a DomainError travels as code, message and details.
 */
type FromWorker<T> = { batch: T } | { done: true } | { failed: { code: string | null; message: string; details: ErrorDetails } };

function isProtocol<T>(m: unknown): m is FromWorker<T> {
  return typeof m === 'object' && m !== null && ('batch' in m || 'done' in m || 'failed' in m);
}

/** Main thread: the worker's batches in order. Other messages go to `onOther`; the worker is terminated at the end. */
export async function* batchesFromWorker<T>(worker: Worker, name: string, onOther?: (message: unknown) => void): AsyncGenerator<T> {
  const queue: T[] = [];
  // Set from the worker's callbacks, read by the loop below.
  const state: { finished: boolean; failure: Error | null } = { finished: false, failure: null };
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (m: unknown) => {
    if (!isProtocol<T>(m)) return onOther?.(m);
    if ('batch' in m) queue.push(m.batch);
    else if ('done' in m) state.finished = true;
    else state.failure = m.failed.code ? new DomainError(m.failed.code, m.failed.message, m.failed.details) : new Error(m.failed.message);
    notify();
  });
  worker.on('error', (e) => {
    state.failure ??= e;
    notify();
  });
  worker.on('exit', (code) => {
    if (!state.finished && !state.failure) state.failure = new Error(`${name} stopped (exit ${code})`);
    notify();
  });
  try {
    for (;;) {
      const next = queue.shift();
      if (next !== undefined) {
        yield next;
        worker.postMessage('ack'); // the batch is written: the worker may build another
        continue;
      }
      if (state.failure) throw state.failure;
      if (state.finished) return;
      await new Promise<void>((r) => (wake = r));
    }
  } finally {
    await worker.terminate();
  }
}

/** Worker thread: send batches with back-pressure, then done, or the failure. */
export function batchSender<T>(port: MessagePort, ahead: number) {
  let inFlight = 0;
  let resume: (() => void) | null = null;
  port.on('message', (m: unknown) => {
    if (m !== 'ack') return;
    inFlight--;
    resume?.();
    resume = null;
  });
  return {
    async send(batch: T): Promise<void> {
      while (inFlight >= ahead) await new Promise<void>((r) => (resume = r));
      port.postMessage({ batch } satisfies FromWorker<T>);
      inFlight++;
    },
    done(): void {
      port.postMessage({ done: true } satisfies FromWorker<T>);
    },
    fail(e: unknown): void {
      const err = e instanceof Error ? e : new Error(String(e));
      const failed = { code: e instanceof DomainError ? e.code : null, message: err.message, details: e instanceof DomainError ? e.details : {} };
      port.postMessage({ failed } satisfies FromWorker<T>);
    },
  };
}
