import { isIP } from 'node:net';

/**
 * Which peers may set X-Forwarded-For (issue 11, finding 8). `true` would let any client write
 * its own address and so choose its rate-limit key; instead name the proxies (addresses, CIDR
 * ranges or proxy-addr's `loopback`/`linklocal`/`uniquelocal`) or the number of proxy hops in
 * front of EpiGrid. The client address is then the one the nearest untrusted hop was seen from,
 * i.e. what the proxy set, never what the client wrote.
 */
export type TrustProxy = false | number | string[];

const KEYWORDS = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (KEYWORDS.has(entry)) return true;
  const [addr, bits, extra] = entry.split('/');
  if (extra !== undefined || !addr) return false;
  const family = isIP(addr);
  if (family === 0) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/** Parse EPIGRID_TRUST_PROXY; an error message (for the config report) when it is not usable. */
export function parseTrustProxy(raw: string): { ok: true; value: TrustProxy } | { ok: false; message: string } {
  const v = raw.trim();
  if (v === '' || v === 'false') return { ok: true, value: false };
  if (v === 'true') {
    return {
      ok: false,
      message:
        '`true` would trust any client-written X-Forwarded-For; give the proxy addresses (e.g. 10.0.0.1,10.0.0.2 or 10.0.0.0/24, or loopback) or the number of proxy hops (e.g. 1)',
    };
  }
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops < 1 || hops > 10) return { ok: false, message: 'a hop count must be between 1 and 10' };
    return { ok: true, value: hops };
  }
  const entries = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !isAddressOrRange(e));
  if (bad.length) return { ok: false, message: `not an IP address, CIDR range or loopback/linklocal/uniquelocal: ${bad.join(', ')}` };
  return { ok: true, value: entries };
}

/** Fastify's option for it (a hop count becomes "trust the nearest n hops", as proxy-addr does). */
export function fastifyTrustProxy(value: TrustProxy): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof value === 'number') return (_address, hop) => hop < value;
  return value;
}
