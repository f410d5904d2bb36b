import type { FastifyInstance } from 'fastify';

/** CORS is off unless EPIGRID_CORS_ORIGINS lists origins; then only those may call with credentials. */
export function cors(app: FastifyInstance, origins: readonly string[]): void {
  app.addHook('onRequest', async (req, reply) => {
    const origin = req.headers.origin;
    if (!origin || !origins.includes(origin)) return;
    void reply.header('access-control-allow-origin', origin);
    void reply.header('access-control-allow-credentials', 'true');
    void reply.header('vary', 'Origin');
    if (req.method === 'OPTIONS') {
      void reply.header('access-control-allow-methods', 'GET,POST,PATCH,PUT,DELETE');
      void reply.header('access-control-allow-headers', 'content-type,authorization,x-request-id');
      return reply.status(204).send();
    }
  });
}
