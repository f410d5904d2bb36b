import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { DomainError, validationError, why } from '../../errors';
import { newId } from '../../lib/ids';
import { gridWorkerOf } from './grid-owner';
import { Access, Scope } from '../access';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';

/** 单管复核: locate → single-tube re-sample → result, each step timed against its deadline. */
export class RechecksService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  /** Every re-check of a round in scope, with the person masked and the pool tube. */
  async list(actor: Actor, roundId: string, opts: { overdueOnly?: boolean } = {}) {
    const now = this.ctx.clock.nowIso();
    const scope = Scope.of(actor);
    await new Access(this.ctx.db, scope).ensure('round', roundId);
    let q = this.ctx.db
      .selectFrom('rechecks as r')
      .innerJoin('persons as p', 'p.id', 'r.person_id')
      .innerJoin('tubes as t', 't.id', 'r.pool_tube_id')
      .select([
        'r.id',
        'r.status',
        'r.owner_name',
        'r.created_at',
        'r.locate_deadline',
        'r.result_deadline',
        'r.located_at',
        'r.resampled_at',
        'r.resulted_at',
        'r.single_tube_barcode',
        'r.area_code',
        'p.id as person_id',
        'p.name',
        'p.doc_masked',
        'p.control_status',
        'p.address',
        'p.phone_masked',
        't.barcode as pool_tube',
      ])
      .select(gridWorkerOf('p.area_code').as('grid_worker'))
      .where('r.round_id', '=', roundId)
      .where((eb) => scope.where(eb, 'r.area_code'))
      .orderBy('r.created_at')
      .orderBy('r.id')
      .limit(5000);
    if (opts.overdueOnly)
      q = q.where((eb) =>
        eb.or([
          eb.and([eb('r.status', '=', 'to_locate'), eb('r.locate_deadline', '<', now)]),
          eb.and([eb('r.status', 'in', ['to_locate', 'located', 'resampled']), eb('r.result_deadline', '<', now)]),
        ]),
      );
    const rows = await q.execute();
    return rows.map((r) => ({
      id: r.id,
      person_id: r.person_id,
      name: r.name,
      id_number_masked: r.doc_masked,
      control_status: r.control_status,
      pool_tube: r.pool_tube,
      status: r.status,
      owner: r.owner_name ?? r.grid_worker,
      area_code: r.area_code,
      address: r.address,
      phone_masked: r.phone_masked,
      created_at: r.created_at,
      locate_deadline: r.locate_deadline,
      result_deadline: r.result_deadline,
      located_at: r.located_at,
      resampled_at: r.resampled_at,
      resulted_at: r.resulted_at,
      single_tube: r.single_tube_barcode,
      overdue: (r.status === 'to_locate' && r.locate_deadline < now) || (!['negative', 'positive'].includes(r.status) && r.result_deadline < now),
    }));
  }

  /** The re-check in the caller's transaction, after the one access check (404 outside the person's area). */
  private async load(trx: Kysely<DB>, actor: Actor, id: string) {
    await new Access(trx, Scope.of(actor)).ensure('recheck', id, 'write');
    return trx.selectFrom('rechecks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  async locate(actor: Actor, id: string, note?: string): Promise<void> {
    await this.ctx.db.transaction().execute(async (trx) => {
      const r = await this.load(trx, actor, id);
      if (r.status !== 'to_locate') throw new DomainError('RECHECK_STATE', `Re-check is already ${r.status}`);
      await trx.updateTable('rechecks').set({ status: 'located', located_at: this.ctx.clock.nowIso() }).where('id', '=', id).execute();
      await this.audit.append(
        {
          actor,
          action: 'testing.recheck_located',
          targetType: 'recheck',
          targetId: id,
          areaCode: r.area_code,
          reason: note,
          details: { personId: r.person_id },
        },
        trx,
      );
    });
  }

  /**
   * Take the single-tube sample at a site the caller works at: a pool-of-1 tube linked to the
   * re-check, optionally already addressed to a lab; its result closes the re-check.
   */
  async resample(actor: Actor, id: string, tubeBarcode: string, siteCode: string, labCode?: string): Promise<void> {
    if (!/^[A-Za-z0-9-]{4,40}$/.test(tubeBarcode)) throw validationError({ tube_barcode: why('format', 'must be 4–40 letters, digits or -') });
    const now = this.ctx.clock.nowIso();
    await this.ctx.db.transaction().execute(async (trx) => {
      const r = await this.load(trx, actor, id);
      if (!['to_locate', 'located'].includes(r.status)) throw new DomainError('RECHECK_STATE', `Re-check is already ${r.status}`);
      const access = new Access(trx, Scope.of(actor));
      await access.ensure('sampling_site', siteCode, 'write');
      if (labCode) await access.ensure('lab', labCode);
      if (await trx.selectFrom('tubes').select('id').where('barcode', '=', tubeBarcode).executeTakeFirst())
        throw new DomainError('TUBE_EXISTS', `Tube ${tubeBarcode} is already used`);
      const tubeId = newId();
      await trx
        .insertInto('tubes')
        .values({
          id: tubeId,
          barcode: tubeBarcode,
          round_id: r.round_id,
          site_code: siteCode,
          pool_size: 1,
          sample_count: 1,
          is_recheck: 1,
          status: labCode ? 'in_transit' : 'sealed',
          first_sampled_at: now,
          sealed_at: now,
          box_code: null,
          result: null,
          ct_n: null,
          ct_orf1ab: null,
          lab_code: labCode ?? null,
          resulted_at: null,
          result_conflict: 0,
        })
        .execute();
      await trx
        .insertInto('samples')
        .values({
          id: newId(),
          round_id: r.round_id,
          tube_id: tubeId,
          person_id: r.person_id,
          area_code: r.area_code,
          grid_key: r.area_code.slice(0, 15),
          site_code: siteCode,
          collector: actor.name,
          collected_at: now,
        })
        .execute();
      await trx
        .updateTable('rechecks')
        .set({ status: 'resampled', located_at: r.located_at ?? now, resampled_at: now, single_tube_barcode: tubeBarcode })
        .where('id', '=', id)
        .execute();
      await this.audit.append(
        {
          actor,
          action: 'testing.recheck_resampled',
          targetType: 'recheck',
          targetId: id,
          areaCode: r.area_code,
          details: { personId: r.person_id, tube: tubeBarcode, site: siteCode, lab: labCode ?? null },
        },
        trx,
      );
    });
  }

  async overdueCount(actor: Actor): Promise<number> {
    const now = this.ctx.clock.nowIso();
    const r = await this.ctx.db
      .selectFrom('rechecks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where((eb) => Scope.of(actor).where(eb, 'area_code'))
      .where('status', 'in', ['to_locate', 'located', 'resampled'])
      .where((eb) => eb.or([eb('result_deadline', '<', now), eb.and([eb('status', '=', 'to_locate'), eb('locate_deadline', '<', now)])]))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
