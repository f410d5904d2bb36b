// HTTP load for the load bench: closed-loop connections for a fixed time, and a health monitor.
import { percentile } from '../lib';

export interface Outcome {
  ok: number;
  shed: number;
  failed: number;
  timedOut: number;
  latencies: number[];
}

const TIMEOUT_MS = 10_000;

/** One request; its latency and how it ended (429 = shed, ≥ 500 or other = failed, no answer in 10 s = timed out). */
async function once(make: () => Request | Promise<Request>, into: Outcome): Promise<void> {
  const start = performance.now();
  try {
    const res = await fetch(await make(), { signal: AbortSignal.timeout(TIMEOUT_MS) });
    await res.arrayBuffer();
    into.latencies.push(performance.now() - start);
    if (res.ok) into.ok++;
    else if (res.status === 429) into.shed++;
    else into.failed++;
  } catch {
    into.timedOut++;
  }
}

/** `connections` loops each sending `make()` back to back for `seconds`. */
export async function closedLoop(connections: number, seconds: number, make: (n: number) => Request | Promise<Request>): Promise<Outcome> {
  const out: Outcome = { ok: 0, shed: 0, failed: 0, timedOut: 0, latencies: [] };
  const until = performance.now() + seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) await once(() => make(n++), out);
    }),
  );
  return out;
}

/** Poll `url` every `everyMs` until `stop()` resolves; the latencies. */
export async function monitor(url: string, everyMs: number, stop: Promise<unknown>): Promise<Outcome> {
  const out: Outcome = { ok: 0, shed: 0, failed: 0, timedOut: 0, latencies: [] };
  let done = false;
  void stop.finally(() => (done = true));
  while (!done) {
    await once(() => new Request(url), out);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return out;
}

export function summary(o: Outcome, seconds?: number): Record<string, string | number> {
  const total = o.ok + o.shed + o.failed + o.timedOut;
  return {
    requests: total,
    ...(seconds ? { 'answered 2xx per second': o.ok / seconds } : {}),
    'p50 ms': percentile(o.latencies, 0.5),
    'p99 ms': percentile(o.latencies, 0.99),
    'shed (429) share': total ? `${((100 * o.shed) / total).toFixed(1)} %` : '-',
    'failed (5xx/other) / timed out': `${o.failed} / ${o.timedOut}`,
  };
}
