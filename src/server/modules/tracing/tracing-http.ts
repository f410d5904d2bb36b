import { z } from 'zod';

export { fileOf } from '../../http/multipart';

export const code = z.string().regex(/^\d{2,18}$/, 'must be an area code');
export const idParam = z.object({ id: z.string() });
export const limit = z.coerce.number().int().min(1).max(1000).default(100);
export const tags = ['tracing'];
export const access = { read: { access: 'tracing:read' }, write: { access: 'tracing:write' }, assist: { access: 'tracing:assist' } } as const;
