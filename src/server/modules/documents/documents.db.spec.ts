import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { maskIdNumber, maskPhone } from '../../lib/masking';
import { AREAS, newPerson, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { AreasService } from '../areas/areas.service';
import { FacilitiesService } from '../quarantine/facilities.service';
import { PlacementsService } from '../quarantine/placements.service';
import { StayService } from '../quarantine/stay.service';
import { TransfersService } from '../quarantine/transfers.service';
import { RoundsService } from '../testing/rounds.service';
import { SamplingService } from '../testing/sampling.service';
import { TransportService } from '../testing/transport.service';
import { Command } from 'commander';
import type { CliKit } from '../module';
import { registerDocumentCommands } from './documents.commands';
import { DocumentsService, type PrintedFile } from './documents.service';

/** pdftotext (poppler-utils) when the machine has it: the text a reader of the page sees. */
const pdftotext = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function pageCount(pdf: Buffer): number {
  // pdfkit writes each page's dictionary uncompressed: `/Type /Page` (the tree is `/Type /Pages`)
  return (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;
}

function textOf(f: PrintedFile): string {
  const file = path.join(os.tmpdir(), `epigrid-doc-${process.pid}-${f.filename}`);
  fs.writeFileSync(file, f.pdf);
  // Kept for a look (pdftoppm -png) when EPIGRID_PRINT_KEEP names a folder.
  if (process.env.EPIGRID_PRINT_KEEP) fs.copyFileSync(file, path.join(process.env.EPIGRID_PRINT_KEEP, f.filename));
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.unlinkSync(file);
  }
}

function expectPdf(f: PrintedFile, pages: number): void {
  expect(f.pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(f.pdf.subarray(-6).toString()).toContain('%%EOF');
  expect(pageCount(f.pdf)).toBe(pages);
}

for (const dialect of testDialects()) {
  describe(`[${dialect}] printed documents`, () => {
    let t: TestContext;
    let docs: DocumentsService;
    let runId = '';
    let livePlacement = '';
    let released = '';
    let roundId = '';
    const streetB = () => ({ ...t.admin, name: 'street-b', scope: [AREAS.streetB] });
    type P = Awaited<ReturnType<typeof newPerson>>;
    const riders: P[] = [];
    const placed: P[] = [];
    const grid: P[] = [];

    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
      docs = new DocumentsService(t.ctx);
      for (let i = 0; i < 3; i++)
        riders.push(await newPerson(t, { name: `转运${'甲乙丙'[i]}某`, phone: `1385550000${i}`, address: `郁州花园1号楼${i + 1}01室` }));
      for (let i = 0; i < 2; i++) placed.push(await newPerson(t, { name: `隔离${'甲乙'[i]}某` }));
      for (let i = 0; i < 40; i++) grid.push(await newPerson(t, { name: `居民${i}`, address: `郁州花园1号楼${(i % 6) + 1}单元` }));
      const site = await new FacilitiesService(t.ctx).create(t.admin, { name: '郁州隔离酒店', type: 'quarantine', areaCode: AREAS.streetA, rooms: 10 });
      const placedOut = await new PlacementsService(t.ctx).placeMany(
        t.admin,
        placed.map((p) => p.id),
        'close-contact',
        { facilityId: site.id },
      );
      [livePlacement, released] = placedOut.placed.map((p) => p.placement_id) as [string, string];
      await new StayService(t.ctx).release(t.admin, released, { override: true, reason: '评估提前解除' });
      const transfers = new TransfersService(t.ctx);
      const vehicle = await transfers.addVehicle(t.admin, { plate: '苏G·YZ001', capacity: 4, driver: '郁司机', areaCode: AREAS.streetA });
      const requested = await transfers.request(t.admin, { personIds: riders.map((r) => r.id), toFacilityId: site.id, reason: 'close-contact' });
      const ids = requested.map((r) => r.id);
      await transfers.advance(t.admin, ids, 'approved');
      runId = (await transfers.assignVehicle(t.admin, ids, vehicle.id)).runId;
      const rounds = new RoundsService(t.ctx);
      roundId = (await rounds.createRound(t.admin, { areas: [AREAS.streetA], poolSize: 10, startsAt: '2026-05-06T00:00:00Z', name: '郁州第3轮' })).id;
      await rounds.createSite(t.admin, { code: 'S01', name: '郁州采样点', area: AREAS.streetA });
      await rounds.createLab(t.admin, { code: 'LAB1', name: '海州检测站', area: AREAS.district, dailyCapacity: 1000 });
      await new AreasService(t.ctx).addResponsible(t.admin, AREAS.gridA, { duty: 'grid_worker', name: '王网格', phone: '13912345678' });
      await new SamplingService(t.ctx).recordSamples(
        t.admin,
        grid.slice(0, 12).map((p, i) => ({
          roundId,
          tubeBarcode: i < 10 ? 'T001' : 'T002',
          idNumber: p.idNumber,
          siteCode: 'S01',
          collectedAt: '2026-05-06T01:00:00.000Z',
        })),
      );
      await new TransportService(t.ctx).sealBox(t.admin, { code: 'BOX1', roundId, siteCode: 'S01', tubeBarcodes: ['T001', 'T002'] });
    });
    afterAll(() => t.close());

    it('转运单: the run in pickup order, masked, audited with who is on it', async () => {
      const f = await docs.transferSheet(t.admin, runId);
      expectPdf(f, 1);
      if (pdftotext) {
        const text = textOf(f);
        expect(text).toContain('人员转运单');
        expect(text).toContain('苏G·YZ001');
        expect(text).toContain(maskIdNumber(riders[0]!.idNumber));
        expect(text).toContain(maskPhone('13855500000'));
        expect(text).toContain('郁州花园1号楼101室');
        expect(text).not.toContain(riders[0]!.idNumber);
        expect(text).not.toContain('13855500000');
      }
      const entry = await t.ctx.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'document.printed')
        .where('target_id', '=', runId)
        .executeTakeFirstOrThrow();
      expect(JSON.parse(entry.details ?? '{}')).toMatchObject({
        document: 'transfer-sheet',
        people: 3,
        personIds: expect.arrayContaining(riders.map((r) => r.id)),
      });
    });

    it('箱单: the tubes of a box, counted', async () => {
      const f = await docs.boxManifest(t.admin, 'BOX1');
      expectPdf(f, 1);
      if (pdftotext) expect(textOf(f)).toMatch(/2 管，12 人份[\s\S]*T001[\s\S]*T002/);
    });

    it('告知书 and 解除证明: name, masked ID, site and period; no certificate before release', async () => {
      const notice = await docs.quarantineNotice(t.admin, livePlacement);
      expectPdf(notice, 1);
      const cert = await docs.releaseCertificate(t.admin, released);
      expectPdf(cert, 1);
      if (pdftotext) {
        const n = textOf(notice);
        expect(n).toContain('隔离甲某');
        expect(n).toContain(maskIdNumber(placed[0]!.idNumber));
        expect(n).not.toContain(placed[0]!.idNumber);
        expect(n).toContain('郁州隔离酒店');
        // dates in the configured zone (Asia/Shanghai): placed at 2026-05-06T02:00Z = 10:00 there
        expect(n).toContain('2026-05-06 10:00');
        expect(textOf(cert)).toMatch(/兹证明隔离乙某[\s\S]*解除隔离/);
      }
      await expect(docs.releaseCertificate(t.admin, livePlacement)).rejects.toMatchObject({ code: 'NOT_RELEASED' });
    });

    it('未采名单: grid by grid with the grid worker (masked phone), over pages', async () => {
      const f = await docs.missingList(t.admin, roundId, AREAS.streetA);
      // 28 grid residents + the 5 others of building A are missing: more than a page
      expect(pageCount(f.pdf)).toBeGreaterThanOrEqual(2);
      if (pdftotext) {
        const text = textOf(f);
        expect(text).toContain('王网格 139****5678');
        expect(text).toContain('郁州第3轮'); // the round by its name, not its id
        expect(text).toContain('居民39');
        expect(text).not.toContain('居民0 ');
        expect(text).toMatch(/第\s*2\s*\/\s*\d+\s*页/);
      }
    });

    it('another street gets 404 for every document, and nothing is audited as printed for it', async () => {
      const before = await t.ctx.db.selectFrom('audit_log').select('seq').where('action', '=', 'document.printed').execute();
      for (const attempt of [
        () => docs.transferSheet(streetB(), runId),
        () => docs.boxManifest(streetB(), 'BOX1'),
        () => docs.quarantineNotice(streetB(), livePlacement),
        () => docs.releaseCertificate(streetB(), released),
        () => docs.missingList(streetB(), roundId, AREAS.streetA),
      ])
        await expect(attempt()).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const after = await t.ctx.db.selectFrom('audit_log').select('seq').where('action', '=', 'document.printed').execute();
      expect(after.length).toBe(before.length);
    });

    it('CLI: epigrid print … --out FILE writes each PDF', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epigrid-print-'));
      const printed: unknown[] = [];
      const kit: CliKit = { withContext: (fn) => fn(t.ctx), print: (_json, value) => void printed.push(value), actor: () => t.admin };
      const program = new Command('epigrid').exitOverride();
      registerDocumentCommands(program, kit);
      const runs: Array<[string[], number]> = [
        [['transfer-sheet', '--run', runId], 1],
        [['box-manifest', '--box', 'BOX1'], 1],
        [['quarantine-notice', '--placement', livePlacement], 1],
        [['release-certificate', '--placement', released], 1],
        [['missing-list', '--round', roundId, '--area', AREAS.gridA], 2],
      ];
      for (const [args, pages] of runs) {
        const out = path.join(dir, `${args[0]}.pdf`);
        await program.parseAsync(['node', 'epigrid', 'print', ...args, '--out', out, '--json']);
        const pdf = fs.readFileSync(out);
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        expect(pageCount(pdf), args[0]).toBe(pages);
      }
      expect(printed[0]).toMatchObject({ document: 'transfer-sheet', file: path.join(dir, 'transfer-sheet.pdf') });
      fs.rmSync(dir, { recursive: true });
    });

    it('HTTP: application/pdf for the permitted, 404 for another street', async () => {
      const app = await t.app();
      const a = await t.loginAs('quarantine_manager', [AREAS.streetA], 'doc-qa');
      const b = await t.loginAs('quarantine_manager', [AREAS.streetB], 'doc-qb');
      const url = `/api/v1/documents/placements/${livePlacement}/notice.pdf`;
      const ok = await app.inject({ method: 'GET', url, headers: { cookie: a.cookie } });
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['content-type']).toBe('application/pdf');
      expect(ok.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect((await app.inject({ method: 'GET', url, headers: { cookie: b.cookie } })).statusCode).toBe(404);
      const sheet = await app.inject({ method: 'GET', url: `/api/v1/documents/transfer-runs/${runId}/sheet.pdf`, headers: { cookie: a.cookie } });
      expect(sheet.statusCode).toBe(200);
    });
  });
}
