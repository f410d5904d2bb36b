import { sql, type Kysely, type SqlBool } from 'kysely';
import { parseJson, toBool } from '../../db/dialect';
import type { DB } from '../../db/schema';
import type { Scope } from '../access';
import { touchesSql } from '../access/guards.testing';
import type { AlertRuleRow } from './alerts.table';
import type { TriggerRule } from './triggers';

export type ParsedRule = TriggerRule & { enabled: boolean; row: AlertRuleRow };

export function parseRule(row: AlertRuleRow): ParsedRule {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    channels: parseJson<string[]>(row.channels, []),
    minChannels: Number(row.min_channels),
    minRecords: Number(row.min_records),
    windowHours: Number(row.window_hours),
    areaCode: row.area_code,
    level: row.level,
    grade: row.grade,
    dueHours: Number(row.due_hours),
    enabled: toBool(row.enabled),
    row,
  };
}

/**
 * Trigger rules. Rules are settings, not personal data, but an area's rule is that area's
 * business: a caller sees the city-wide rules and the rules whose reach touches their scope.
 */
export class RuleRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async enabled(): Promise<ParsedRule[]> {
    return (await this.db.selectFrom('alert_rules').selectAll().where('enabled', '=', 1).orderBy('code').execute()).map(parseRule);
  }

  async visible(scope: Scope): Promise<ParsedRule[]> {
    const rows = await this.db
      .selectFrom('alert_rules as t')
      .selectAll()
      .where(sql<SqlBool>`(t.area_code is null or ${touchesSql(scope, 't.area_code')})`)
      .orderBy('t.code')
      .execute();
    return rows.map(parseRule);
  }

  async byId(scope: Scope, id: string): Promise<ParsedRule | undefined> {
    const row = await this.db
      .selectFrom('alert_rules as t')
      .selectAll()
      .where('t.id', '=', id)
      .where(sql<SqlBool>`(t.area_code is null or ${touchesSql(scope, 't.area_code')})`)
      .executeTakeFirst();
    return row ? parseRule(row) : undefined;
  }

  async codeTaken(code: string): Promise<boolean> {
    return !!(await this.db.selectFrom('alert_rules').select('id').where('code', '=', code).executeTakeFirst());
  }

  async insert(row: AlertRuleRow): Promise<void> {
    await this.db.insertInto('alert_rules').values(row).execute();
  }

  async update(id: string, set: Partial<AlertRuleRow>): Promise<void> {
    await this.db.updateTable('alert_rules').set(set).where('id', '=', id).execute();
  }
}
