import type { AuditEntry } from '../../../contract/audit';
import type { AuditPage } from './audit.service';

/** An audit row on the wire (src/contract/audit.ts): the target as `type:id`, hashes left out. */
export function auditEntryView(r: AuditPage['items'][number]): AuditEntry {
  return {
    seq: Number(r.seq),
    at: r.at,
    actorName: r.actor_name,
    action: r.action,
    target: r.target_type ? `${r.target_type}:${r.target_id ?? ''}` : null,
    areaCode: r.area_code,
    reason: r.reason,
    requestId: r.request_id,
    details: r.details,
  };
}
