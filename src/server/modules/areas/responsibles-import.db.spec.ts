import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { Command } from 'commander';
import { AREAS, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { systemActor, type Actor } from '../auth/actor';
import type { CliKit } from '../module';
import { registerOwnerCommands } from '../owners.commands';
import { importResponsibles } from './responsibles-import';

const HEADER = 'area_code,duty,name,title,phone';
const csv = (...lines: string[]) => Readable.from(Buffer.from([HEADER, ...lines].join('\n') + '\n'));

for (const dialect of testDialects()) {
  describe(`[${dialect}] import responsibles (issue 13 item 5)`, () => {
    let t: TestContext;
    let dir: string;
    let admin: string;
    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epigrid-owners-'));
      admin = (await t.loginAs('admin')).cookie;
    });
    afterAll(async () => {
      fs.rmSync(dir, { recursive: true, force: true });
      await t.close();
    });

    async function epigrid(...args: string[]): Promise<unknown> {
      const printed: unknown[] = [];
      const kit: CliKit = { withContext: (fn) => fn(t.ctx), print: (_json, value) => void printed.push(value), actor: () => t.admin };
      const program = new Command('epigrid').exitOverride();
      registerOwnerCommands(program, kit);
      await program.parseAsync(['node', 'epigrid', ...args]);
      return printed[0];
    }
    const file = (name: string, ...lines: string[]) => {
      const p = path.join(dir, name);
      fs.writeFileSync(p, [HEADER, ...lines].join('\n') + '\n');
      return p;
    };
    const get = async (url: string, cookie = admin) => (await (await t.app()).inject({ url: `/api/v1${url}`, headers: { cookie } })).json();
    const gapCodes = async (query: string) => (await get(`/areas/gaps?${query}`)).items.map((g: { code: string }) => g.code);
    const owners = (code: string) => t.ctx.db.selectFrom('area_responsibles').selectAll().where('area_code', '=', code).orderBy('name').execute();

    it('the gaps view (断点、盲区) closes as owners arrive, per duty; a second run changes nothing', async () => {
      expect(await gapCodes('level=grid')).toEqual([AREAS.gridB, AREAS.gridA]);
      expect(await gapCodes('level=community&duty=locality')).toEqual([AREAS.communityB, AREAS.communityA]);
      const lines = [`${AREAS.gridA},grid_worker,王网格,网格员,13700003333`, `${AREAS.communityA},locality,李书记,社区书记,`];
      expect(await epigrid('import', 'responsibles', file('o1.csv', ...lines), '--json')).toEqual({ accepted: 2, rejected: 0, unchanged: 0, updated: 0 });
      expect(await gapCodes('level=grid')).toEqual([AREAS.gridB]);
      expect(await gapCodes('level=community&duty=locality')).toEqual([AREAS.communityB]);
      // A community with a locality owner still lacks its department owner.
      expect(await gapCodes('level=community&duty=department')).toEqual([AREAS.communityB, AREAS.communityA]);
      expect(await epigrid('import', 'responsibles', file('o2.csv', ...lines), '--json')).toEqual({ accepted: 0, rejected: 0, unchanged: 2, updated: 0 });
      expect(await owners(AREAS.gridA)).toHaveLength(1);
    });

    it('a new title or phone updates the owner (audited, no phone in the entry); the phone is masked in answers and revealed only with an audit entry', async () => {
      const first = await importResponsibles(t.ctx, t.admin, csv(`${AREAS.gridB},grid_worker,赵网格,网格员,13700004444`));
      expect(first).toMatchObject({ accepted: 1 });
      const again = await importResponsibles(t.ctx, t.admin, csv(`${AREAS.gridB},grid_worker,赵网格,专职网格员,13700005555`));
      expect(again).toMatchObject({ accepted: 0, updated: 1, unchanged: 0 });
      const [row] = await owners(AREAS.gridB);
      expect(row).toMatchObject({ title: '专职网格员', phone_masked: '137****5555' });
      expect(row?.phone_enc).not.toContain('13700005555');
      const detail = await get(`/areas/${AREAS.gridB}`);
      expect(detail.responsibles).toEqual([expect.objectContaining({ name: '赵网格', phoneMasked: '137****5555' })]);
      expect(JSON.stringify(detail)).not.toContain('13700005555');
      const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'details']).where('area_code', '=', AREAS.gridB).execute();
      expect(audit.map((a) => a.action)).toEqual(['area.responsible_added', 'area.responsible_updated']);
      expect(JSON.stringify(audit)).not.toMatch(/1370000[45]/);

      const reveal = await (
        await t.app()
      ).inject({
        method: 'POST',
        url: `/api/v1/areas/responsibles/${row?.id}/reveal`,
        headers: { cookie: admin },
        payload: { reason: '联系核实' },
      });
      expect(reveal.json()).toEqual({ phone: '13700005555' });
      const revealed = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'area.responsible_phone_revealed').execute();
      expect(revealed).toHaveLength(1);
      expect(revealed[0]).toMatchObject({ area_code: AREAS.gridB, reason: '联系核实' });
      const streetA = (await t.loginAs('area_official', [AREAS.streetA])).cookie;
      const away = await (
        await t.app()
      ).inject({
        method: 'POST',
        url: `/api/v1/areas/responsibles/${row?.id}/reveal`,
        headers: { cookie: streetA },
        payload: { reason: '联系核实' },
      });
      expect(away.statusCode).toBe(404);
    });

    it('names row, field and reason for an unknown duty, an unknown area, an area outside scope and a duplicate; keeps the good rows', async () => {
      const street: Actor = { ...systemActor('street-a'), role: 'area_official', scope: [AREAS.streetA] };
      const r = await importResponsibles(
        t.ctx,
        street,
        csv(
          `${AREAS.streetA},locality,周主任,街道办主任,`,
          `${AREAS.streetA},boss,x,,`,
          `320706022999,unit,x,,`,
          `${AREAS.streetB},unit,x,,`,
          `${AREAS.streetA},department,钱科长,,`,
          `${AREAS.streetA},department,钱科长,,`,
          `${AREAS.streetA},unit,孙,,12345`,
          `,unit,,,`,
        ),
      );
      expect(r).toMatchObject({ accepted: 2, rejected: 6, unchanged: 0, updated: 0 });
      expect(r.errors).toMatchObject([
        { row: 3, column: 'duty', reason: 'unknown duty boss; one of locality, department, unit, grid_worker', reasonCode: 'one_of' },
        { row: 4, column: 'area_code', reason: 'unknown area 320706022999', reasonCode: 'unknown_area' },
        { row: 5, column: 'area_code', reason: 'the area is outside your scope', reasonCode: 'not_in_scope' },
        { row: 7, column: 'name', reason: 'duplicate of row 6 in this file (same area, duty and name)', reasonCode: 'duplicate_row' },
        { row: 8, column: 'phone', reason: 'must be an 11-digit mainland mobile number', reasonCode: 'mobile' },
        { row: 9, column: 'area_code', reason: 'is required', reasonCode: 'required' },
        { row: 9, column: 'name', reason: 'is required', reasonCode: 'required' },
      ]);
      expect((await owners(AREAS.streetA)).map((o) => o.name)).toEqual(['周主任', '钱科长']);
      expect(await owners(AREAS.streetB)).toEqual([]);
    });

    it('uploads over HTTP (multipart) with the same answer; a street official cannot name owners of another street', async () => {
      const streetA = (await t.loginAs('area_official', [AREAS.streetA])).cookie;
      const boundary = '----eg';
      const send = (cookie: string, rows: string) =>
        t.app().then((app) =>
          app.inject({
            method: 'POST',
            url: '/api/v1/areas/responsibles/import',
            headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
            payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="o.csv"\r\nContent-Type: text/csv\r\n\r\n${HEADER}\r\n${rows}\r\n--${boundary}--\r\n`,
          }),
        );
      const ok = await send(streetA, `${AREAS.communityA},unit,吴经理,物业经理,`);
      expect(ok.json()).toEqual({ accepted: 1, rejected: 0, unchanged: 0, updated: 0, errors: [] });
      const away = await send(streetA, `${AREAS.communityB},unit,越界,,`);
      expect(away.json()).toMatchObject({
        accepted: 0,
        rejected: 1,
        errors: [{ row: 2, column: 'area_code', reason: 'the area is outside your scope', reasonCode: 'not_in_scope' }],
      });
      expect(await owners(AREAS.communityB)).toEqual([]);
      const grid = (await t.loginAs('grid_worker', [AREAS.gridA])).cookie;
      expect((await send(grid, `${AREAS.gridA},unit,x,,`)).statusCode).toBe(403);
    });
  });
}
