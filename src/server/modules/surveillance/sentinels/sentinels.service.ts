import type { Kysely } from 'kysely';
import type { Sentinel, SentinelCreate, SentinelMap, SentinelType } from '../../../../contract/surveillance';
import type { AppContext } from '../../../context';
import type { DB } from '../../../db/schema';
import { DomainError, validationError, why } from '../../../errors';
import { isValidMobile } from '../../../lib/id-number';
import { newId } from '../../../lib/ids';
import { addDays, localDate } from '../../../lib/local-time';
import { maskPhone } from '../../../lib/masking';
import { Access, Scope } from '../../access';
import { AuditService } from '../../audit/audit.service';
import { can, type Actor } from '../../auth/actor';
import type { SentinelRow, SentinelTypeRow } from '../surveillance.table';
import { SentinelRepository } from './sentinel.repository';
import { placeOf, positionErrors } from './position';
import { indicatorsOf, toSentinel, toSentinelType } from './sentinel-view';

/** Sentinel points (哨点): registered by their area, listed in scope, their owner's phone revealed only with an audit entry. */
export class SentinelsService {
  constructor(private readonly ctx: AppContext) {}

  private repo(trx: Kysely<DB>, actor: Actor): SentinelRepository {
    return new SentinelRepository(trx, Scope.of(actor));
  }

  /** Today's local date in the configured zone (EPIGRID_TZ): what "today" means for daily counts. */
  today(): string {
    return localDate(this.ctx.clock.now(), this.ctx.config.timeZone);
  }

  async types(): Promise<SentinelType[]> {
    return (await new SentinelRepository(this.ctx.db, Scope.city('integrity')).types()).map(toSentinelType);
  }

  async create(actor: Actor, input: SentinelCreate): Promise<{ id: string }> {
    const scope = Scope.of(actor);
    scope.ensureCovers(input.areaCode, 'area');
    if (input.ownerPhone !== undefined && !isValidMobile(input.ownerPhone))
      throw validationError({ ownerPhone: why('mobile', 'must be an 11-digit mobile number') });
    return this.ctx.db.transaction().execute(async (trx) => {
      const repo = new SentinelRepository(trx, scope);
      const type = await repo.type(input.type);
      if (!type) {
        const known = (await repo.types()).map((t) => t.code).join(', ');
        throw validationError({ type: `unknown sentinel type (types: ${known})` });
      }
      const area = await trx.selectFrom('areas').select(['code', 'centroid_lon', 'centroid_lat']).where('code', '=', input.areaCode).executeTakeFirst();
      if (!area) throw validationError({ area: why('unknown', 'unknown area') });
      const centroid = area.centroid_lon !== null && area.centroid_lat !== null ? { lng: area.centroid_lon, lat: area.centroid_lat } : null;
      const bad = positionErrors(input, centroid);
      if (Object.keys(bad).length) throw validationError(bad);
      // Codes are unique city-wide; the answer says only that the code is taken (integrity rule).
      const taken = await new SentinelRepository(trx, Scope.city('integrity')).byCodes([input.code]);
      if (taken.size) throw new DomainError('CONFLICT', `Sentinel code ${input.code} is already taken`, { field: 'code' });
      const row: SentinelRow = {
        id: newId(),
        code: input.code,
        type: input.type,
        name: input.name ?? `${type.name_zh} ${input.code}`,
        area_code: input.areaCode,
        owner_name: input.ownerName ?? null,
        owner_phone_enc: input.ownerPhone ? this.ctx.pii.encrypt(input.ownerPhone) : null,
        owner_phone_masked: input.ownerPhone ? maskPhone(input.ownerPhone) : null,
        indicators: input.indicators ? JSON.stringify([...new Set(input.indicators)]) : null,
        active: 1,
        lng: input.lng ?? null,
        lat: input.lat ?? null,
        created_by: actor.name,
        created_at: this.ctx.clock.nowIso(),
      };
      await repo.insert(row);
      await new AuditService(this.ctx).append(
        {
          actor,
          action: 'sentinel.created',
          targetType: 'sentinel',
          targetId: row.id,
          areaCode: row.area_code,
          details: { code: row.code, type: row.type, indicators: indicatorsOf(row, type) },
        },
        trx,
      );
      return { id: row.id };
    });
  }

  async list(actor: Actor, area?: string): Promise<Sentinel[]> {
    const scope = Scope.of(actor);
    const narrowed = area ? scope.within(area) : scope;
    const repo = new SentinelRepository(this.ctx.db, narrowed);
    const types = new Map((await repo.types()).map((t) => [t.code, t]));
    return (await repo.list()).map((s) => toSentinel(s, types.get(s.type)));
  }

  /**
   * The sentinel map: each sentinel in scope at its own point or its area's centroid, coloured by
   * today: an alarm (a raised signal for today or yesterday, the nightly run's day) wins over
   * reported (any count for today) and not reported. One query.
   */
  async map(actor: Actor, area?: string): Promise<SentinelMap> {
    const today = this.today();
    const rows = await new SentinelRepository(this.ctx.db, Scope.of(actor).within(area)).mapRows(today, addDays(today, -1));
    const items: SentinelMap['items'] = [];
    for (const r of rows) {
      const at = placeOf({ lng: r.lng, lat: r.lat }, { lng: r.area_lng, lat: r.area_lat });
      if (!at) continue;
      const status = Number(r.alarm) ? 'alarm' : Number(r.reported) ? 'reported' : 'not_reported';
      items.push({ id: r.id, code: r.code, name: r.name, type: r.type, areaCode: r.area_code, lng: at.lng, lat: at.lat, placed: at.placed, status });
    }
    return { date: today, items, unplaced: rows.length - items.length };
  }

  /** The sentinels an actor reports for: the ones they are posted to, else those of their areas. */
  async mine(actor: Actor): Promise<Sentinel[]> {
    const posted = Scope.of(actor).siteCodes('sentinel');
    const all = await this.list(actor);
    return posted.length ? all.filter((s) => posted.includes(s.code)) : all;
  }

  async get(actor: Actor, id: string, trx: Kysely<DB> = this.ctx.db): Promise<{ row: SentinelRow; type: SentinelTypeRow | undefined }> {
    await new Access(trx, Scope.of(actor)).ensure('sentinel', id);
    const repo = this.repo(trx, actor);
    const row = (await repo.byId(id))!;
    return { row, type: await repo.type(row.type) };
  }

  /** The owner's phone in clear: pii:reveal, a reason, and an audit entry in the same transaction. */
  async revealOwnerPhone(actor: Actor, id: string, reason: string): Promise<{ phone: string | null }> {
    if (!can(actor, 'pii:reveal')) throw new DomainError('FORBIDDEN', 'Permission pii:reveal is required', { permission: 'pii:reveal' });
    if (reason.trim().length < 2) throw validationError({ reason: why('required', 'say why you need to see the phone') });
    return this.ctx.db.transaction().execute(async (trx) => {
      const { row } = await this.get(actor, id, trx);
      await new AuditService(this.ctx).append(
        {
          actor,
          action: 'sentinel.owner_phone_revealed',
          targetType: 'sentinel',
          targetId: id,
          areaCode: row.area_code,
          reason: reason.trim(),
          details: { code: row.code },
        },
        trx,
      );
      return { phone: row.owner_phone_enc ? this.ctx.pii.decrypt(row.owner_phone_enc) : null };
    });
  }

  /** 未报告: active sentinels in scope (or the requested area) with no count for `date` (default today), with their owner. */
  async notReported(actor: Actor, area?: string, date?: string) {
    const day = date ?? this.today();
    const rows = await new SentinelRepository(this.ctx.db, Scope.of(actor).within(area)).notReported(day);
    return {
      date: day,
      items: rows.map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name,
        type: r.type,
        areaCode: r.area_code,
        ownerName: r.owner_name,
        ownerPhoneMasked: r.owner_phone_masked,
        lastReported: r.last_reported ?? null,
      })),
    };
  }
}
