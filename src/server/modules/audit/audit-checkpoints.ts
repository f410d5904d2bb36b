import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Signed checkpoints of the audit chain's head, kept OUTSIDE the database (a JSON-lines file,
 * by default beside the key file in the data directory, or wherever
 * EPIGRID_AUDIT_CHECKPOINT_FILE points: another volume, an append-only mount). Each line says
 * "at `at`, entry #`seq` had hash `hash`", signed with a key derived from the master key.
 * Verify checks every one: a log that ends before a checkpoint was truncated; a different hash
 * at a checkpoint's seq means the chain was rewritten.
 */
export interface Checkpoint {
  seq: number;
  hash: string;
  at: string;
  sig: string;
}

export interface CheckpointRead {
  valid: Checkpoint[];
  /** Lines whose signature does not verify (edited, or written under another key), by line number. */
  forged: number[];
  exists: boolean;
}

function sign(key: Buffer, seq: number, hash: string, at: string): string {
  return createHmac('sha256', key).update(`epigrid-audit-checkpoint|${seq}|${hash}|${at}`).digest('hex');
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export class CheckpointFile {
  constructor(
    readonly file: string,
    private readonly key: Buffer,
  ) {}

  /** Append one checkpoint and fsync it; skipped when the head has not moved since the last line. */
  append(head: { seq: number; hash: string }, at: string): Checkpoint | null {
    const last = this.read().valid.at(-1);
    if (last && last.seq === head.seq && last.hash === head.hash) return null;
    const cp: Checkpoint = { seq: head.seq, hash: head.hash, at, sig: sign(this.key, head.seq, head.hash, at) };
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const fd = fs.openSync(this.file, 'a', 0o600);
    try {
      fs.writeSync(fd, `${JSON.stringify(cp)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return cp;
  }

  read(): CheckpointRead {
    if (!fs.existsSync(this.file)) return { valid: [], forged: [], exists: false };
    const valid: Checkpoint[] = [];
    const forged: number[] = [];
    const lines = fs.readFileSync(this.file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const cp = JSON.parse(line) as Checkpoint;
        const ok =
          Number.isSafeInteger(cp.seq) &&
          typeof cp.hash === 'string' &&
          typeof cp.at === 'string' &&
          typeof cp.sig === 'string' &&
          sameHex(cp.sig, sign(this.key, cp.seq, cp.hash, cp.at));
        if (ok) valid.push({ seq: cp.seq, hash: cp.hash, at: cp.at, sig: cp.sig });
        else forged.push(i + 1);
      } catch {
        forged.push(i + 1);
      }
    });
    return { valid, forged, exists: true };
  }
}
