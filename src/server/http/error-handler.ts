import type { FastifyError, FastifyInstance } from 'fastify';
import { DomainError, httpStatusFor } from '../errors';
import type { FieldReason } from '../../contract/errors';
import { dbRefusal } from './db-errors';
import { reasonOfIssue, type ValidationIssue } from './zod-reasons';

/** At most this many fields are named in one validation error: a 6,000-item array of junk gave a 400 KB answer. */
export const MAX_REPORTED_FIELDS = 50;

/** Field → English reason (the shape scripts read) and field → machine reason (for the web's words). */
function fieldsOf(issues: ValidationIssue[], context: string | undefined): { fields: Record<string, string>; reasons: Record<string, FieldReason> } {
  const fields: Record<string, string> = {};
  const reasons: Record<string, FieldReason> = {};
  for (const i of issues.slice(0, MAX_REPORTED_FIELDS)) {
    const path = i.params?.issue?.path?.join('.') || i.instancePath?.replace(/^\//, '').replace(/\//g, '.') || context || 'body';
    fields[path] = i.params?.issue?.message ?? i.message ?? 'is invalid';
    reasons[path] = reasonOfIssue(i);
  }
  if (issues.length > MAX_REPORTED_FIELDS) {
    fields['…'] = `and ${issues.length - MAX_REPORTED_FIELDS} more problems`;
    reasons['…'] = { code: 'invalid', more: issues.length - MAX_REPORTED_FIELDS };
  }
  return { fields, reasons };
}

/** One error shape for every failure: `{ error: { code, message, details } }`. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError & { validation?: ValidationIssue[]; validationContext?: string }, req, reply) => {
    if (err instanceof DomainError) {
      const retry = err.details.retryAfterSeconds;
      if (typeof retry === 'number' && retry > 0) void reply.header('retry-after', String(Math.ceil(retry)));
      return reply.status(httpStatusFor(err.code)).send({ error: { code: err.code, message: err.message, details: err.details } });
    }
    if (err.validation) {
      const { fields, reasons } = fieldsOf(err.validation, err.validationContext);
      const summary = Object.entries(fields)
        .map(([f, m]) => `${f}: ${m}`)
        .join('; ');
      return reply
        .status(400)
        .send({ error: { code: 'VALIDATION_FAILED', message: `Invalid ${err.validationContext ?? 'request'} — ${summary}`, details: { fields, reasons } } });
    }
    const refused = dbRefusal(err);
    if (refused) {
      req.log.warn({ dbCode: (err as { code?: string }).code, route: req.routeOptions.url }, 'database refused the request data');
      return reply.status(refused.status).send({ error: { code: refused.code, message: refused.message, details: {} } });
    }
    // A multipart body that ends before its file does: the client's fault, not ours.
    if (err.code === 'ERR_STREAM_PREMATURE_CLOSE') {
      return reply
        .status(422)
        .send({ error: { code: 'BAD_FILE', message: 'The upload ended before the file was complete', details: { reason: 'truncated upload' } } });
    }
    const status = err.statusCode ?? 500;
    if (status === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large', details: {} } });
    }
    if (status >= 400 && status < 500) {
      const code = err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'UNSUPPORTED_MEDIA_TYPE' : 'BAD_REQUEST';
      return reply.status(status).send({ error: { code, message: err.message, details: {} } });
    }
    req.log.error({ err }, 'unexpected error');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: 'Internal error; it has been logged', details: { requestId: req.id } } });
  });

  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.method !== 'GET') {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}`, details: {} } });
    }
    // Client-side routes of the web app fall back to index.html.
    return reply.sendFile('index.html');
  });
}
