export interface AuditRow {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  area_code: string | null;
  reason: string | null;
  request_id: string | null;
  details: string | null;
  prev_hash: string;
  hash: string;
  /** 0: written before the keyed chain (SHA-256); 1: HMAC under the chain key (audit-chain.ts). */
  chain_v: number;
}

export interface AuditTables {
  audit_log: AuditRow;
}
