/** Typed fetch for the EpiGrid API: JSON in and out, one error type, 401 → login page. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
  /** Field → reason map of a validation error. */
  get fields(): Record<string, string> {
    return (this.details.fields as Record<string, string> | undefined) ?? {};
  }
}

let onUnauthenticated: (() => void) | null = null;
export function setUnauthenticatedHandler(fn: () => void): void {
  onUnauthenticated = fn;
}

let onPasswordChangeRequired: (() => void) | null = null;
/** The server answers 403 PASSWORD_CHANGE_REQUIRED to everything until a forced change is made. */
export function setPasswordChangeRequiredHandler(fn: () => void): void {
  onPasswordChangeRequired = fn;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A request the server shed (429 OVERLOADED) was never worked on, so sending it again is safe
 * whatever its method: up to three more times, after the Retry-After the server gave plus jitter.
 */
const OVERLOAD_RETRIES = 3;

async function send(method: string, path: string, body: unknown): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined || body instanceof FormData ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    });
    const shed = res.status === 429 && res.headers.get('x-epigrid-shed') === '1';
    if (!shed || attempt >= OVERLOAD_RETRIES) return res;
    const seconds = Number(res.headers.get('retry-after') ?? '1') || 1;
    await new Promise((r) => setTimeout(r, seconds * 1000 * (0.5 + Math.random())));
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await send(method, path, body);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const e = (json as { error?: { code: string; message: string; details?: Record<string, unknown> } } | undefined)?.error;
    if (res.status === 401 && !path.startsWith('/auth/login')) onUnauthenticated?.();
    if (res.status === 403 && e?.code === 'PASSWORD_CHANGE_REQUIRED') onPasswordChangeRequired?.();
    throw new ApiError(res.status, e?.code ?? 'HTTP_' + res.status, e?.message ?? res.statusText, e?.details ?? {});
  }
  return json as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);

/** Build a query string, skipping empty values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}
