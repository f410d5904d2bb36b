import { randomInt } from 'node:crypto';
import type { ImportRowError } from '../../../contract/owners';
import { isValidMobile } from '../../lib/id-number';
import { passwordProblem } from '../../lib/password';
import { siteKinds, type SiteKind, type SiteRef } from './actor';
import { isRole, type Role } from './permissions';
import { why, type Why } from '../../errors';
import { rowProblem } from '../../lib/import-report';

/**
 * Pure checks of one row of a users file (issue 13 item 5): syntax only. Rules that need the
 * database (areas exist, grants within the importer's, who already exists) are in users-import.ts.
 * Reasons never carry the phone: they reach screens and `--errors` files.
 */

export const USERNAME = /^[a-zA-Z0-9_.-]{3,40}$/;
const SCOPE_CODE = /^(\*|\d{2,18})$/;
const MAX_NAME = 100;

export interface UserImportRow {
  row: number;
  username: string;
  displayName: string;
  role: Role;
  scope: string[];
  phone: string | null;
  /** Undefined when the file has no `sites` column: postings are then left as they are. */
  sites: SiteRef[] | undefined;
}

export type ParsedUserRow = { ok: UserImportRow } | { errors: ImportRowError[] };

/** Split a `|`-separated cell into its non-empty trimmed parts. */
export function splitList(cell: string): string[] {
  return cell
    .split('|')
    .map((s) => s.trim())
    .filter(Boolean);
}

function parseSitesCell(cell: string): { sites: SiteRef[] } | { reason: string } {
  const sites: SiteRef[] = [];
  for (const item of splitList(cell)) {
    const i = item.indexOf(':');
    const kind = item.slice(0, i);
    if (i < 1 || i === item.length - 1 || !(siteKinds as readonly string[]).includes(kind))
      return { reason: `"${item}" is not kind:code (kinds: ${siteKinds.join(', ')})` };
    sites.push({ kind: kind as SiteKind, code: item.slice(i + 1) });
  }
  return { sites };
}

/** One row's values → a checked row, or every field's reason at once. */
export function parseUserRow(row: number, values: Record<string, string>): ParsedUserRow {
  const errors: ImportRowError[] = [];
  const bad = (column: string, reason: Why) => errors.push(rowProblem(row, column, reason));
  const username = (values.username ?? '').trim();
  const displayName = (values.display_name ?? '').trim();
  const role = (values.role ?? '').trim();
  const scope = [...new Set(splitList(values.scope ?? ''))];
  const phone = (values.phone ?? '').trim();

  if (!USERNAME.test(username)) bad('username', username ? why('format', '3–40 letters, digits, _ . -') : why('required', 'is required'));
  if (!displayName) bad('display_name', why('required', 'is required'));
  else if ([...displayName].length > MAX_NAME) bad('display_name', why('max_length', `at most ${MAX_NAME} characters`, { limit: MAX_NAME }));
  if (!role) bad('role', why('required', 'is required'));
  else if (!isRole(role)) bad('role', why('unknown_role', `unknown role ${role.slice(0, 40)}`, { role: role.slice(0, 40) }));
  const badCodes = scope.filter((c) => !SCOPE_CODE.test(c));
  if (badCodes.length) bad('scope', why('area_code', `not area codes: ${badCodes.join(', ').slice(0, 200)}`));
  if (phone && !isValidMobile(phone)) bad('phone', why('mobile', 'must be an 11-digit mainland mobile number'));
  let sites: SiteRef[] | undefined;
  if ('sites' in values) {
    const parsed = parseSitesCell(values.sites ?? '');
    if ('reason' in parsed) bad('sites', why('format', parsed.reason.slice(0, 200)));
    else sites = parsed.sites;
  }
  if (scope.length === 0 && !(sites && sites.length) && !errors.some((e) => e.column === 'sites'))
    bad('scope', why('required', 'give at least one area code (or a work site)'));
  if (errors.length) return { errors };
  return { ok: { row, username, displayName, role: role as Role, scope, phone: phone || null, sites } };
}

// No look-alikes (0/O, 1/l/I): the password is read off a sheet of paper and typed once.
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGIT = '23456789';
const ALPHABET = LOWER + UPPER + DIGIT;

/**
 * A one-time initial password from the CSPRNG: four groups of four (`Xk7p-Qm2z-…`), about
 * 87 bits, with lower, upper, digit and the hyphen so it passes the password rules.
 */
export function newInitialPassword(username = ''): string {
  for (;;) {
    const groups = Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''));
    const p = groups.join('-');
    if ([LOWER, UPPER, DIGIT].every((set) => [...p].some((ch) => set.includes(ch))) && passwordProblem(p, username) === null) return p;
  }
}

/**
 * Why codes of a list lie outside the importer's scope, by position, never naming them: a code
 * outside your scope is another area's, and answers never carry other areas' codes (route probe).
 */
export function outsideReason(what: 'area' | 'site', positions: readonly number[], total: number): string {
  if (total === 1) return `the ${what} is outside your scope`;
  return positions.length === 1
    ? `${what} ${positions[0]} of ${total} is outside your scope`
    : `${what}s ${positions.join(', ')} of ${total} are outside your scope`;
}
