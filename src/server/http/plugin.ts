import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context';

/** A capability's HTTP routes: a Fastify plugin mounted under /api/v1 that receives the app context. */
export type ModuleRoutes = FastifyPluginAsyncZod<{ ctx: AppContext }>;
