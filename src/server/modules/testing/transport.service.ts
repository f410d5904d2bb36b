import type { AppContext } from '../../context';
import { DomainError, notFound, validationError } from '../../errors';
import { newId } from '../../lib/ids';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';

/** 送: tubes sealed into transport boxes, handed over, received at the lab with a count check. */
export class TransportService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  async sealBox(actor: Actor, input: { code: string; roundId: string; siteCode: string; tubeBarcodes: string[] }): Promise<{ id: string; tubes: number }> {
    if (!input.tubeBarcodes.length) throw validationError({ tubeBarcodes: 'a box holds at least one tube' });
    const now = this.ctx.clock.nowIso();
    return this.ctx.db.transaction().execute(async (trx) => {
      if (await trx.selectFrom('boxes').select('id').where('code', '=', input.code).executeTakeFirst())
        throw new DomainError('ALREADY_EXISTS', `Box ${input.code} already exists`);
      const tubes = await trx.selectFrom('tubes').select(['barcode', 'status', 'box_code']).where('barcode', 'in', input.tubeBarcodes).execute();
      const missing = input.tubeBarcodes.filter((b) => !tubes.some((t) => t.barcode === b));
      if (missing.length) throw validationError({ tubeBarcodes: `unknown tubes: ${missing.slice(0, 20).join(', ')}` });
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
        { actor, action: 'testing.box_sealed', targetType: 'box', targetId: input.code, details: { tubes: input.tubeBarcodes.length } },
        trx,
      );
      return { id, tubes: input.tubeBarcodes.length };
    });
  }

  async handOver(actor: Actor, code: string): Promise<void> {
    await this.ctx.db.transaction().execute(async (trx) => {
      const box = await trx.selectFrom('boxes').selectAll().where('code', '=', code).executeTakeFirst();
      if (!box) throw notFound('Box', code);
      if (box.handed_over_at) throw new DomainError('BOX_STATE', `Box ${code} was already handed over at ${box.handed_over_at}`);
      await trx.updateTable('boxes').set({ handed_over_at: this.ctx.clock.nowIso() }).where('id', '=', box.id).execute();
      await trx.updateTable('tubes').set({ status: 'in_transit' }).where('box_code', '=', code).execute();
      await this.audit.append({ actor, action: 'testing.box_handed_over', targetType: 'box', targetId: code }, trx);
    });
  }

  /** Lab receipt: the scanned tubes are compared with the box's list; any difference is flagged, never dropped. */
  async receive(actor: Actor, code: string, input: { labCode: string; tubeBarcodes?: string[]; count?: number }) {
    return this.ctx.db.transaction().execute(async (trx) => {
      const box = await trx.selectFrom('boxes').selectAll().where('code', '=', code).executeTakeFirst();
      if (!box) throw notFound('Box', code);
      if (box.received_at) throw new DomainError('BOX_STATE', `Box ${code} was already received at ${box.received_at}`);
      if (!(await trx.selectFrom('labs').select('id').where('code', '=', input.labCode).executeTakeFirst()))
        throw validationError({ lab_code: `unknown lab ${input.labCode}` });
      const inBox = (await trx.selectFrom('tubes').select('barcode').where('box_code', '=', code).execute()).map((t) => t.barcode);
      const scanned = input.tubeBarcodes ?? null;
      const missing = scanned ? inBox.filter((b) => !scanned.includes(b)) : [];
      const extra = scanned ? scanned.filter((b) => !inBox.includes(b)) : [];
      const count = scanned ? scanned.length : (input.count ?? inBox.length);
      const discrepancy =
        missing.length || extra.length || count !== box.tube_count ? JSON.stringify({ expected: box.tube_count, received: count, missing, extra }) : null;
      const now = this.ctx.clock.nowIso();
      await trx.updateTable('boxes').set({ received_at: now, lab_code: input.labCode, received_count: count, discrepancy }).where('id', '=', box.id).execute();
      await trx
        .updateTable('tubes')
        .set({ status: 'received', lab_code: input.labCode })
        .where('box_code', '=', code)
        .where('status', '!=', 'resulted')
        .execute();
      await this.audit.append(
        {
          actor,
          action: discrepancy ? 'testing.box_received_with_discrepancy' : 'testing.box_received',
          targetType: 'box',
          targetId: code,
          details: discrepancy ? (JSON.parse(discrepancy) as Record<string, unknown>) : { count },
        },
        trx,
      );
      return { code, expected: box.tube_count, received: count, missing, extra, flagged: !!discrepancy };
    });
  }

  listBoxes(roundId: string) {
    return this.ctx.db.selectFrom('boxes').selectAll().where('round_id', '=', roundId).orderBy('sealed_at', 'desc').limit(1000).execute();
  }

  newBoxCode(): string {
    return `BOX-${newId().slice(-12)}`;
  }
}
