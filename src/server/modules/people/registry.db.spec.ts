import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { AREAS, newIdNumber, newPerson, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { importPeople } from './people-import';
import { RegistryService } from './registry.service';

const HEADER = 'id_number,name,sex,birth_date,phone,area_code,address,household,tags';
const csv = (lines: string[]) => Readable.from([Buffer.from([HEADER, ...lines].join('\n'))]);

for (const dialect of testDialects()) {
  describe(`[${dialect}] population registry`, () => {
    let t: TestContext;
    const ids = Array.from({ length: 6 }, () => newIdNumber());
    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
    });
    afterAll(() => t.close());

    it('imports a CSV: reports each bad row with column and reason, commits the good ones', async () => {
      const bad = `${ids[1]?.slice(0, 17)}${ids[1]?.endsWith('0') ? '1' : '0'}`;
      const r = await importPeople(
        t.ctx,
        t.admin,
        csv([
          `${ids[0]},张伟,,,13800000001,${AREAS.buildingA},郁州花园1号楼101,H1,cold_chain|driver`,
          `${bad},李娜,,,13800000002,${AREAS.buildingA},,,`,
          `${ids[2]},王芳,,,12345,${AREAS.buildingA},,,`,
          `${ids[3]},赵强,,,,999999999999999999,,,`,
          `${ids[0]},张伟重复,,,,${AREAS.buildingA},,,`,
          `${ids[4]},刘洋,,,13800000005,${AREAS.buildingB},,H2,`,
          `${ids[5]},陈静,X,,,${AREAS.buildingB},,,unknown_tag`,
        ]),
      );
      expect(r).toMatchObject({ accepted: 2, rejected: 5, unchanged: 0, updated: 0 });
      const byRow = Object.fromEntries(r.errors.map((e) => [e.row, e]));
      expect(byRow[3]).toMatchObject({ column: 'id_number', reason: expect.stringMatching(/check digit/) });
      expect(byRow[4]).toMatchObject({ column: 'phone' });
      expect(byRow[5]).toMatchObject({ column: 'area_code', reason: expect.stringMatching(/unknown area/) });
      expect(byRow[6]).toMatchObject({ column: 'id_number', reason: 'duplicate of row 2 in this file' });
      expect(
        r.errors
          .filter((e) => e.row === 8)
          .map((e) => e.column)
          .sort(),
      ).toEqual(['sex', 'tags']);
    });

    it('re-importing the same file changes nothing; a changed row is an update', async () => {
      const lines = [
        `${ids[0]},张伟,,,13800000001,${AREAS.buildingA},郁州花园1号楼101,H1,cold_chain|driver`,
        `${ids[4]},刘洋,,,13800000005,${AREAS.buildingB},,H2,`,
      ];
      expect(await importPeople(t.ctx, t.admin, csv(lines))).toMatchObject({ accepted: 0, unchanged: 2, updated: 0, rejected: 0 });
      lines[1] = `${ids[4]},刘洋,,,13800000005,${AREAS.buildingA},新地址,H2,`;
      expect(await importPeople(t.ctx, t.admin, csv(lines))).toMatchObject({ accepted: 0, unchanged: 1, updated: 1 });
    });

    it('keeps population counters equal to a fresh count', async () => {
      const areas = await t.ctx.db.selectFrom('areas').select(['code', 'population']).execute();
      for (const a of areas) {
        const n = await t.ctx.db
          .selectFrom('persons')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('area_code', '>=', a.code)
          .where('area_code', '<', `${a.code}~`)
          .executeTakeFirstOrThrow();
        expect([a.code, Number(a.population)]).toEqual([a.code, Number(n.n)]);
      }
    });

    it('reads GBK CSV and XLSX; refuses wrong headers and empty files', async () => {
      const gbk = iconv.encode(`${HEADER}\n${newIdNumber()},欧阳娜娜,,,,${AREAS.buildingA},海州区,,`, 'gbk');
      expect(await importPeople(t.ctx, t.admin, Readable.from([gbk]))).toMatchObject({ accepted: 1, rejected: 0 });
      const hit = await new RegistryService(t.ctx).search(t.admin, { q: '欧阳娜', limit: 5 });
      expect(hit.items[0]?.name).toBe('欧阳娜娜');

      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('s');
      ws.addRow(HEADER.split(','));
      ws.addRow([newIdNumber(), '孙悦', '', '', '13900000009', AREAS.buildingA, '', '', 'medical']);
      ws.addRow(['123', '坏行', '', '', '', AREAS.buildingA, '', '', '']);
      const file = path.join(os.tmpdir(), `eg-${process.pid}.xlsx`);
      await wb.xlsx.writeFile(file);
      expect(await importPeople(t.ctx, t.admin, file)).toMatchObject({ accepted: 1, rejected: 1 });
      fs.rmSync(file);

      await expect(importPeople(t.ctx, t.admin, Readable.from([Buffer.from('id,name\n1,x')]))).rejects.toMatchObject({
        code: 'BAD_HEADER',
        message: expect.stringMatching(/missing id_number, area_code/),
      });
      await expect(importPeople(t.ctx, t.admin, Readable.from([Buffer.alloc(0)]))).rejects.toMatchObject({ code: 'EMPTY_FILE' });
    });

    it('searches by name prefix, ID number and phone, masked and scoped', async () => {
      const reg = new RegistryService(t.ctx);
      const p = await newPerson(t, { name: '周杰明', phone: '13611112222', areaCode: AREAS.buildingB });
      expect((await reg.search(t.admin, { q: '周杰', limit: 10 })).items.map((i) => i.id)).toContain(p.id);
      const byId = await reg.search(t.admin, { q: p.idNumber, limit: 10 });
      expect(byId).toMatchObject({ matchedBy: 'id_number', items: [{ id: p.id, idNumberMasked: expect.stringMatching(/\*{10}/) }] });
      expect((await reg.search(t.admin, { q: '13611112222', limit: 10 })).items[0]?.id).toBe(p.id);
      const streetA = { ...t.admin, scope: [AREAS.streetA] };
      expect((await reg.search(streetA, { q: '周杰', limit: 10 })).items).toHaveLength(0);
      expect((await reg.search(streetA, { q: p.idNumber, limit: 10 })).items).toHaveLength(0);
    });

    it('pages through an area by keyset without gaps or repeats', async () => {
      for (let i = 0; i < 7; i++) await newPerson(t, { areaCode: AREAS.buildingB });
      const reg = new RegistryService(t.ctx);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await reg.search(t.admin, { area: AREAS.streetB, cursor, limit: 3 });
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const total = await t.ctx.db
        .selectFrom('persons')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('area_code', 'like', `${AREAS.streetB}%`)
        .executeTakeFirstOrThrow();
      expect(seen.length).toBe(Number(total.n));
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('reveals identifiers only with a reason, and audits it', async () => {
      const p = await newPerson(t, { phone: '13512345678' });
      const reg = new RegistryService(t.ctx);
      await expect(reg.reveal(t.admin, p.id, '')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await reg.reveal(t.admin, p.id, '流调电话核实')).toEqual({ idNumber: p.idNumber, phone: '13512345678' });
      const a = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'person.pii_revealed').where('target_id', '=', p.id).execute();
      expect(a[0]?.reason).toBe('流调电话核实');
    });

    it('merges a duplicate record with an audit entry and correct counts', async () => {
      const a = await newPerson(t, { name: '吴敏', tags: ['medical'] });
      const b = await newPerson(t, { name: '吴敏', tags: ['driver'] });
      const before = await t.ctx.db.selectFrom('areas').select('population').where('code', '=', AREAS.district).executeTakeFirstOrThrow();
      const merged = await new RegistryService(t.ctx).merge(t.admin, a.id, b.id, '同一人两条记录');
      expect(merged.tags.sort()).toEqual(['driver', 'medical']);
      const after = await t.ctx.db.selectFrom('areas').select('population').where('code', '=', AREAS.district).executeTakeFirstOrThrow();
      expect(Number(after.population)).toBe(Number(before.population) - 1);
      expect(await t.ctx.db.selectFrom('persons').select('id').where('id', '=', b.id).execute()).toHaveLength(0);
    });

    it('never stores an ID number or phone in clear', async () => {
      const p = await newPerson(t, { phone: '13798765432' });
      if (dialect === 'postgres') {
        const dump = await sql<{ t: string }>`select string_agg(x::text, '') as t from (select * from persons) x`.execute(t.ctx.db);
        expect(dump.rows[0]?.t).not.toContain(p.idNumber);
        expect(dump.rows[0]?.t).not.toContain('13798765432');
        const resp = await sql<{ t: string }>`select coalesce(string_agg(x::text, ''), '') as t from (select * from area_responsibles) x`.execute(t.ctx.db);
        expect(resp.rows[0]?.t).not.toContain('13798765432');
        return;
      }
      // SQLite: a file database, checkpointed, searched byte by byte.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-raw-'));
      const file = path.join(dir, 'raw.db');
      await sql.raw(`vacuum into '${file}'`).execute(t.ctx.db);
      const bytes = fs.readFileSync(file);
      expect(bytes.includes(Buffer.from(p.idNumber))).toBe(false);
      expect(bytes.includes(Buffer.from('13798765432'))).toBe(false);
      expect(bytes.includes(Buffer.from(p.idNumberMasked))).toBe(true); // the check can find what is there
      fs.rmSync(dir, { recursive: true, force: true });
    });
  });
}
