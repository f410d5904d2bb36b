import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Personal identifiers (ID numbers, phones) are never stored in clear:
 * a keyed hash gives exact look-up, AES-256-GCM keeps the value recoverable for
 * users allowed to see it. Both sub-keys derive from one master key.
 */
export class Pii {
  private readonly hashKey: Buffer;
  private readonly encKey: Buffer;

  constructor(private readonly masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('PII master key must be 32 bytes');
    this.hashKey = Buffer.from(hkdfSync('sha256', masterKey, 'epigrid', 'lookup-hash', 32));
    this.encKey = Buffer.from(hkdfSync('sha256', masterKey, 'epigrid', 'field-encryption', 32));
  }

  /** A copy of the master key for a worker thread of this process (bulk demo build); never leaves the process. */
  keyForWorker(): Buffer {
    return Buffer.from(this.masterKey);
  }

  /**
   * A key for another purpose (the audit chain, its checkpoints), derived from the same master key so
   * that it lives where that key lives (config or the key file), never in the database.
   */
  derivedKey(purpose: 'audit-chain' | 'audit-checkpoint'): Buffer {
    return Buffer.from(hkdfSync('sha256', this.masterKey, 'epigrid', purpose, 32));
  }

  /** Deterministic keyed hash for equality look-up; `kind` separates ID numbers from phones. */
  hash(kind: string, value: string): string {
    return createHmac('sha256', this.hashKey).update(`${kind}:${value}`).digest('base64url');
  }

  // IVs come from a pre-filled block of CSPRNG output: one randomBytes call per 4,096 IVs instead of one
  // each (per-call cost was a quarter of a demo-city load). Still random 96-bit IVs, never reused.
  private ivPool = Buffer.alloc(0);
  private ivAt = 0;

  private nextIv(): Buffer {
    if (this.ivAt + 12 > this.ivPool.length) {
      this.ivPool = randomBytes(12 * 4096);
      this.ivAt = 0;
    }
    const iv = this.ivPool.subarray(this.ivAt, this.ivAt + 12);
    this.ivAt += 12;
    return iv;
  }

  encrypt(value: string): string {
    const iv = this.nextIv();
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const ct = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${ct.toString('base64url')}`;
  }

  decrypt(token: string): string {
    const [version, iv, tag, ct] = token.split('.');
    if (version !== 'v1' || !iv || !tag || ct === undefined) throw new Error('Unrecognised encrypted value');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/** Key from config, else a key file beside the database, created (0600) on first start. */
export function loadMasterKey(secretKeyHex: string | undefined, dataDir: string): Buffer {
  if (secretKeyHex) return Buffer.from(secretKeyHex, 'hex');
  const file = path.join(dataDir, 'secret.key');
  if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}
