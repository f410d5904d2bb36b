import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REASON_CODES } from '../../contract/errors';
import { enReasons, reasonWords, zhReasons } from '../../contract/reason-words';
import { AREAS, seedAreas } from '../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../test/harness';
import { importReportCsv } from '../lib/import-report';

const HEADER = 'id_number,name,sex,birth_date,phone,area_code,address,household,tags';

/** A multipart upload of CSV lines, as the web sends it. */
function upload(lines: string[]) {
  const boundary = '----eg-report';
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\nContent-Type: text/csv\r\n\r\n${[HEADER, ...lines].join('\r\n')}\r\n--${boundary}--\r\n`;
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body };
}

describe('import report words', () => {
  it('has Chinese and English words for every reason code, with the same figures', () => {
    const figures = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const code of REASON_CODES) expect([code, figures(zhReasons[code])]).toEqual([code, figures(enReasons[code])]);
  });

  it('fills the figures in and keeps the documented English columns by default', () => {
    expect(reasonWords('zh', 'duplicate_row', { first: 5 })).toBe('与本文件第 5 行重复');
    const rows = [
      { row: 6, column: 'id_number', reason: 'duplicate of row 5 in this file', reasonCode: 'duplicate_row' as const, reasonFigures: { first: 5 } },
    ];
    expect(importReportCsv(rows).trim().split('\n')).toEqual(['row,column,reason,reason_code', '6,id_number,duplicate of row 5 in this file,duplicate_row']);
    expect(importReportCsv(rows, 'zh').trim().split('\n')).toEqual(['行号,列,原因,原因代码', '6,id_number,与本文件第 5 行重复,duplicate_row']);
  });
});

for (const dialect of testDialects()) {
  describe(`[${dialect}] import row reports over HTTP`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
    });
    afterAll(() => t.close());

    it('an import answers each refused row with its reason code; the report comes back in English, or in Chinese with lang=zh', async () => {
      const { cookie } = await t.loginAs('area_official', [AREAS.streetA]);
      const app = await t.app();
      const file = upload([`11010519491231002X,,,,,${AREAS.buildingA},,,`, `110105194912310021,某,X,,12345,${AREAS.buildingA},,,`]);
      const res = await app.inject({ method: 'POST', url: '/api/v1/people/import', headers: { cookie, ...file.headers }, payload: file.payload });
      const errors = res.json<{ errors: Array<{ row: number; column: string; reasonCode: string }> }>().errors;
      expect(errors.map((e) => [e.row, e.column, e.reasonCode])).toEqual([
        [2, 'name', 'required'],
        [3, 'sex', 'sex'],
        [3, 'id_number', 'id_number'],
        [3, 'phone', 'mobile'],
      ]);
      const report = async (lang: string) => app.inject({ method: 'POST', url: `/api/v1/imports/report.csv${lang}`, headers: { cookie }, payload: { errors } });
      const en = parse((await report('')).body.replace(/^\ufeff/, '')) as string[][];
      expect(en[0]).toEqual(['row', 'column', 'reason', 'reason_code']);
      expect(en[1]).toEqual(['2', 'name', 'is required', 'required']);
      const zh = parse((await report('?lang=zh')).body.replace(/^\ufeff/, '')) as string[][];
      expect(zh[0]).toEqual(['行号', '列', '原因', '原因代码']);
      expect(zh.slice(1).map((r) => r[2])).toEqual(['必填', '须为 M、F、男 或 女', '身份证号格式不正确', '须为 11 位手机号']);
      expect(zh.flat().join(' ')).not.toContain('12345');
    });

    it('the people and chains exports name their columns in Chinese with lang=zh, the documented names by default', async () => {
      const { cookie } = await t.loginAs('admin');
      const app = await t.app();
      const head = async (url: string) => (await app.inject({ method: 'GET', url, headers: { cookie } })).body.replace(/^\ufeff/, '').split(/\r?\n/)[0];
      expect(await head(`/api/v1/people/export?format=csv&area=${AREAS.streetA}`)).toBe(
        'id_number_masked,name,sex,birth_date,phone_masked,area_code,grid_code,address,household,tags,control_status',
      );
      expect(await head(`/api/v1/people/export?format=csv&area=${AREAS.streetA}&lang=zh`)).toBe(
        '证件号（脱敏）,姓名,性别,出生日期,手机号（脱敏）,区域编码,网格编码,住址,户号,标签,管控状态',
      );
      // The coded values follow the language: words for a reader, the contract's codes for scripts.
      const file = upload([`11010519491231002X,甲某,F,1949-12-31,,${AREAS.buildingA},,,cold_chain|driver`]);
      await app.inject({ method: 'POST', url: '/api/v1/people/import', headers: { cookie, ...file.headers }, payload: file.payload });
      const rowOf = async (url: string) =>
        (parse((await app.inject({ method: 'GET', url, headers: { cookie } })).body.replace(/^\ufeff/, '')) as string[][]).find((r) => r[1] === '甲某');
      const en = await rowOf(`/api/v1/people/export?format=csv&area=${AREAS.streetA}`);
      expect([en?.[2], en?.[9], en?.[10]]).toEqual(['F', 'cold_chain|driver', 'none']);
      const zh = await rowOf(`/api/v1/people/export?format=csv&area=${AREAS.streetA}&lang=zh`);
      expect([zh?.[2], zh?.[9], zh?.[10]]).toEqual(['女', '冷链|司机', '无管控']);
      expect(await head('/api/v1/tracing/chains.csv')).toBe('from,to,link');
      expect(await head('/api/v1/tracing/chains.csv?lang=zh')).toBe('来源,去向,关系');
    });
  });
}
