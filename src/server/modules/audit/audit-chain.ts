import { createHash } from 'node:crypto';
import type { AuditRow } from './audit.table';

export const GENESIS_HASH = '0'.repeat(64);

/** The hash of an entry covers every field and the previous entry's hash, so any edit breaks the chain. */
export function entryHash(row: Omit<AuditRow, 'hash'>): string {
  const body = JSON.stringify([
    row.seq,
    row.at,
    row.actor_id,
    row.actor_name,
    row.action,
    row.target_type,
    row.target_id,
    row.area_code,
    row.reason,
    row.request_id,
    row.details,
  ]);
  return createHash('sha256').update(row.prev_hash).update('|').update(body).digest('hex');
}

export type ChainProblem = { seq: number; problem: string; intactBefore: number };

/** Check a run of consecutive entries that follows `prevHash`/`prevSeq`; return the first problem. */
export function checkRun(rows: readonly AuditRow[], prevSeq: number, prevHash: string): ChainProblem | null {
  let seq = prevSeq;
  let hash = prevHash;
  for (const [i, row] of rows.entries()) {
    if (Number(row.seq) !== seq + 1) return { seq: Number(row.seq), problem: `sequence gap after ${seq}`, intactBefore: i };
    if (row.prev_hash !== hash) return { seq: Number(row.seq), problem: 'previous-hash link does not match', intactBefore: i };
    if (entryHash(row) !== row.hash) return { seq: Number(row.seq), problem: 'entry content does not match its hash', intactBefore: i };
    seq = Number(row.seq);
    hash = row.hash;
  }
  return null;
}
