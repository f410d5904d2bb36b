import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installAdmission } from './admission';
import { TurnClock } from './turn-wait';

/** A server whose one slow route holds each request until the test lets it go. */
function serverWithGate(maxInFlight: number) {
  const app = Fastify();
  const held: Array<() => void> = [];
  const gauge = installAdmission(app, { maxInFlight, retryAfterSeconds: 2, maxTurnWaitMs: 0 });
  app.get('/api/v1/slow', () => new Promise<{ ok: true }>((resolve) => held.push(() => resolve({ ok: true }))));
  app.get('/api/v1/fails', async () => {
    throw new Error('boom');
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  const waitHeld = async (n: number) => {
    while (held.length < n) await new Promise((r) => setImmediate(r));
  };
  return { app, held, gauge, waitHeld };
}

describe('admission control', () => {
  it('sheds API requests past capacity with 429 and Retry-After, and never the health check', async () => {
    const { app, held, gauge, waitHeld } = serverWithGate(2);
    const first = [app.inject('/api/v1/slow'), app.inject('/api/v1/slow')];
    await waitHeld(2);
    const shed = await app.inject('/api/v1/slow');
    expect(shed.statusCode).toBe(429);
    expect(shed.headers['retry-after']).toBe('2');
    expect(shed.headers['x-epigrid-shed']).toBe('1');
    expect(shed.json().error.code).toBe('OVERLOADED');
    expect((await app.inject('/healthz')).statusCode).toBe(200);
    held.splice(0).forEach((go) => go());
    expect((await Promise.all(first)).map((r) => r.statusCode)).toEqual([200, 200]);
    expect(gauge.inFlight()).toBe(0);
    const again = app.inject('/api/v1/slow');
    await waitHeld(1);
    held.splice(0).forEach((go) => go());
    expect((await again).statusCode).toBe(200);
  });

  it('sheds a request that already waited past the budget behind others of its turn', async () => {
    const app = Fastify();
    const waits = [0, 60, 120, 180, 0];
    installAdmission(app, { maxInFlight: 100, retryAfterSeconds: 1, maxTurnWaitMs: 100, clock: { waited: () => waits.shift() ?? 0 } });
    app.get('/api/v1/x', async () => ({ ok: true }));
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await app.inject('/api/v1/x')).statusCode);
    expect(statuses).toEqual([200, 200, 429, 429, 200]);
  });

  it('measures the wait from the first request of a turn, and starts again the next turn', async () => {
    let now = 1_000;
    const clock = new TurnClock(() => now);
    expect(clock.waited()).toBe(0);
    now += 60;
    expect(clock.waited()).toBe(60);
    now += 70;
    expect(clock.waited()).toBe(130);
    await new Promise((r) => setImmediate(r));
    now += 500;
    expect(clock.waited()).toBe(0);
  });

  it('frees the place of a request that failed', async () => {
    const { app, gauge } = serverWithGate(1);
    expect((await app.inject('/api/v1/fails')).statusCode).toBe(500);
    expect((await app.inject('/api/v1/fails')).statusCode).toBe(500);
    expect(gauge.inFlight()).toBe(0);
  });
});
