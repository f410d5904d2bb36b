import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actionLabel, targetLabel, zhActions } from './audit-actions';

const server = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'server');

/** Every `action: '…'` the server writes (test fixtures aside). */
function serverActions(dir: string, out = new Set<string>()): Set<string> {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'test') serverActions(p, out);
    } else if (e.name.endsWith('.ts') && !e.name.includes('.spec.'))
      for (const m of fs.readFileSync(p, 'utf8').matchAll(/(?:action: |_ACTION = )'([a-z_]+\.[a-z_]+)'/g)) out.add(m[1] as string);
  }
  return out;
}

describe('audit action words', () => {
  it('names every action the server writes in Chinese', () => {
    const written = serverActions(server);
    expect(written.size).toBeGreaterThan(80);
    const missing = [...written].filter((a) => !zhActions[a]);
    expect(missing).toEqual([]);
  });

  it('falls back to the object word and the raw verb for an action not listed', () => {
    expect(actionLabel('person.created', 'zh')).toBe('新增人员');
    expect(actionLabel('person.teleported', 'zh')).toBe('人员 · teleported');
    expect(actionLabel('person.grid_assigned', 'en')).toBe('Person: grid assigned');
  });

  it('shows a target as its kind in words and a shortened id', () => {
    expect(targetLabel('person:01a23519-88b3-7469-9c91-3c1882fda927', 'zh')).toBe('人员 01a23519…');
    expect(targetLabel('surveillance_run:2026-12-01', 'en')).toBe('Detection run 2026-12-01');
    expect(targetLabel(null, 'zh')).toBe('');
  });
});
