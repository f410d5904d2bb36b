import type { FastifyInstance } from 'fastify';

export interface FilePart {
  filename: string;
  content: string;
}

/** A multipart/form-data body with one field "file", as the import routes read it. */
export function multipartBody(file: FilePart): { payload: string; headers: Record<string, string> } {
  const boundary = `----epigrid-probe-${file.filename.replace(/\W/g, '')}`;
  const payload =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: text/csv\r\n\r\n` +
    `${file.content}\r\n--${boundary}--\r\n`;
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * The seeder's hands: a city-wide admin token calling the real HTTP API, so the seed goes through
 * routes and services exactly as users' data does. Any non-2xx answer stops the seed with the
 * route and the answer, so a changed contract shows here first.
 */
export class SeedApi {
  constructor(
    private readonly app: FastifyInstance,
    private readonly bearer: string,
  ) {}

  async call<T = Record<string, unknown>>(method: string, url: string, payload?: unknown): Promise<T> {
    const res = await this.app.inject({
      method: method as 'GET',
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${this.bearer}` },
      payload: payload as Record<string, unknown> | undefined,
    });
    if (res.statusCode >= 300) throw new Error(`seed: ${method} ${url} answered ${res.statusCode}: ${res.body.slice(0, 500)}`);
    return (res.body ? res.json() : {}) as T;
  }

  get<T = Record<string, unknown>>(url: string): Promise<T> {
    return this.call<T>('GET', url);
  }

  post<T = Record<string, unknown>>(url: string, payload?: unknown): Promise<T> {
    return this.call<T>('POST', url, payload);
  }

  async upload<T = Record<string, unknown>>(url: string, file: FilePart): Promise<T> {
    const body = multipartBody(file);
    const res = await this.app.inject({
      method: 'POST',
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${this.bearer}`, ...body.headers },
      payload: body.payload,
    });
    if (res.statusCode >= 300) throw new Error(`seed: upload ${url} answered ${res.statusCode}: ${res.body.slice(0, 500)}`);
    return res.json<T>();
  }
}
