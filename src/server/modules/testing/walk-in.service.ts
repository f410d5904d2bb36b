import type { AppContext } from '../../context';
import type { ImportRowProblem } from '../../../contract/errors';
import { DomainError, validationError, why } from '../../errors';
import { newId } from '../../lib/ids';
import { sendHandoffs } from '../access/handoffs';
import { Scope } from '../access';
import { AreaRepository } from '../areas/area.repository';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { buildPersonRow, PersonRepository } from '../people';
import type { WalkInBody, WalkInResult } from '../../../contract/sampling';
import { issueResidentCode } from './resident-code';
import { SamplingService } from './sampling.service';

/** The batch's column names as the walk-in body's fields (a refused sample names the field it came from). */
const FIELD_OF: Record<string, string> = {
  round_id: 'roundId',
  tube_barcode: 'tubeBarcode',
  site_code: 'siteCode',
  collected_at: 'collectedAt',
  id_number: 'person.idNumber',
};

/**
 * 现场登记 (issue 12): someone who is not in the registry walks up to a sampling site. The site
 * registers them (name, ID number, phone, home area and address) and records their sample in ONE
 * transaction: if the sample is refused (tube full, round closed) nobody is registered. A site
 * samples anyone, so it may register a resident of any area; when that area is outside the
 * site's, the home area is told by hand-off (it now holds a resident it did not register).
 * Someone already registered (anywhere) is not registered again: the sample is recorded against
 * the registered person, and the answer says only that they were registered already.
 */
export class WalkInService {
  constructor(private readonly ctx: AppContext) {}

  async register(actor: Actor, body: WalkInBody): Promise<WalkInResult> {
    const now = this.ctx.clock.nowIso();
    const p = body.person;
    const { row, tags } = buildPersonRow(
      this.ctx.pii,
      { idNumber: p.idNumber, name: p.name, phone: p.phone || null, areaCode: p.areaCode, address: p.address || null },
      newId(),
      now,
    );
    const sample = {
      roundId: body.roundId,
      tubeBarcode: body.tubeBarcode,
      idNumber: p.idNumber,
      siteCode: body.siteCode,
      collectedAt: body.collectedAt,
      clientId: body.clientId,
    };
    return this.ctx.db.transaction().execute(async (trx) => {
      // The site first: whether a number is registered is told only to someone working at a site.
      const site = await trx.selectFrom('sampling_sites').select(['code', 'area_code']).where('code', '=', body.siteCode).executeTakeFirst();
      const scope = Scope.of(actor);
      if (!site || !(scope.worksAt('sampling_site', site.code) || scope.covers(site.area_code)))
        throw new DomainError('FORBIDDEN', 'Not a sampling site you work at', { field: 'siteCode' });
      const existing = await new PersonRepository(trx, this.ctx.dialect, Scope.city('integrity')).idsByDocHashes(this.ctx.database, [row.doc_hash]);
      if (existing.size > 0) {
        const result = await new SamplingService(this.ctx).recordSamples(actor, [sample], 1, trx);
        this.ensureAccepted(result.rejected);
        return { registered: false, idNumberMasked: row.doc_masked, residentCode: null, handedOff: false, sample: result };
      }
      const areas = new AreaRepository(trx, this.ctx.dialect);
      if (!(await areas.byCode(row.area_code)))
        throw validationError({ 'person.areaCode': why('unknown_area', 'is not an area of the city', { codes: row.area_code }) });
      // The walk-in rule (a site registers whoever walks up, docs/testing.md) admits exactly this one area.
      await new PersonRepository(trx, this.ctx.dialect, Scope.areas([row.area_code])).insertMany(
        [row],
        tags.map((tag) => ({ tag, area_code: row.area_code, person_id: row.id })),
      );
      await areas.bumpCounters(new Map([[row.area_code, { people: 1, households: 0 }]]));
      await new AuditService(this.ctx).append(
        {
          actor,
          action: 'testing.walk_in_registered',
          targetType: 'person',
          targetId: row.id,
          areaCode: row.area_code,
          details: { site: site.code, roundId: body.roundId, tube: body.tubeBarcode },
        },
        trx,
      );
      const elsewhere = !row.area_code.startsWith(site.area_code);
      if (elsewhere)
        await sendHandoffs(this.ctx, trx, actor, site.area_code, [
          {
            areaCode: row.area_code,
            kind: 'sampled_elsewhere',
            personId: row.id,
            subjectType: 'person',
            subjectId: row.id,
            message: `采样点 ${site.code} 为一位原未在册、自报住在贵辖区的居民现场登记并采样，请核实其信息并纳入管理`,
          },
        ]);
      const result = await new SamplingService(this.ctx).recordSamples(actor, [sample], 1, trx);
      this.ensureAccepted(result.rejected);
      return {
        registered: true,
        idNumberMasked: row.doc_masked,
        residentCode: issueResidentCode(this.ctx.pii, row.id),
        handedOff: elsewhere,
        sample: result,
      };
    });
  }

  /** A refused sample rolls the registration back: the error names the body's field. */
  private ensureAccepted(rejected: readonly ImportRowProblem[]): void {
    const r = rejected[0];
    if (r) throw validationError({ [FIELD_OF[r.column] ?? r.column]: why(r.reasonCode ?? 'invalid', r.reason, r.reasonFigures) });
  }
}
