export { AuditService, type AuditEntry } from './audit.service';
export { auditRoutes } from './audit.routes';
