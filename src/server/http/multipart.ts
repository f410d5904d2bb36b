import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import { DomainError } from '../errors';

interface UploadedPart {
  file: NodeJS.ReadableStream & { truncated?: boolean };
}

interface MultipartRequest {
  file: () => Promise<UploadedPart | undefined>;
  raw: IncomingMessage;
}

/** The upload was cut off before its closing boundary (a dropped connection or a broken client). */
export const truncatedUpload = () => new DomainError('BAD_FILE', 'The upload ended before the file was complete', { reason: 'truncated upload' });

// Whether all of the file arrived (its end pushed, even if not yet read) and the part is still readable.
const complete = (s: Readable) =>
  s.readableEnded || (!s.destroyed && (s as unknown as { _readableState?: { ended?: boolean } })._readableState?.ended === true);

/**
 * The uploaded file of a multipart request (field "file"), or a clear error naming it.
 * The stream fails instead of hanging when the request body ends before the file's closing
 * boundary: @fastify/multipart stops parsing then and leaves the part open, so a reader waiting
 * for its end would wait for ever (issue 11, finding 10). Over the upload limit it fails with 413
 * instead of silently stopping short.
 */
export async function fileOf(req: MultipartRequest, limitBytes?: number): Promise<Readable> {
  const f = await req.file();
  if (!f) throw new DomainError('VALIDATION_FAILED', 'Send the file as multipart field "file"', { fields: { file: 'is required' } });
  const source = f.file as Readable;
  // Parsing may already have failed (and destroyed the part) before we got it.
  if (source.destroyed && !source.readableEnded) throw truncatedUpload();
  const out = new PassThrough();
  source.once('limit', () =>
    out.destroy(
      new DomainError('PAYLOAD_TOO_LARGE', `The file is larger than the upload limit${limitBytes ? ` (${limitBytes} bytes)` : ''}`, {
        limitBytes: limitBytes ?? null,
      }),
    ),
  );
  source.once('error', (e) => out.destroy(e));
  source.once('close', () => {
    if (!source.readableEnded) out.destroy(truncatedUpload());
  });
  const afterRequest = () =>
    setImmediate(() => {
      if (!complete(source)) {
        out.destroy(truncatedUpload());
        source.destroy();
      }
    });
  if (req.raw.readableEnded || req.raw.complete) afterRequest();
  else req.raw.once('end', afterRequest);
  source.pipe(out);
  return out;
}
