import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { AREAS, newPerson, seedAreas } from '../../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../../test/harness';
import { HOUR } from '../../../lib/clock';
import { newId } from '../../../lib/ids';
import type { Actor } from '../../auth/actor';
import { permissionsOf, type Role } from '../../auth/permissions';
import type { CliKit } from '../../module';
import { registerSurveillanceCommands } from '../surveillance.commands';
import { CountsService } from './counts.service';
import { LineListService } from './line-list.service';
import { SentinelsService } from './sentinels.service';

const actor = (role: Role, scope: string[], sites: Actor['sites'] = []): Actor => ({
  kind: 'user',
  id: `u-${role}-${scope.join()}`,
  name: `${role}@${scope.join()}`,
  role,
  permissions: permissionsOf(role),
  scope,
  sites,
});

for (const dialect of testDialects()) {
  describe(`[${dialect}] sentinels, counts and line lists (issue 14 items 1, 2)`, () => {
    let t: TestContext;
    let dir: string;
    const officialA = actor('area_official', [AREAS.streetA]);
    const officialB = actor('area_official', [AREAS.streetB]);
    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epigrid-sentinels-'));
    });
    afterAll(async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      await t.close();
    });

    async function epigrid(...args: string[]): Promise<unknown> {
      const printed: unknown[] = [];
      const kit: CliKit = { withContext: (fn) => fn(t.ctx), print: (_json, value) => void printed.push(value), actor: () => t.admin };
      const program = new Command('epigrid').exitOverride();
      registerSurveillanceCommands(program, kit);
      await program.parseAsync(['node', 'epigrid', ...args]);
      return printed[0];
    }
    const csv = (name: string, ...lines: string[]) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, ['sentinel_code,date,indicator,count', ...lines].join('\n') + '\n');
      return f;
    };
    const pharmacy = async (code: string, area: string = AREAS.communityA) => {
      const r = (await epigrid(
        'sentinel',
        'create',
        '--code',
        code,
        '--type',
        'pharmacy',
        '--area',
        area,
        '--name',
        `药店${code}`,
        '--owner',
        '王药师',
        '--owner-phone',
        '13912345678',
        '--json',
      )) as { id: string };
      return r.id;
    };

    it('creates a sentinel by CLI and prints {id}; an unknown type names the field; another street is refused', async () => {
      const id = await pharmacy('PH-CREATE');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const row = await t.ctx.db.selectFrom('sentinels').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.owner_phone_masked).toBe('139****5678');
      expect(row.owner_phone_enc).not.toContain('13912345678');
      const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('target_id', '=', id).execute();
      expect(audit.map((a) => a.action)).toContain('sentinel.created');
      await expect(new SentinelsService(t.ctx).create(t.admin, { code: 'X1', type: 'bakery', areaCode: AREAS.communityA })).rejects.toMatchObject({
        details: { fields: { type: expect.stringContaining('unknown sentinel type') } },
      });
      await expect(new SentinelsService(t.ctx).create(officialB, { code: 'X2', type: 'pharmacy', areaCode: AREAS.communityA })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    });

    it('imports counts keeping the good rows; each bad row names its field and reason', async () => {
      await pharmacy('PH-IMP');
      const file = csv(
        'counts.csv',
        'PH-IMP,2026-05-05,fever_drugs,12',
        'PH-IMP,2026-05-05,cough_drugs,-1',
        'PH-IMP,2026-05-05,antiviral_drugs,1.5',
        'PH-IMP,2026-05-07,fever_drugs,3',
        'NOPE,2026-05-05,fever_drugs,3',
        'PH-IMP,2026-05-05,absent_fever,3',
        'PH-IMP,2026-05-04,fever_drugs,4',
        'PH-IMP,2026-05-04,fever_drugs,5',
        'PH-IMP,2026-05-03,antibiotic_drugs,2',
      );
      const errors = path.join(dir, 'errors.csv');
      expect(await epigrid('import', 'sentinel-counts', file, '--errors', errors, '--json')).toEqual({ accepted: 2, rejected: 7, updated: 0 });
      const report = fs.readFileSync(errors, 'utf8');
      expect(report).toContain('3,count,must not be negative');
      expect(report).toContain('4,count,must be a whole number');
      expect(report).toContain('5,date,is in the future (today is 2026-05-06)');
      expect(report).toContain('6,sentinel_code,unknown sentinel');
      expect(report).toMatch(/7,indicator,"?not an indicator of this sentinel/);
      expect(report).toMatch(/8,count,"?contradicted by a later row/);
      expect(report).toMatch(/9,count,"?contradicts row 8/);
    });

    it('a correction keeps the old value in history; the same count again changes nothing', async () => {
      const id = await pharmacy('PH-CORR');
      expect(await epigrid('import', 'sentinel-counts', csv('c1.csv', 'PH-CORR,2026-05-05,fever_drugs,7'), '--json')).toEqual({
        accepted: 1,
        rejected: 0,
        updated: 0,
      });
      expect(await epigrid('import', 'sentinel-counts', csv('c2.csv', 'PH-CORR,2026-05-05,fever_drugs,9'), '--json')).toEqual({
        accepted: 1,
        rejected: 0,
        updated: 1,
      });
      const again = await new CountsService(t.ctx).batch(t.admin, [{ sentinelCode: 'PH-CORR', date: '2026-05-05', indicator: 'fever_drugs', count: 9 }]);
      expect(again).toMatchObject({ accepted: 1, updated: 0, unchanged: 1 });
      const current = await t.ctx.db.selectFrom('sentinel_counts').selectAll().where('sentinel_id', '=', id).executeTakeFirstOrThrow();
      expect([current.count, current.revision]).toEqual([9, 2]);
      const history = await t.ctx.db
        .selectFrom('sentinel_count_history')
        .select(['old_count', 'new_count'])
        .where('sentinel_id', '=', id)
        .orderBy('changed_at')
        .orderBy('id')
        .execute();
      expect(history).toEqual([
        { old_count: null, new_count: 7 },
        { old_count: 7, new_count: 9 },
      ]);
    });

    it('counts are written only for sentinels in reach: another street’s reads as unknown; a posted reporter reports by phone', async () => {
      await pharmacy('PH-REACH');
      const r = await new CountsService(t.ctx).batch(officialB, [{ sentinelCode: 'PH-REACH', date: '2026-05-06', indicator: 'fever_drugs', count: 3 }]);
      expect(r).toMatchObject({ accepted: 0, rejected: 1, errors: [{ row: 1, column: 'sentinel_code' }] });
      const pharmacist = actor('sentinel_reporter', [], [{ kind: 'sentinel', code: 'PH-REACH' }]);
      expect((await new SentinelsService(t.ctx).mine(pharmacist)).map((s) => s.code)).toEqual(['PH-REACH']);
      const phone = await new CountsService(t.ctx).phone(pharmacist, 'PH-REACH', { fever_drugs: 4, cough_drugs: 2, antiviral_drugs: 0, antibiotic_drugs: 1 });
      expect(phone).toMatchObject({ accepted: 4, rejected: 0 });
      const rows = await t.ctx.db
        .selectFrom('sentinel_counts as c')
        .innerJoin('sentinels as s', 's.id', 'c.sentinel_id')
        .select(['c.date', 'c.count'])
        .where('s.code', '=', 'PH-REACH')
        .execute();
      expect(rows).toHaveLength(4);
      expect(new Set(rows.map((x) => x.date))).toEqual(new Set(['2026-05-06']));
    });

    it('the phone page’s "today" is the local date in EPIGRID_TZ, not UTC', async () => {
      await pharmacy('PH-TZ');
      const pharmacist = actor('sentinel_reporter', [], [{ kind: 'sentinel', code: 'PH-TZ' }]);
      t.clock.set('2026-05-06T17:30:00.000Z'); // 01:30 on 7 May in Shanghai
      try {
        await new CountsService(t.ctx).phone(pharmacist, 'PH-TZ', { fever_drugs: 1 });
        const row = await t.ctx.db
          .selectFrom('sentinel_counts as c')
          .innerJoin('sentinels as s', 's.id', 'c.sentinel_id')
          .select('c.date')
          .where('s.code', '=', 'PH-TZ')
          .executeTakeFirstOrThrow();
        expect(row.date).toBe('2026-05-07');
      } finally {
        t.clock.set('2026-05-06T02:00:00.000Z');
      }
    });

    it('not-reported lists sentinels without today’s count with the owner’s masked phone; the clear phone is an audited reveal', async () => {
      const id = await pharmacy('PH-NR', AREAS.communityA);
      await pharmacy('PH-NR-B', AREAS.communityB);
      const list = await new SentinelsService(t.ctx).notReported(officialA);
      const mine = list.items.find((i) => i.code === 'PH-NR');
      expect(mine).toMatchObject({ ownerName: '王药师', ownerPhoneMasked: '139****5678', lastReported: null });
      expect(list.items.some((i) => i.code === 'PH-NR-B')).toBe(false);
      await new CountsService(t.ctx).batch(t.admin, [{ sentinelCode: 'PH-NR', date: '2026-05-06', indicator: 'fever_drugs', count: 1 }]);
      expect((await new SentinelsService(t.ctx).notReported(officialA)).items.some((i) => i.code === 'PH-NR')).toBe(false);
      await expect(new SentinelsService(t.ctx).revealOwnerPhone(officialB, id, '核实未报告')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await new SentinelsService(t.ctx).revealOwnerPhone(officialA, id, '核实未报告')).toEqual({ phone: '13912345678' });
      const audit = await t.ctx.db
        .selectFrom('audit_log')
        .select(['action', 'reason'])
        .where('target_id', '=', id)
        .where('action', '=', 'sentinel.owner_phone_revealed')
        .execute();
      expect(audit).toEqual([{ action: 'sentinel.owner_phone_revealed', reason: '核实未报告' }]);
    });

    it('line lists: matched by keyed hash, handed off to the home area, scoped, overdue after the deadline, linked to a later positive', async () => {
      await pharmacy('PH-LL', AREAS.communityB); // a pharmacy in street B
      const resident = await newPerson(t); // lives in street A
      const pharmacist = actor('sentinel_reporter', [], [{ kind: 'sentinel', code: 'PH-LL' }]);
      const r = await new LineListService(t.ctx).report(pharmacist, 'PH-LL', [
        { idNumber: resident.idNumber, reason: 'fever_drugs' },
        { idNumber: '320706198001010000', reason: 'fever_drugs' },
        { idNumber: resident.idNumber, reason: 'bread' },
      ]);
      expect(r).toMatchObject({ accepted: 1, matched: 1, handedOff: 1 });
      expect(r.errors.map((e) => [e.row, e.column])).toEqual([
        [2, 'idNumber'],
        [3, 'reason'],
      ]);
      const stored = await t.ctx.db.selectFrom('sentinel_line_reports').selectAll().where('sentinel_code', '=', 'PH-LL').executeTakeFirstOrThrow();
      expect(JSON.stringify(stored)).not.toContain(resident.idNumber);
      expect(stored).toMatchObject({ person_id: resident.id, home_area_code: AREAS.buildingA, test_deadline: '2026-05-08T02:00:00.000Z' });
      const handoff = await t.ctx.db.selectFrom('handoffs').selectAll().where('subject_id', '=', stored.id).executeTakeFirstOrThrow();
      expect(handoff).toMatchObject({ kind: 'sentinel_report', area_code: AREAS.buildingA, person_id: resident.id });

      const svc = new LineListService(t.ctx);
      expect((await svc.list(officialA)).map((x) => x.id)).toContain(stored.id);
      expect((await svc.list(pharmacist)).map((x) => x.id)).toEqual([stored.id]);
      expect((await svc.list(officialB)).map((x) => x.id)).not.toContain(stored.id);
      expect(await svc.list(officialA, { overdue: true })).toEqual([]);

      t.clock.advance(49 * HOUR);
      try {
        const overdue = await svc.list(officialA, { overdue: true });
        expect(overdue.map((x) => [x.id, x.idNumberMasked])).toEqual([[stored.id, `${resident.idNumber.slice(0, 4)}**********${resident.idNumber.slice(-4)}`]]);
        // A sample taken after the report clears it; its positive result links back.
        const tubeId = newId();
        await t.ctx.db
          .insertInto('tubes')
          .values({
            id: tubeId,
            barcode: `T${tubeId.slice(0, 8)}`,
            round_id: 'r',
            site_code: 'S1',
            pool_size: 1,
            sample_count: 1,
            is_recheck: 0,
            status: 'resulted',
            first_sampled_at: t.clock.nowIso(),
            sealed_at: null,
            box_code: null,
            result: 'positive',
            ct_n: 20,
            ct_orf1ab: 21,
            lab_code: 'L1',
            resulted_at: '2026-05-08T09:00:00.000Z',
            result_conflict: 0,
          })
          .execute();
        await t.ctx.db
          .insertInto('samples')
          .values({
            id: newId(),
            round_id: 'r',
            tube_id: tubeId,
            person_id: resident.id,
            area_code: AREAS.buildingA,
            grid_key: AREAS.gridA,
            site_code: 'S1',
            collector: null,
            collected_at: t.clock.nowIso(),
          })
          .execute();
        expect(await svc.list(officialA, { overdue: true })).toEqual([]);
        const linked = (await svc.list(officialA)).find((x) => x.id === stored.id)!;
        expect(linked).toMatchObject({ testedAt: t.clock.nowIso(), positiveAt: '2026-05-08T09:00:00.000Z' });
      } finally {
        t.clock.set('2026-05-06T02:00:00.000Z');
      }
    });
  });
}
