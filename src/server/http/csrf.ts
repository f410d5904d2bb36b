import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../errors';
import { SESSION_COOKIE } from './auth-hook';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a request that carries the session cookie was sent by another site (its page, its form). */
export function crossSite(req: FastifyRequest, allowedOrigins: readonly string[]): boolean {
  // Browsers set Sec-Fetch-Site themselves (a page cannot forge it): trust it when present.
  const fetchSite = req.headers['sec-fetch-site'];
  if (fetchSite === 'cross-site') return true;
  if (fetchSite === 'same-origin' || fetchSite === 'none') return false;
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return origin === 'null';
  if (allowedOrigins.includes(origin)) return false;
  try {
    // req.host honours X-Forwarded-Host from a trusted proxy (EPIGRID_TRUST_PROXY), so a proxy
    // that rewrites Host does not make every same-site request look foreign.
    return new URL(origin).host !== req.host;
  } catch {
    return true;
  }
}

/**
 * CSRF (issue 11, finding 7): a state-changing request authenticated by the session cookie is
 * refused (403) when the browser says it comes from another site (Sec-Fetch-Site: cross-site, or
 * an Origin that is neither this host nor an EPIGRID_CORS_ORIGINS entry). Bearer-token clients
 * (devices, scripts) send no cookie and are not affected.
 */
export function installCsrfCheck(app: FastifyInstance, allowedOrigins: readonly string[]): void {
  app.addHook('onRequest', async (req) => {
    if (SAFE.has(req.method) || !req.url.startsWith('/api/')) return;
    if (!req.cookies?.[SESSION_COOKIE] || req.headers.authorization?.startsWith('Bearer ')) return;
    if (crossSite(req, allowedOrigins)) throw new DomainError('FORBIDDEN', 'Cross-site request refused', { reason: 'cross-site' });
  });
}
