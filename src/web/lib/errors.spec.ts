import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { REASON_CODES } from '../../contract/errors';
import { ApiError } from '../api/client';
import { errorStrings } from './error-strings';
import { errorText } from './error-text';
import { enCodes, zhCodes } from './error-words';
import { enFields, enReasons, zhFields, zhReasons } from './field-words';

const server = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'server');

function serverSources(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'test') serverSources(p, out);
    } else if (e.name.endsWith('.ts') && !e.name.includes('.spec.')) out.push(fs.readFileSync(p, 'utf8'));
  }
  return out;
}

/**
 * Every error code the server can answer: the first argument of each `new DomainError(` (all the
 * codes a ternary there names), the `code: '…'` answers of the HTTP layer, and the status table.
 */
function serverCodes(): Set<string> {
  const codes = new Set<string>();
  for (const src of serverSources(server)) {
    for (const m of src.matchAll(/DomainError\(\s*([^,]+),/g)) for (const c of (m[1] as string).matchAll(/'([A-Z][A-Z0-9_]+)'/g)) codes.add(c[1] as string);
  }
  const http = path.join(server, 'http');
  for (const f of fs.readdirSync(http).filter((n) => n.endsWith('.ts') && !n.includes('.spec.')))
    for (const m of fs.readFileSync(path.join(http, f), 'utf8').matchAll(/code: '([A-Z][A-Z0-9_]+)'/g)) codes.add(m[1] as string);
  const table = /const statusByCode[^{]*\{([^}]*)\}/.exec(fs.readFileSync(path.join(server, 'errors.ts'), 'utf8'))?.[1] ?? '';
  for (const m of table.matchAll(/([A-Z][A-Z0-9_]+):/g)) codes.add(m[1] as string);
  return codes;
}

/** Field names the server's own checks report: `validationError({ field: …` and `details.field`. */
function serverFields(): Set<string> {
  const fields = new Set<string>();
  for (const src of serverSources(server)) {
    for (const m of src.matchAll(/validationError\(\{\s*([A-Za-z_]+):/g)) fields.add(m[1] as string);
    for (const m of src.matchAll(/^\s+([A-Za-z_]+): why\(/gm)) fields.add(m[1] as string);
    for (const m of src.matchAll(/\bfield: '([A-Za-z_]+)'/g)) fields.add(m[1] as string);
  }
  return fields;
}

describe('error words', () => {
  it('has Chinese and English words for every code the server can raise', () => {
    const codes = serverCodes();
    expect(codes.size).toBeGreaterThan(50);
    expect([...codes].filter((c) => !zhCodes[c] || !enCodes[c])).toEqual([]);
  });

  it('names every field the server reports, and every machine reason, in both languages', () => {
    const fields = serverFields();
    expect(fields.size).toBeGreaterThan(40);
    expect([...fields].filter((f) => !zhFields[f] || !enFields[f])).toEqual([]);
    expect(REASON_CODES.filter((r) => !zhReasons[r] || !enReasons[r])).toEqual([]);
  });

  it('lists the same codes and fields in both languages', () => {
    expect(Object.keys(enCodes).sort()).toEqual(Object.keys(zhCodes).sort());
    expect(Object.keys(enFields).sort()).toEqual(Object.keys(zhFields).sort());
  });
});

describe('errorText', () => {
  let zh: TFunction;
  const i18n = i18next.createInstance();
  const exists = (k: string) => i18n.exists(k);
  beforeAll(async () => {
    zh = await i18n.init({
      lng: 'zh',
      resources: {
        zh: { translation: { ...errorStrings[0], quarantine: { errors: { fields: { temperature: '体温须在 34.0–43.0 °C 之间' } } } } },
        en: { translation: errorStrings[1] },
      },
      interpolation: { escapeValue: false },
    });
  });

  it('words a business-rule error with its details, never the English message', () => {
    const e = new ApiError(422, 'FACILITY_FULL', 'Destination is full', { free: 0, incoming: 3 });
    expect(errorText(e, zh, exists)).toBe('目的地已满（空余 0，在途 3）');
    expect(errorText(new ApiError(429, 'RATE_LIMITED', 'x', { retryAfterSeconds: 300 }), zh, exists)).toBe('操作过于频繁，请约 5 分钟后再试');
    expect(errorText(new ApiError(418, 'TEAPOT', 'I am a teapot'), zh, exists)).toBe('操作失败（418 TEAPOT）');
    expect(errorText(new TypeError('Failed to fetch'), zh, exists)).toBe('网络连接失败，请检查网络后重试');
  });

  it('names each field of a validation error and its reason in words', () => {
    const e = new ApiError(400, 'VALIDATION_FAILED', 'Invalid body', {
      fields: { reason: 'Too big', 'items.2.idNumber': 'bad', temperature: 'out of range', mystery: 'odd' },
      reasons: { reason: { code: 'max_length', limit: 200 }, 'items.2.idNumber': { code: 'id_number' }, temperature: { code: 'invalid' } },
    });
    expect(errorText(e, zh, exists, 'quarantine.errors')).toBe(
      '理由：不超过 200 个字符；身份证号（第 3 项）：身份证号格式不正确；体温须在 34.0–43.0 °C 之间；某项输入：有误',
    );
    expect(errorText(e, i18n.getFixedT('en'), exists)).toBe(
      'Reason: takes at most 200 characters; ID number (item 3): is not a valid ID number; Temperature: is invalid; An input: is invalid',
    );
  });
});
