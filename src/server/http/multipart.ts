import type { Readable } from 'node:stream';
import { DomainError } from '../errors';

/** The uploaded file of a multipart request (field "file"), or a clear error naming it. */
export async function fileOf(req: { file: () => Promise<{ file: NodeJS.ReadableStream } | undefined> }): Promise<Readable> {
  const f = await req.file();
  if (!f) throw new DomainError('VALIDATION_FAILED', 'Send the file as multipart field "file"', { fields: { file: 'is required' } });
  return f.file as Readable;
}
