import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * Grants that cannot escalate (issue 10) and a lockout that locks out the guesser, not the owner
 * (issue 11 finding 9).
 *
 * `principal_areas` holds, for every user and API token, each area its grant reaches: its scope
 * codes ('*' for the city) and the areas of the work sites it is posted to. A manager may see and
 * manage a principal only when every one of these rows lies within the manager's own scope, which
 * is one `not exists` in SQL instead of parsing every user's JSON scope in JavaScript.
 *
 * `login_attempts` counts failed logins per (user name, client address): the address that guesses
 * is locked out of that account, the owner elsewhere is not. Keyed by the name typed, whether or
 * not such a user exists, so a lock tells nothing about which names exist.
 *
 * `audit_area_seq` serves the audit trail read within a scope.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('principal_areas')
    .addColumn('principal_kind', 'text', (c) => c.notNull()) // 'user' | 'token'
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('principal_areas_pk', ['principal_kind', 'principal_id', 'area_code'])
    .execute();

  await db.schema
    .createTable('login_attempts')
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('last_failed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('login_attempts_pk', ['username', 'address'])
    .execute();
  await db.schema.createIndex('login_attempts_age').on('login_attempts').columns(['last_failed_at']).execute();

  // A street's auditor reads the audit trail of its own areas (audit.service list()).
  await db.schema.createIndex('audit_area_seq').on('audit_log').columns(['area_code', 'seq']).execute();

  // Existing users and tokens: their scope codes and their sites' areas.
  const siteArea = async (kind: string, code: string): Promise<string | undefined> => {
    const [table, key] = kind === 'facility' ? ['facilities', 'id'] : kind === 'lab' ? ['labs', 'code'] : ['sampling_sites', 'code'];
    const r: { area_code?: unknown } | undefined = await db.selectFrom(table).select('area_code').where(key, '=', code).executeTakeFirst();
    return typeof r?.area_code === 'string' ? r.area_code : undefined;
  };
  for (const [kind, table] of [
    ['user', 'users'],
    ['token', 'api_tokens'],
  ] as const) {
    const rows = (await db.selectFrom(table).select(['id', 'scope', 'sites']).execute()) as Array<{ id: string; scope: string; sites: string }>;
    for (const row of rows) {
      const codes = new Set<string>(parseList(row.scope).filter((c): c is string => typeof c === 'string'));
      for (const s of parseList(row.sites)) {
        if (s && typeof s === 'object' && 'kind' in s && 'code' in s) {
          const area = await siteArea(String(s.kind), String(s.code));
          if (area) codes.add(area);
        }
      }
      if (codes.size === 0) continue;
      await db
        .insertInto('principal_areas')
        .values([...codes].map((area_code) => ({ principal_kind: kind, principal_id: row.id, area_code })))
        .execute();
    }
  }
}

function parseList(text: string | null): unknown[] {
  try {
    const v: unknown = JSON.parse(text ?? '[]');
    return Array.isArray(v) ? (v as unknown[]) : [];
  } catch {
    return [];
  }
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('audit_area_seq').execute();
  await db.schema.dropTable('login_attempts').execute();
  await db.schema.dropTable('principal_areas').execute();
}
