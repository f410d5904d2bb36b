import { sql } from 'kysely';
import type { AppContext } from '../../context';
import { DomainError, validationError, why } from '../../errors';
import { newId } from '../../lib/ids';
import { Access, Scope } from '../access';
import { testingGuards } from '../access/guards.testing';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import type { TestingTables } from './testing.table';

/**
 * A city-scoped operator who is not lab staff (the CLI import of a lab's file, the city's admin):
 * may act for any lab. Lab staff act only through their posting, whatever their area scope.
 */
export function isCityOperator(actor: Actor): boolean {
  return actor.role !== 'lab' && Scope.of(actor).isCity;
}

/**
 * Who may act for lab `labCode` (receive its boxes, post its results): its own staff (posted to
 * it), or a city operator. An area official, or a lab worker posted elsewhere or nowhere, may not.
 */
export function actsForLab(actor: Actor, labCode: string): boolean {
  return Scope.of(actor).worksAt('lab', labCode) || isCityOperator(actor);
}

/** 送: tubes sealed into transport boxes, handed over to a named lab, received there with a count check. */
export class TransportService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  /** Only the site that holds the tubes (its staff, or an official over its area) boxes them. */
  async sealBox(actor: Actor, input: { code: string; roundId: string; siteCode: string; tubeBarcodes: string[] }): Promise<{ id: string; tubes: number }> {
    if (!input.tubeBarcodes.length) throw validationError({ tubeBarcodes: why('min_items', 'a box holds at least one tube', { limit: 1 }) });
    const now = this.ctx.clock.nowIso();
    return this.ctx.db.transaction().execute(async (trx) => {
      const access = new Access(trx, Scope.of(actor));
      await access.ensure('sampling_site', input.siteCode, 'write');
      await access.ensure('round', input.roundId);
      if (await trx.selectFrom('boxes').select('id').where('code', '=', input.code).executeTakeFirst())
        throw new DomainError('ALREADY_EXISTS', `Box ${input.code} already exists`);
      // Tubes of another site or round are "unknown" here: a site learns nothing of others' tubes.
      const tubes = await trx
        .selectFrom('tubes')
        .select(['barcode', 'status', 'box_code'])
        .where('barcode', 'in', input.tubeBarcodes)
        .where('site_code', '=', input.siteCode)
        .where('round_id', '=', input.roundId)
        .execute();
      const missing = input.tubeBarcodes.filter((b) => !tubes.some((t) => t.barcode === b));
      if (missing.length)
        throw validationError({
          tubeBarcodes: why('not_this_site_tubes', `not tubes of this site and round: ${missing.slice(0, 20).join(', ')}`, {
            barcodes: missing.slice(0, 20).join(', '),
          }),
        });
      const boxed = tubes.filter((t) => t.box_code);
      if (boxed.length)
        throw new DomainError(
          'TUBE_ALREADY_BOXED',
          `Tubes already in a box: ${boxed
            .map((t) => `${t.barcode}→${t.box_code}`)
            .slice(0, 20)
            .join(', ')}`,
        );
      const id = newId();
      await trx
        .insertInto('boxes')
        .values({
          id,
          code: input.code,
          round_id: input.roundId,
          site_code: input.siteCode,
          tube_count: input.tubeBarcodes.length,
          sealed_at: now,
          handed_over_at: null,
          received_at: null,
          lab_code: null,
          received_count: null,
          discrepancy: null,
        })
        .execute();
      // Sealing a box also seals tubes still open (a box is never sent with an open tube).
      await trx.updateTable('tubes').set({ box_code: input.code, status: 'boxed' }).where('barcode', 'in', input.tubeBarcodes).execute();
      await trx.updateTable('tubes').set({ sealed_at: now }).where('barcode', 'in', input.tubeBarcodes).where('sealed_at', 'is', null).execute();
      await this.audit.append(
        {
          actor,
          action: 'testing.box_sealed',
          targetType: 'box',
          targetId: input.code,
          details: { roundId: input.roundId, site: input.siteCode, tubes: input.tubeBarcodes },
        },
        trx,
      );
      return { id, tubes: input.tubeBarcodes.length };
    });
  }

  /** The site hands the box to transport, naming the lab it goes to: from now on that lab sees it and its tubes. */
  async handOver(actor: Actor, code: string, labCode: string): Promise<void> {
    await this.ctx.db.transaction().execute(async (trx) => {
      await new Access(trx, Scope.of(actor)).ensure('box', code, 'write');
      const box = await trx.selectFrom('boxes').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
      if (box.handed_over_at) throw new DomainError('BOX_STATE', `Box ${code} was already handed over at ${box.handed_over_at}`);
      // The destination must be a lab this site may send to (one whose area touches the caller's scope).
      await new Access(trx, Scope.of(actor)).ensure('lab', labCode);
      await trx.updateTable('boxes').set({ handed_over_at: this.ctx.clock.nowIso(), lab_code: labCode }).where('id', '=', box.id).execute();
      await trx.updateTable('tubes').set({ status: 'in_transit', lab_code: labCode }).where('box_code', '=', code).execute();
      await this.audit.append(
        { actor, action: 'testing.box_handed_over', targetType: 'box', targetId: code, details: { lab: labCode, tubes: box.tube_count } },
        trx,
      );
    });
  }

  /** Lab receipt: the scanned tubes are compared with the box's list; any difference is flagged, never dropped. */
  async receive(actor: Actor, code: string, input: { labCode: string; tubeBarcodes?: string[]; count?: number }) {
    const scope = Scope.of(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      // A lab sees only boxes sent to it; the site that sent the box may see it but not receive it.
      await new Access(trx, scope).ensure('box', code);
      if (!actsForLab(actor, input.labCode)) throw new DomainError('FORBIDDEN', `You do not work at lab ${input.labCode}`, { field: 'labCode' });
      const box = await trx.selectFrom('boxes').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
      if (!box.handed_over_at || !box.lab_code) throw new DomainError('BOX_STATE', `Box ${code} has not been handed over to a lab`);
      if (box.lab_code !== input.labCode) throw new DomainError('BOX_STATE', `Box ${code} was sent to another lab`, { field: 'labCode' });
      if (box.received_at) throw new DomainError('BOX_STATE', `Box ${code} was already received at ${box.received_at}`);
      const inBox = (await trx.selectFrom('tubes').select('barcode').where('box_code', '=', code).execute()).map((t) => t.barcode);
      const scanned = input.tubeBarcodes ?? null;
      const inBoxSet = new Set(inBox);
      const scannedSet = new Set(scanned ?? []);
      const missing = scanned ? inBox.filter((b) => !scannedSet.has(b)) : [];
      const extra = scanned ? scanned.filter((b) => !inBoxSet.has(b)) : [];
      const count = scanned ? scanned.length : (input.count ?? inBox.length);
      const discrepancy =
        missing.length || extra.length || count !== box.tube_count ? JSON.stringify({ expected: box.tube_count, received: count, missing, extra }) : null;
      const now = this.ctx.clock.nowIso();
      await trx.updateTable('boxes').set({ received_at: now, received_count: count, discrepancy }).where('id', '=', box.id).execute();
      await trx.updateTable('tubes').set({ status: 'received' }).where('box_code', '=', code).where('status', '!=', 'resulted').execute();
      await this.audit.append(
        {
          actor,
          action: discrepancy ? 'testing.box_received_with_discrepancy' : 'testing.box_received',
          targetType: 'box',
          targetId: code,
          details: { lab: input.labCode, ...(discrepancy ? (JSON.parse(discrepancy) as Record<string, unknown>) : { count }) },
        },
        trx,
      );
      return { code, expected: box.tube_count, received: count, missing, extra, flagged: !!discrepancy };
    });
  }

  /** The round's boxes the caller may see: their sites' boxes, or the boxes sent to their lab. */
  async listBoxes(actor: Actor, roundId: string): Promise<Array<TestingTables['boxes']>> {
    const scope = Scope.of(actor);
    await new Access(this.ctx.db, scope).ensure('round', roundId);
    const rows = await sql<TestingTables['boxes']>`select t.* from boxes t where t.round_id = ${roundId} and ${testingGuards.box.read(scope)}
      order by t.sealed_at desc limit 1000`.execute(this.ctx.db);
    return rows.rows;
  }

  /** Boxes sent to the labs the caller works at and not yet received (the lab's intake queue). */
  async incoming(actor: Actor): Promise<Array<TestingTables['boxes']>> {
    const labs = Scope.of(actor).siteCodes('lab');
    if (labs.length === 0) return [];
    return this.ctx.db
      .selectFrom('boxes')
      .selectAll()
      .where('lab_code', 'in', labs)
      .where('received_at', 'is', null)
      .orderBy('handed_over_at')
      .limit(1000)
      .execute();
  }

  newBoxCode(): string {
    return `BOX-${newId().slice(-12)}`;
  }
}
