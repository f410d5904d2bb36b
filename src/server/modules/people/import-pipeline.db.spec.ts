import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { AREAS, newIdNumber, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { WORKER_FROM_BYTES } from './import-pipeline';
import { importPeople, type ImportResult } from './people-import';

const HEADER = 'id_number,name,sex,birth_date,phone,area_code,address,household,tags';
const text = (lines: string[]) => [HEADER, ...lines].join('\n');

/** Rows of every kind the import must tell apart, with fresh ID numbers each call. */
function mixedRows(): string[] {
  const [a, b, c] = [newIdNumber(), newIdNumber(), newIdNumber()];
  const bad = `${b.slice(0, 17)}${b.endsWith('0') ? '1' : '0'}`;
  return [
    `${a},张伟,,,13800000001,${AREAS.buildingA},郁州花园1号楼101,H1,cold_chain|driver`,
    `${bad},李娜,,,13800000002,${AREAS.buildingA},,,`,
    `${c},王芳,,,12345,${AREAS.buildingA},,,`,
    `${newIdNumber()},赵强,,,,999999999999999999,,,`,
    `${a},张伟重复,,,,${AREAS.buildingA},,,`,
    `${newIdNumber()},刘洋,,,13800000005,${AREAS.buildingB},,H2,`,
    `${newIdNumber()},陈静,X,,,${AREAS.buildingB},,,unknown_tag`,
  ];
}

const shape = (r: ImportResult) => ({ ...r, errors: r.errors.map((e) => `${e.row}:${e.column}`).sort() });

async function personIndexes(t: TestContext): Promise<string[]> {
  const q =
    t.ctx.dialect === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'persons' and name not like 'sqlite_%'`
      : sql<{
          name: string;
        }>`select indexname as name from pg_indexes where tablename = 'persons' and indexname like 'persons_%' and indexname not like '%_pkey' and indexname not like '%_key'`;
  return (await q.execute(t.ctx.db)).rows.map((r) => r.name).sort();
}

for (const dialect of testDialects()) {
  describe(`[${dialect}] people import on a worker thread`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
    });
    afterAll(() => t.close());

    it('gives the same outcome as the in-process path, from an upload and from a file', async () => {
      const inline = await importPeople(t.ctx, t.admin, Readable.from([Buffer.from(text(mixedRows()))]), undefined, { worker: false });
      const upload = await importPeople(t.ctx, t.admin, Readable.from([Buffer.from(text(mixedRows()))]), undefined, { worker: true });
      const file = path.join(os.tmpdir(), `eg-pipeline-${process.pid}.csv`);
      fs.writeFileSync(file, text(mixedRows()));
      const fromFile = await importPeople(t.ctx, t.admin, file, undefined, { worker: true });
      fs.rmSync(file);
      expect(shape(inline)).toMatchObject({ accepted: 2, rejected: 5 });
      expect(shape(upload)).toEqual(shape(inline));
      expect(shape(fromFile)).toEqual(shape(inline));
    });

    it('reads XLSX and GBK CSV on the worker too', async () => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('s');
      ws.addRow(HEADER.split(','));
      ws.addRow([newIdNumber(), '孙悦', '', '', '13900000009', AREAS.buildingA, '', '', 'medical']);
      ws.addRow(['123', '坏行', '', '', '', AREAS.buildingA, '', '', '']);
      const file = path.join(os.tmpdir(), `eg-pipeline-${process.pid}.xlsx`);
      await wb.xlsx.writeFile(file);
      expect(await importPeople(t.ctx, t.admin, file, undefined, { worker: true })).toMatchObject({ accepted: 1, rejected: 1 });
      fs.rmSync(file);
      const gbk = iconv.encode(text([`${newIdNumber()},欧阳娜娜,,,,${AREAS.buildingA},海州区,,`]), 'gbk');
      expect(await importPeople(t.ctx, t.admin, Readable.from([gbk]), undefined, { worker: true })).toMatchObject({ accepted: 1, rejected: 0 });
      const stored = await t.ctx.db.selectFrom('persons').select('name').where('name', '=', '欧阳娜娜').execute();
      expect(stored).toHaveLength(1);
    });

    it('passes the worker’s file errors on with their code', async () => {
      await expect(importPeople(t.ctx, t.admin, Readable.from([Buffer.from('id,name\n1,x')]), undefined, { worker: true })).rejects.toMatchObject({
        code: 'BAD_HEADER',
        message: expect.stringMatching(/missing id_number, area_code/),
      });
      await expect(importPeople(t.ctx, t.admin, Readable.from([Buffer.from(HEADER)]), undefined, { worker: true })).rejects.toMatchObject({
        code: 'EMPTY_FILE',
      });
    });

    it('takes a big upload over HTTP (the size that goes to the worker) and keeps every good row', async () => {
      const street = '海州区郁州街道某某小区'.repeat(18); // long addresses: a 4 MB file in ~17,000 rows
      const rows = Array.from({ length: Math.ceil(WORKER_FROM_BYTES / 240) + 500 }, (_, i) => `${newIdNumber()},大文件${i},,,,${AREAS.buildingA},${street},,`);
      rows.push('123,坏行,,,,,,,');
      const file = Buffer.from(text(rows).replace(/\n/g, '\r\n'));
      expect(file.length).toBeGreaterThan(WORKER_FROM_BYTES);
      const boundary = '----egbig';
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n`),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const { cookie } = await t.loginAs('admin');
      const r = await (
        await t.app()
      ).inject({ method: 'POST', url: '/api/v1/people/import', headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({
        accepted: rows.length - 1,
        rejected: 1,
        errors: expect.arrayContaining([expect.objectContaining({ row: rows.length + 1, column: 'id_number' })]),
      });
    });

    it('a big load into a small registry rebuilds the deferred indexes and counts households right', async () => {
      const before = await personIndexes(t);
      expect(before).toEqual(expect.arrayContaining(['persons_area', 'persons_household', 'persons_name', 'persons_phone']));
      const area = await t.ctx.db.selectFrom('areas').select(['households', 'population']).where('code', '=', AREAS.buildingB).executeTakeFirstOrThrow();
      // H2 already has a member (first test); HB9 is new; two people of HB9 arrive in the same file.
      const rows = [
        `${newIdNumber()},周一,,,,${AREAS.buildingB},,H2,`,
        `${newIdNumber()},周二,,,,${AREAS.buildingB},,HB9,`,
        `${newIdNumber()},周三,,,,${AREAS.buildingB},,HB9,`,
      ];
      // A file (the CLI's path): uploads never defer the indexes, so the server stays responsive.
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'eg-import-')), 'people.csv');
      fs.writeFileSync(file, text(rows));
      expect(await importPeople(t.ctx, t.admin, file, undefined, { worker: true })).toMatchObject({ accepted: 3 });
      expect(await personIndexes(t)).toEqual(before);
      const after = await t.ctx.db.selectFrom('areas').select(['households', 'population']).where('code', '=', AREAS.buildingB).executeTakeFirstOrThrow();
      expect(Number(after.population) - Number(area.population)).toBe(3);
      expect(Number(after.households) - Number(area.households)).toBe(1);
    });
  });
}
