import type { Rule, RuleCreate, RuleUpdate } from '../../../contract/alerts';
import type { AppContext } from '../../context';
import { DomainError, notFound, validationError } from '../../errors';
import { newId } from '../../lib/ids';
import { Scope } from '../access';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { ruleView } from './alert-view';
import type { AlertRuleRow } from './alerts.table';
import { parseRule, RuleRepository, type ParsedRule } from './rule.repository';
import { levelLength } from './triggers';

type RuleShape = Pick<ParsedRule, 'channels' | 'minChannels' | 'minRecords' | 'areaCode' | 'level'>;

/** Trigger rules as data. A city-wide rule (no area) needs a city-scoped role; an area's rule, that area in scope. */
export class RulesService {
  constructor(private readonly ctx: AppContext) {}

  private editable(scope: Scope, r: Pick<ParsedRule, 'areaCode'>): boolean {
    return r.areaCode ? scope.covers(r.areaCode) : scope.isCity;
  }

  private ensureMayChange(scope: Scope, r: Pick<ParsedRule, 'areaCode'>): void {
    if (r.areaCode) scope.ensureCovers(r.areaCode, 'areaCode');
    else scope.ensureCityWide('A trigger rule without an area');
  }

  /** The rule's own consistency: errors name the field. */
  private check(r: RuleShape): void {
    const fields: Record<string, string> = {};
    if (r.minChannels > r.channels.length) fields.minChannels = `cannot exceed the ${r.channels.length} channel(s) listed`;
    if (r.minRecords < r.minChannels) fields.minRecords = 'must be at least minChannels (each channel needs a record)';
    if (!r.areaCode && !r.level) fields.level = 'a city-wide rule must name the level it groups by (district, street, …)';
    if (r.areaCode && r.level && r.areaCode.length >= levelLength[r.level]) fields.level = `must be finer than the area ${r.areaCode}`;
    if (Object.keys(fields).length) throw validationError(fields);
  }

  async list(actor: Actor): Promise<Rule[]> {
    const scope = Scope.of(actor);
    return (await new RuleRepository(this.ctx.db).visible(scope)).map((r) => ruleView(r, this.editable(scope, r)));
  }

  async create(actor: Actor, input: RuleCreate): Promise<Rule> {
    const scope = Scope.of(actor);
    const shape: RuleShape = {
      channels: input.channels,
      minChannels: input.minChannels,
      minRecords: input.minRecords ?? input.minChannels,
      areaCode: input.areaCode ?? null,
      level: input.level ?? null,
    };
    this.ensureMayChange(scope, shape);
    this.check(shape);
    return this.ctx.db.transaction().execute(async (trx) => {
      const repo = new RuleRepository(trx);
      if (await repo.codeTaken(input.code)) throw new DomainError('RULE_EXISTS', `A trigger rule ${input.code} already exists`, { field: 'code' });
      const now = this.ctx.clock.nowIso();
      const row: AlertRuleRow = {
        id: newId(),
        code: input.code,
        name: input.name,
        channels: JSON.stringify(shape.channels),
        min_channels: shape.minChannels,
        min_records: shape.minRecords,
        window_hours: input.windowHours,
        area_code: shape.areaCode,
        level: shape.level,
        grade: input.grade,
        due_hours: input.dueHours ?? 24,
        enabled: input.enabled === false ? 0 : 1,
        created_by: actor.name,
        created_at: now,
        updated_by: actor.name,
        updated_at: now,
      };
      await repo.insert(row);
      await new AuditService(this.ctx).append(
        { actor, action: 'alert_rule.created', targetType: 'alert_rule', targetId: row.id, areaCode: row.area_code ?? undefined, details: { ...row } },
        trx,
      );
      return ruleView(parseRule(row), true);
    });
  }

  async update(actor: Actor, id: string, patch: RuleUpdate): Promise<Rule> {
    const scope = Scope.of(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      const repo = new RuleRepository(trx);
      const cur = await repo.byId(scope, id);
      if (!cur) throw notFound('Trigger rule', id);
      this.ensureMayChange(scope, cur);
      const next = { ...cur, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as ParsedRule;
      this.ensureMayChange(scope, next);
      this.check(next);
      const now = this.ctx.clock.nowIso();
      const set: Partial<AlertRuleRow> = {
        name: next.name,
        channels: JSON.stringify(next.channels),
        min_channels: next.minChannels,
        min_records: next.minRecords,
        window_hours: next.windowHours,
        area_code: next.areaCode,
        level: next.level,
        grade: next.grade,
        due_hours: next.dueHours,
        enabled: next.enabled ? 1 : 0,
        updated_by: actor.name,
        updated_at: now,
      };
      await repo.update(id, set);
      await new AuditService(this.ctx).append(
        {
          actor,
          action: 'alert_rule.updated',
          targetType: 'alert_rule',
          targetId: id,
          areaCode: next.areaCode ?? undefined,
          details: { code: cur.code, changed: patch },
        },
        trx,
      );
      return ruleView(parseRule({ ...cur.row, ...set }), true);
    });
  }
}
