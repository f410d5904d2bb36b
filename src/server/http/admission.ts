import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * Load shedding (issue 11, finding 6). Past capacity a server that accepts everything only
 * queues: latency grows for everyone until clients time out. Instead, at most `maxInFlight`
 * API requests are worked on at once and the next is answered at once with 429 and
 * `Retry-After`, which sampling devices and lab systems already retry on. The health check and
 * the web app's static files are never shed, so a load balancer and the browser keep seeing a
 * live server.
 */
export interface AdmissionOptions {
  maxInFlight: number;
  retryAfterSeconds: number;
}

const admitted = Symbol('admitted');
type Counted = FastifyRequest & { [admitted]?: boolean };

export function installAdmission(app: FastifyInstance, opts: AdmissionOptions): { inFlight: () => number } {
  let inFlight = 0;
  const leave = (req: Counted): void => {
    if (!req[admitted]) return;
    req[admitted] = false;
    inFlight--;
  };
  app.addHook('onRequest', async (req: Counted, reply) => {
    if (!req.url.startsWith('/api/v1/')) return;
    if (inFlight >= opts.maxInFlight) {
      req.log.warn({ inFlight }, 'overloaded: request shed');
      return reply
        .status(429)
        .header('retry-after', String(opts.retryAfterSeconds))
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
