import { createHash, createHmac } from 'node:crypto';
import type { AuditRow } from './audit.table';

export const GENESIS_HASH = '0'.repeat(64);

/** `audit_log.chain_v`: 0 = rows written before the keyed chain (plain SHA-256), 1 = HMAC-SHA256 with the chain key. */
export const CHAIN_LEGACY = 0;
export const CHAIN_KEYED = 1;

/**
 * Text as both engines give it back: lone surrogates become U+FFFD (PostgreSQL and SQLite store
 * UTF-8, which has no way to hold them), NUL becomes U+FFFD (PostgreSQL text refuses it), then NFC.
 * Entries are stored canonical and hashed canonical, so a value always hashes the same on both
 * engines and after a round trip (a lone surrogate in a reason broke verification for good).
 */
export function canonText(s: string): string {
  if (!NOT_PLAIN_ASCII.test(s)) return s; // most fields (ids, codes, actions, ISO times) are already canonical
  return s.replace(LONE_SURROGATE_OR_NUL, '\uFFFD').normalize('NFC');
}

// eslint-disable-next-line no-control-regex -- NUL (\x00) is one of the characters canonicalised
const NOT_PLAIN_ASCII = /[^\x01-\x7f]/;
const LONE_SURROGATE_OR_NUL = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\0/g;

export function canonOrNull(s: string | null): string | null {
  return s === null ? null : canonText(s);
}

type Body = Omit<AuditRow, 'hash' | 'chain_v'>;

function fields(row: Body): unknown[] {
  return [
    Number(row.seq),
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
  ];
}

/** The pre-key chain (rows with chain_v 0): SHA-256 over the previous hash and the raw fields. Kept only to check old rows. */
export function legacyHash(row: Body): string {
  return createHash('sha256')
    .update(row.prev_hash)
    .update('|')
    .update(JSON.stringify(fields(row)))
    .digest('hex');
}

/**
 * The keyed chain: HMAC-SHA256 under a key that is not in the database (derived from the master
 * key), over the previous hash and every canonical field. Whoever holds only the database can
 * neither recompute a row after editing it nor append a row that verifies.
 */
export function keyedHash(key: Buffer, row: Body): string {
  const body = JSON.stringify(fields(row).map((v) => (typeof v === 'string' ? canonText(v) : v)));
  return createHmac('sha256', key).update(row.prev_hash).update('|').update(body).digest('hex');
}

export type BreakCode = 'gap' | 'link' | 'content' | 'legacy_after_keyed' | 'checkpoint_mismatch' | 'truncated' | 'checkpoint_forged';

/** One break, or a run of consecutive entries with the same problem (`seq`..`toSeq`). */
export interface ChainBreak {
  code: BreakCode;
  seq: number;
  toSeq: number;
  problem: string;
}

const describe: Record<BreakCode, string> = {
  gap: 'entries missing before this one (sequence gap)',
  link: 'previous-hash link does not match the entry before',
  content: 'entry content does not match its keyed hash (edited, or re-hashed without the key)',
  legacy_after_keyed: 'an unkeyed entry after the keyed chain began (forged)',
  checkpoint_mismatch: 'hash differs from the signed checkpoint (rewritten)',
  truncated: 'entries named by a signed checkpoint are missing (tail deleted)',
  checkpoint_forged: 'checkpoint signature does not verify',
};

/** Collects breaks, merging consecutive entries with the same problem into one run. */
export class BreakList {
  readonly items: ChainBreak[] = [];
  /** Entries with at least one problem (each counted once). */
  brokenEntries = 0;
  private lastBrokenSeq = -1;

  add(code: BreakCode, seq: number, toSeq = seq, problem = describe[code]): void {
    if (code !== 'checkpoint_forged' && seq !== this.lastBrokenSeq) {
      this.brokenEntries += toSeq - seq + 1;
      this.lastBrokenSeq = toSeq;
    }
    const last = this.items[this.items.length - 1];
    if (last && last.code === code && last.toSeq + 1 === seq && last.problem === problem) last.toSeq = toSeq;
    else this.items.push({ code, seq, toSeq, problem });
  }
}

/** Where a walk of the chain stands after the rows it has checked. */
export interface ChainCursor {
  seq: number;
  hash: string;
  /** Seq of the first keyed entry seen, or null while only legacy entries have been seen. */
  keyedFrom: number | null;
  legacy: number;
}

/**
 * Check a page of consecutive rows after `cursor`, adding every problem to `breaks` (not just the
 * first: later tampering must not hide behind an earlier break). Each row is checked against the
 * stored hash of the row before it, so one edited row is one break and the rows after it stay
 * verifiable; a chain recomputed without the key from some row on fails at every row from there.
 */
export function checkPage(key: Buffer, rows: readonly AuditRow[], cursor: ChainCursor, breaks: BreakList): ChainCursor {
  let { seq, hash, keyedFrom, legacy } = cursor;
  for (const row of rows) {
    const s = Number(row.seq);
    if (s !== seq + 1) breaks.add('gap', s, s, `${s - seq - 1} entries missing after #${seq} (sequence gap)`);
    else if (row.prev_hash !== hash) breaks.add('link', s);
    const keyed = Number(row.chain_v) === CHAIN_KEYED;
    if (keyed) keyedFrom ??= s;
    else if (keyedFrom !== null) breaks.add('legacy_after_keyed', s);
    else legacy += 1;
    const expected = keyed ? keyedHash(key, row) : legacyHash(row);
    if (expected !== row.hash && (keyed || keyedFrom === null)) breaks.add('content', s);
    seq = s;
    hash = row.hash;
  }
  return { seq, hash, keyedFrom, legacy };
}
