import type { AppContext } from '../../context';
import { validationError, why } from '../../errors';
import { newId } from '../../lib/ids';
import { Access, Scope } from '../access';
import { AuditService } from '../audit';
import type { Actor } from '../auth/actor';
import type { WorkGroupRow } from './response.table';

export interface WorkGroupView extends WorkGroupRow {
  lead: string | null;
  members: Array<{ user_id: string; name: string }>;
}

/** Work groups (流调溯源、核酸检测、隔离管控、监督检查) of an area, with a lead and members. */
export class WorkGroupsService {
  constructor(private readonly ctx: AppContext) {}

  async list(actor: Actor, area?: string): Promise<WorkGroupView[]> {
    const scope = area ? Scope.of(actor).within(area) : Scope.of(actor);
    const groups = await this.ctx.db
      .selectFrom('work_groups as g')
      .leftJoin('users as u', 'u.id', 'g.lead_user_id')
      .selectAll('g')
      .select('u.display_name as lead')
      .where((eb) => scope.where(eb, 'g.area_code'))
      .orderBy('g.area_code')
      .orderBy('g.code')
      .limit(1000)
      .execute();
    const members = groups.length
      ? await this.ctx.db
          .selectFrom('work_group_members as m')
          .innerJoin('users as u', 'u.id', 'm.user_id')
          .select(['m.group_id', 'm.user_id', 'u.display_name as name'])
          .where(
            'm.group_id',
            'in',
            groups.map((g) => g.id),
          )
          .orderBy('m.added_at')
          .execute()
      : [];
    return groups.map((g) => ({ ...g, members: members.filter((m) => m.group_id === g.id).map((m) => ({ user_id: m.user_id, name: m.name })) }));
  }

  /** Create the group of `code` for an area, or set its name and lead (one group per code and area). */
  async upsert(actor: Actor, input: { code: string; name: string; areaCode: string; leadUserId?: string | null }): Promise<WorkGroupRow> {
    const scope = Scope.of(actor);
    scope.ensureCovers(input.areaCode, 'areaCode');
    return this.ctx.db.transaction().execute(async (trx) => {
      if (input.leadUserId) await this.ensureUserIn(trx, input.leadUserId, input.areaCode, 'leadUserId');
      const prev = await trx.selectFrom('work_groups').selectAll().where('code', '=', input.code).where('area_code', '=', input.areaCode).executeTakeFirst();
      const row: WorkGroupRow = {
        id: prev?.id ?? newId(),
        code: input.code,
        name: input.name,
        area_code: input.areaCode,
        lead_user_id: input.leadUserId ?? prev?.lead_user_id ?? null,
        created_at: prev?.created_at ?? this.ctx.clock.nowIso(),
      };
      if (prev) await trx.updateTable('work_groups').set({ name: row.name, lead_user_id: row.lead_user_id }).where('id', '=', prev.id).execute();
      else await trx.insertInto('work_groups').values(row).execute();
      await new AuditService(this.ctx).append(
        {
          actor,
          action: prev ? 'response.work_group_updated' : 'response.work_group_created',
          targetType: 'work_group',
          targetId: row.id,
          areaCode: row.area_code,
          details: { code: row.code, lead: row.lead_user_id },
        },
        trx,
      );
      return row;
    });
  }

  async addMember(actor: Actor, groupId: string, userId: string): Promise<{ added: boolean }> {
    return this.ctx.db.transaction().execute(async (trx) => {
      await new Access(trx, Scope.of(actor)).ensure('work_group', groupId, 'write');
      const g = await trx.selectFrom('work_groups').selectAll().where('id', '=', groupId).executeTakeFirstOrThrow();
      await this.ensureUserIn(trx, userId, g.area_code, 'userId');
      const res = await trx
        .insertInto('work_group_members')
        .values({ group_id: groupId, user_id: userId, added_at: this.ctx.clock.nowIso() })
        .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
        .executeTakeFirst();
      const added = Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
      if (added)
        await new AuditService(this.ctx).append(
          { actor, action: 'response.work_group_member_added', targetType: 'work_group', targetId: groupId, areaCode: g.area_code, details: { userId } },
          trx,
        );
      return { added };
    });
  }

  /** A lead or member must be an active user whose grant reaches the group's area (else they could not see its tasks). */
  private async ensureUserIn(trx: AppContext['db'], userId: string, areaCode: string, field: string): Promise<void> {
    const grants = await trx
      .selectFrom('principal_areas')
      .select('area_code')
      .where('principal_kind', '=', 'user')
      .where('principal_id', '=', userId)
      .execute();
    const user = await trx.selectFrom('users').select(['id', 'disabled']).where('id', '=', userId).executeTakeFirst();
    const reaches = grants.some((g) => g.area_code === '*' || areaCode.startsWith(g.area_code) || g.area_code.startsWith(areaCode));
    if (!user || user.disabled || !reaches) throw validationError({ [field]: why('unknown', `no active user with that id works in area ${areaCode}`) });
  }
}
