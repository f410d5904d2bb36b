import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { addMs, MINUTE } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { sendHandoffs } from '../access';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { PeopleService } from '../people/people.service';
import type { TestingTables, TubeResult } from './testing.table';
import { checkInstant, type RejectedRow, instantWhy } from './testing.errors';
import { actsForLab, isCityOperator } from './transport.service';
import { CoverageCounters } from './coverage-counters.repository';
import { SampleSettler } from './sample-settle';
import { why, type Why } from '../../errors';
import { rowProblem } from '../../lib/import-report';

export interface ResultInput {
  tubeBarcode: string;
  result: string;
  ctN?: number | null;
  ctOrf1ab?: number | null;
  testedAt: string;
  labCode: string;
  /** File row number, for the error report. */
  row?: number;
}

export interface ResultsOutcome {
  accepted: number;
  unchanged: number;
  conflicts: Array<{ row: number; tube: string; kept: string; received: string }>;
  rejected: RejectedRow[];
  positivePools: string[];
  rechecksCreated: number;
}

const RESULTS: TubeResult[] = ['negative', 'positive', 'suspected'];
type Tube = TestingTables['tubes'];
/** What a batch of results leaves to settle in coverage: the people whose tubes came back, the new positive pools. */
interface SettleBatch {
  people: Array<{ round_id: string; person_id: string }>;
  positivePools: Tube[];
}

/** 检 → 报: lab results; a positive or suspected pool fans out to 单管复核 for every member. */
export class ResultsService {
  private readonly audit: AuditService;
  constructor(private readonly ctx: AppContext) {
    this.audit = new AuditService(ctx);
  }

  async recordResults(actor: Actor, rows: readonly ResultInput[], firstRow = 1): Promise<ResultsOutcome> {
    const now = this.ctx.clock.nowIso();
    const out: ResultsOutcome = { accepted: 0, unchanged: 0, conflicts: [], rejected: [], positivePools: [], rechecksCreated: 0 };
    const reject = (i: number, column: string, reason: Why | string) => out.rejected.push(rowProblem(rows[i]?.row ?? firstRow + i, column, reason));
    await this.ctx.db.transaction().execute(async (trx) => {
      const barcodes = [...new Set(rows.map((r) => r.tubeBarcode))];
      const tubes = new Map<string, Tube>();
      for (let i = 0; i < barcodes.length; i += 5000)
        for (const t of await trx
          .selectFrom('tubes')
          .selectAll()
          .where('barcode', 'in', barcodes.slice(i, i + 5000))
          .execute())
          tubes.set(t.barcode, t);
      const labCodes = [...new Set(rows.map((r) => r.labCode))];
      const labs = new Set((labCodes.length ? await trx.selectFrom('labs').select('code').where('code', 'in', labCodes).execute() : []).map((l) => l.code));
      // Labs receive tubes from everywhere (Scope.city('lab-intake')), narrowed to the tubes sent
      // to the lab the caller works at: checked once per lab, then per tube against its lab_code.
      const operator = isCityOperator(actor);
      const mine = new Set(labCodes.filter((l) => actsForLab(actor, l)));
      const accepted: string[] = [];
      const settle: SettleBatch = { people: [], positivePools: [] };
      for (const [i, r] of rows.entries()) {
        const found = tubes.get(r.tubeBarcode);
        // A tube not sent to this lab is unknown to its staff; a city-scoped operator may result
        // a tube not yet routed (the lab's file is the first the system hears of it), never one
        // sent to another lab.
        const tube = found && (found.lab_code === r.labCode || (operator && found.lab_code === null)) ? found : undefined;
        const when = checkInstant(r.testedAt, now);
        // Unknown labs and labs the caller does not work at get the same answer, naming no code;
        // so do unknown tubes and tubes not sent to the caller's lab.
        if (!labs.has(r.labCode) || !mine.has(r.labCode)) reject(i, 'lab_code', why('not_your_lab', 'not a lab you work at'));
        else if (!tube)
          reject(
            i,
            'tube_barcode',
            why('unknown_tube', found && operator ? `tube ${r.tubeBarcode} was sent to another lab` : 'unknown tube (never sampled, or not sent to this lab)'),
          );
        else if (!RESULTS.includes(r.result as TubeResult))
          reject(i, 'result', why('one_of', 'must be negative, positive or suspected', { values: 'negative, positive, suspected' }));
        else if (when) reject(i, 'tested_at', instantWhy(when));
        else if (new Date(r.testedAt).toISOString() < tube.first_sampled_at)
          reject(i, 'tested_at', why('before_sampled', `is before the tube was sampled (${tube.first_sampled_at})`));
        else if ((r.ctN != null && (r.ctN < 0 || r.ctN > 50)) || (r.ctOrf1ab != null && (r.ctOrf1ab < 0 || r.ctOrf1ab > 50)))
          reject(i, 'ct_n', why('max_value', 'Ct values must be between 0 and 50', { limit: 50 }));
        else
          await this.applyOne(
            trx,
            actor,
            tube,
            { ...r, result: r.result as TubeResult, testedAt: new Date(r.testedAt).toISOString() },
            rows[i]?.row ?? i + firstRow,
            out,
            accepted,
            settle,
          );
      }
      await this.settleCoverage(trx, settle);
      if (accepted.length || out.conflicts.length)
        await this.audit.append(
          {
            actor,
            action: 'testing.results_recorded',
            targetType: 'lab',
            targetId: labCodes.filter((l) => mine.has(l)).join(','),
            details: { accepted: accepted.length, tubes: accepted, conflicts: out.conflicts.length, rejected: out.rejected.length },
          },
          trx,
        );
    });
    return out;
  }

  private async applyOne(
    trx: Kysely<DB>,
    actor: Actor,
    tube: Tube,
    r: ResultInput & { result: TubeResult },
    row: number,
    out: ResultsOutcome,
    accepted: string[],
    settle: SettleBatch,
  ): Promise<void> {
    const now = this.ctx.clock.nowIso();
    if (tube.result === r.result) {
      out.unchanged++;
      return;
    }
    const conflict = tube.result !== null;
    await trx
      .insertInto('tube_results')
      .values({
        id: newId(),
        tube_id: tube.id,
        result: r.result,
        ct_n: r.ctN ?? null,
        ct_orf1ab: r.ctOrf1ab ?? null,
        tested_at: r.testedAt,
        lab_code: r.labCode,
        conflict: conflict ? 1 : 0,
        created_at: now,
      })
      .execute();
    if (conflict) {
      // Never overwrite silently: keep the first result, flag the tube, report both.
      await trx.updateTable('tubes').set({ result_conflict: 1 }).where('id', '=', tube.id).execute();
      out.conflicts.push({ row, tube: tube.barcode, kept: tube.result as string, received: r.result });
      await this.audit.append(
        {
          actor,
          action: 'testing.result_conflict',
          targetType: 'tube',
          targetId: tube.barcode,
          details: { kept: tube.result, received: r.result, lab: r.labCode },
        },
        trx,
      );
      return;
    }
    await trx
      .updateTable('tubes')
      .set({ result: r.result, ct_n: r.ctN ?? null, ct_orf1ab: r.ctOrf1ab ?? null, lab_code: r.labCode, resulted_at: r.testedAt, status: 'resulted' })
      .where('id', '=', tube.id)
      .execute();
    tube.result = r.result;
    tube.lab_code = r.labCode;
    out.accepted++;
    accepted.push(tube.barcode);
    const members = await trx.selectFrom('samples').select(['person_id', 'grid_key', 'area_code']).where('tube_id', '=', tube.id).execute();
    // Coverage is settled for the whole batch afterwards (people, not tubes): see settleCoverage.
    const flagged = r.result !== 'negative';
    for (const m of members) settle.people.push({ round_id: tube.round_id, person_id: m.person_id });
    if (flagged && !tube.is_recheck) settle.positivePools.push(tube);
    if (tube.is_recheck) await this.closeRecheck(trx, actor, tube, r.result);
    else if (flagged) {
      out.positivePools.push(tube.barcode);
      out.rechecksCreated += await this.openRechecks(trx, actor, tube, members);
    }
  }

  /**
   * The batch's people settle their outcome once (a re-check tube moves its one person; a pool its
   * members), and the sites' positive-pool counters move by the batch's new positive pools.
   */
  private async settleCoverage(trx: Kysely<DB>, settle: SettleBatch): Promise<void> {
    // Outcomes move people already counted in their round: samples not yet settled are counted first.
    await new SampleSettler(this.ctx).settleIn(trx, [...new Set(settle.people.map((p) => p.round_id))]);
    await new CoverageCounters(trx, this.ctx.database).settle(settle.people);
    const perSite = new Map<string, TestingTables['round_site_counters']>();
    for (const t of settle.positivePools) {
      const k = `${t.round_id}|${t.site_code}`;
      const c = perSite.get(k) ?? { round_id: t.round_id, site_code: t.site_code, area_code: '', tubes: 0, pools_positive: 0 };
      c.pools_positive++;
      perSite.set(k, c);
    }
    if (perSite.size === 0) return;
    const areas = new Map(
      (
        await trx
          .selectFrom('sampling_sites')
          .select(['code', 'area_code'])
          .where('code', 'in', [...new Set([...perSite.values()].map((c) => c.site_code))])
          .execute()
      ).map((x) => [x.code, x.area_code]),
    );
    await new CoverageCounters(trx, this.ctx.database).addSiteTubes([...perSite.values()].map((c) => ({ ...c, area_code: areas.get(c.site_code) ?? '' })));
  }

  /**
   * A positive or suspected pool: every member goes under temporary control (reason = the tube)
   * and gets a re-check owned by their grid's grid worker, with locate and result deadlines.
   */
  private async openRechecks(
    trx: Kysely<DB>,
    actor: Actor,
    tube: Tube,
    members: Array<{ person_id: string; grid_key: string; area_code: string }>,
  ): Promise<number> {
    const round = await trx.selectFrom('test_rounds').select(['locate_minutes', 'result_minutes']).where('id', '=', tube.round_id).executeTakeFirstOrThrow();
    const now = this.ctx.clock.nowIso();
    const grids = [...new Set(members.map((m) => m.grid_key))];
    const owners = new Map(
      (
        await trx
          .selectFrom('area_responsibles')
          .select(['area_code', 'name', 'user_id'])
          .where('duty', '=', 'grid_worker')
          .where('area_code', 'in', grids)
          .execute()
      ).map((o) => [o.area_code, o]),
    );
    const rows = members.map((m) => ({
      id: newId(),
      round_id: tube.round_id,
      pool_tube_id: tube.id,
      person_id: m.person_id,
      area_code: m.area_code,
      owner_name: owners.get(m.grid_key)?.name ?? null,
      owner_id: owners.get(m.grid_key)?.user_id ?? null,
      status: 'to_locate' as const,
      created_at: now,
      locate_deadline: addMs(now, round.locate_minutes * MINUTE),
      result_deadline: addMs(now, round.result_minutes * MINUTE),
      located_at: null,
      resampled_at: null,
      single_tube_barcode: null,
      resulted_at: null,
    }));
    if (rows.length)
      await trx
        .insertInto('rechecks')
        .values(rows)
        .onConflict((oc) => oc.columns(['pool_tube_id', 'person_id']).doNothing())
        .execute();
    // Each re-check belongs to the person's home area (it carries their area code). Members who
    // live outside the site's area reach their own area by hand-off; the lab and the site see
    // only counts, never their names.
    const site = await trx.selectFrom('sampling_sites').select(['code', 'area_code']).where('code', '=', tube.site_code).executeTakeFirst();
    const elsewhere = rows.filter((x) => !site || !x.area_code.startsWith(site.area_code));
    const handedOff = await sendHandoffs(
      this.ctx,
      trx,
      actor,
      site?.area_code ?? null,
      elsewhere.map((x) => ({
        areaCode: x.area_code,
        kind: 'sampled_elsewhere' as const,
        personId: x.person_id,
        subjectType: 'recheck',
        subjectId: x.id,
        message: `贵辖区居民在采样点 ${tube.site_code} 采样，混管 ${tube.barcode} ${tube.result === 'positive' ? '阳性' : '可疑阳性'}，请落地单管复核`,
      })),
    );
    await new PeopleService(this.ctx).changeControlStatus(
      actor,
      {
        personIds: members.map((m) => m.person_id),
        to: 'temporary_control',
        reason: `混管 ${tube.barcode} ${tube.result === 'positive' ? '阳性' : '可疑阳性'}，待单管复核`,
        evidence: { type: 'tube', id: tube.barcode },
        onlyFrom: ['none'],
      },
      trx,
    );
    await this.audit.append(
      {
        actor,
        action: 'testing.positive_pool',
        targetType: 'tube',
        targetId: tube.barcode,
        details: { result: tube.result, members: members.length, rechecks: rows.map((x) => x.id), people: rows.map((x) => x.person_id), handedOff },
      },
      trx,
    );
    return rows.length;
  }

  /** A single-tube re-check result: positive → case candidate; negative → release when all re-checks are negative. */
  private async closeRecheck(trx: Kysely<DB>, actor: Actor, tube: Tube, result: TubeResult): Promise<void> {
    const recheck = await trx.selectFrom('rechecks').selectAll().where('single_tube_barcode', '=', tube.barcode).executeTakeFirst();
    if (!recheck) return;
    const status = result === 'negative' ? 'negative' : 'positive';
    await trx.updateTable('rechecks').set({ status, resulted_at: this.ctx.clock.nowIso() }).where('id', '=', recheck.id).execute();
    const people = new PeopleService(this.ctx);
    if (status === 'positive') {
      await people.changeControlStatus(
        actor,
        { personIds: [recheck.person_id], to: 'case_candidate', reason: `单管复核 ${tube.barcode} 阳性`, evidence: { type: 'tube', id: tube.barcode } },
        trx,
      );
      return;
    }
    const open = await trx
      .selectFrom('rechecks')
      .select('id')
      .where('person_id', '=', recheck.person_id)
      .where('status', 'not in', ['negative'])
      .executeTakeFirst();
    if (!open)
      await people.changeControlStatus(
        actor,
        {
          personIds: [recheck.person_id],
          to: 'none',
          reason: `单管复核 ${tube.barcode} 阴性，解除临时管控`,
          evidence: { type: 'tube', id: tube.barcode },
          onlyFrom: ['temporary_control'],
        },
        trx,
      );
  }
}
