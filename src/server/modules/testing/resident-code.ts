import { timingSafeEqual } from 'node:crypto';
import { RESIDENT_CODE_VERSION, residentCodeToken } from '../../../contract/sampling';
import type { Pii } from '../../lib/pii';

/**
 * 居民码 / 核酸码 (docs/testing.md, "Resident code"): `EGRC1.<person id>.<signature>`, where the
 * signature is 22 base64url characters (132 bits) of an HMAC-SHA256 keyed by the PII master key's
 * look-up sub-key, over `resident-code:<person id>`. It names the person without carrying an ID
 * number or phone, and only a server holding the key can make one, so a scanned payload is
 * either one EpiGrid issued or refused. It does not expire: it is a person's standing code, like
 * the ID card it stands in for; a merged-away person's code stops working because they are gone.
 */
const SIG_LENGTH = 22;

function signature(pii: Pii, personId: string): string {
  return pii.hash('resident-code', personId).slice(0, SIG_LENGTH);
}

export function issueResidentCode(pii: Pii, personId: string): string {
  return `${RESIDENT_CODE_VERSION}.${personId}.${signature(pii, personId)}`;
}

/** The person id a payload names, or null when it holds no token EpiGrid issued (wrong shape or signature). */
export function verifyResidentCode(pii: Pii, payload: string): string | null {
  const m = residentCodeToken.exec(payload.trim());
  if (!m) return null;
  const [, personId, sig] = m as unknown as [string, string, string];
  const want = Buffer.from(signature(pii, personId));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got) ? personId : null;
}
