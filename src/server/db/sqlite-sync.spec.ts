import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config';
import { openDatabase } from './database';

/** Issue 11, finding 14: EPIGRID_SQLITE_SYNC=full makes every acknowledged commit survive a power cut. */
describe('SQLite synchronous setting', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epigrid-sync-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    [undefined, 1],
    ['normal', 1],
    ['full', 2],
  ] as const)('EPIGRID_SQLITE_SYNC=%s opens the file database with synchronous=%i', async (value, level) => {
    const config = loadConfig({ EPIGRID_DATA_DIR: path.join(dir, String(value)), ...(value ? { EPIGRID_SQLITE_SYNC: value } : {}) });
    const database = openDatabase(config);
    try {
      expect(database.sqlite?.pragma('synchronous', { simple: true })).toBe(level);
    } finally {
      await database.close();
    }
  });

  it('refuses another value at start-up', () => {
    expect(() => loadConfig({ EPIGRID_SQLITE_SYNC: 'off' })).toThrow(/EPIGRID_SQLITE_SYNC/);
  });
});
