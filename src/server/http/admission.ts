import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TurnClock } from './turn-wait';

/**
 * Load shedding (issue 11, finding 6). Past capacity a server that accepts everything only
 * queues: latency grows for everyone until clients time out. Instead, at most `maxInFlight`
 * API requests are worked on at once and the next is answered at once with 429 and
 * `Retry-After`, which sampling devices and lab systems already retry on. The health check and
 * the web app's static files are never shed, so a load balancer and the browser keep seeing a
 * live server.
 *
 * Two signals: the number of requests in flight (PostgreSQL: requests wait on the pool, visible
 * here), and how long a request already waited behind the others handled in the same turn of
 * the event loop (SQLite: queries run on this thread and requests wait unseen in their sockets;
 * see turn-wait.ts).
 */
export interface AdmissionOptions {
  maxInFlight: number;
  retryAfterSeconds: number;
  /** A request that waited longer than this behind others of its turn is shed, ms (0: never). */
  maxTurnWaitMs: number;
  clock?: Pick<TurnClock, 'waited'>;
}

const admitted = Symbol('admitted');
type Counted = FastifyRequest & { [admitted]?: boolean };

export function installAdmission(app: FastifyInstance, opts: AdmissionOptions): { inFlight: () => number } {
  let inFlight = 0;
  const turn = opts.clock ?? new TurnClock();
  const leave = (req: Counted): void => {
    if (!req[admitted]) return;
    req[admitted] = false;
    inFlight--;
  };
  app.addHook('onRequest', async (req: Counted, reply) => {
    if (!req.url.startsWith('/api/v1/')) return;
    const waited = turn.waited();
    if (inFlight >= opts.maxInFlight || (opts.maxTurnWaitMs > 0 && waited > opts.maxTurnWaitMs)) {
      req.log.warn({ inFlight, waited }, 'overloaded: request shed');
      return reply
        .status(429)
        .header('retry-after', String(opts.retryAfterSeconds))
        .header('x-epigrid-shed', '1') // never worked on: safe to send again, whatever the method
        .send({
          error: {
            code: 'OVERLOADED',
            message: 'The server is at capacity; retry after the given seconds',
            details: { retryAfterSeconds: opts.retryAfterSeconds },
          },
        });
    }
    req[admitted] = true;
    inFlight++;
  });
  app.addHook('onResponse', async (req: Counted) => leave(req));
  app.addHook('onRequestAbort', async (req: Counted) => leave(req));
  return { inFlight: () => inFlight };
}
