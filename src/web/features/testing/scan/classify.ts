import { residentCodeToken, tubeBarcodePattern } from '../../../../contract/sampling';
import { validateIdNumber } from '../../../../server/lib/id-number';

/**
 * What a scan is, by its shape alone (a hand scanner types a code and Enter; nothing says which
 * code it read). A 居民码 holds an `EGRC1.` token (bare or inside a URL); an ID number is 17 digits
 * and a digit or X whose birth date and check digit hold; a tube barcode is 4–40 letters, digits
 * or `-` that is not an ID number. So a scan in the wrong order is recognised for what it is and
 * never joined to the code before it. An 18-character number that fails the ID check is refused,
 * not taken for a tube: tube labels are not 18-digit numbers (docs/testing.md).
 */
export type Scan =
  | { kind: 'tube'; value: string }
  | { kind: 'id_number'; value: string }
  | { kind: 'resident_code'; value: string }
  | { kind: 'unknown'; value: string; reason: 'id_check' | 'shape' | 'empty' };

export type PersonScan = Extract<Scan, { kind: 'id_number' | 'resident_code' }>;

export function classifyScan(raw: string, today: Date = new Date()): Scan {
  // Scanners may add a prefix/suffix control character or stray spaces.
  // eslint-disable-next-line no-control-regex -- stripping what a scanner adds is the point
  const text = raw.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!text) return { kind: 'unknown', value: '', reason: 'empty' };
  const token = residentCodeToken.exec(text);
  if (token) return { kind: 'resident_code', value: token[0] };
  const upper = text.toUpperCase();
  if (/^\d{17}[\dX]$/.test(upper)) {
    return validateIdNumber(upper, today).ok ? { kind: 'id_number', value: upper } : { kind: 'unknown', value: text, reason: 'id_check' };
  }
  if (tubeBarcodePattern.test(text)) return { kind: 'tube', value: text };
  return { kind: 'unknown', value: text, reason: 'shape' };
}

/** How a person's scan is shown in lists: never an ID number in clear. */
export function maskScan(s: PersonScan): string {
  if (s.kind === 'id_number') return `${s.value.slice(0, 4)}**********${s.value.slice(-4)}`;
  return `居民码 …${s.value.slice(-6)}`;
}

export const personKey = (s: PersonScan): string => `${s.kind}:${s.value}`;
