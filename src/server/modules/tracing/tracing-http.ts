// Request and response schemas live in src/contract/tracing.ts (shared with the web).
export { fileOf } from '../../http/multipart';

export const tags = ['tracing'];
export const access = { read: { access: 'tracing:read' }, write: { access: 'tracing:write' }, assist: { access: 'tracing:assist' } } as const;
