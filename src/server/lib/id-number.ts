/** GB 11643 resident ID numbers (身份证号) and mainland mobile numbers. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function normalizeIdNumber(s: string): string {
  return s.trim().toUpperCase();
}

export function checkDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charCodeAt(i) - 48) * (WEIGHTS[i] as number);
  return CHECK[sum % 11] as string;
}

export function makeIdNumber(areaCode: string, birthDate: string, seq: number): string {
  const first17 = `${areaCode}${birthDate}${String(seq).padStart(3, '0')}`;
  return first17 + checkDigit(first17);
}

export type IdCheck = { ok: true; birthDate: string; sex: 'M' | 'F'; areaCode: string } | { ok: false; reason: string };

export function validateIdNumber(raw: string, today: Date = new Date()): IdCheck {
  const s = normalizeIdNumber(raw);
  if (s.length !== 18) return { ok: false, reason: 'must be 18 characters' };
  if (!/^\d{17}[\dX]$/.test(s)) return { ok: false, reason: 'invalid characters (17 digits then a digit or X)' };
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  const real = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  if (!real || y < 1900) return { ok: false, reason: `impossible birth date ${s.slice(6, 14)}` };
  if (date.getTime() > today.getTime()) return { ok: false, reason: `birth date ${s.slice(6, 14)} is in the future` };
  const expected = checkDigit(s.slice(0, 17));
  if (s[17] !== expected) return { ok: false, reason: `check digit should be ${expected}` };
  return {
    ok: true,
    birthDate: `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`,
    sex: Number(s[16]) % 2 === 1 ? 'M' : 'F',
    areaCode: s.slice(0, 6),
  };
}

export function isValidMobile(s: string): boolean {
  return /^1[3-9]\d{9}$/.test(s);
}
