import type { Dialect } from '../db/database';

/** Engines named in EPIGRID_TEST_DATABASES (default sqlite); `.ci/run` sets sqlite,postgres. */
export function testDialects(): Dialect[] {
  const raw = process.env.EPIGRID_TEST_DATABASES ?? 'sqlite';
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const d of list) if (d !== 'sqlite' && d !== 'postgres') throw new Error(`EPIGRID_TEST_DATABASES: unknown engine ${d}`);
  return list as Dialect[];
}

export function testPgUrl(database = 'postgres'): string {
  const base = process.env.EPIGRID_TEST_PG_URL ?? 'postgres://epigrid@127.0.0.1:55432/postgres';
  const u = new URL(base);
  u.pathname = `/${database}`;
  return u.toString();
}
