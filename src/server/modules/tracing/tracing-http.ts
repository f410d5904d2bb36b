import { z } from 'zod';
import { areaCodeSchema, pageLimitSchema } from '../../http/schemas';

export { fileOf } from '../../http/multipart';

export const code = areaCodeSchema;
export const idParam = z.object({ id: z.string() });
export const limit = pageLimitSchema;
export const tags = ['tracing'];
export const access = { read: { access: 'tracing:read' }, write: { access: 'tracing:write' }, assist: { access: 'tracing:assist' } } as const;
