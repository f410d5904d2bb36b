import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { makeIdNumber } from '../src/server/lib/id-number';
import { adminDesk, shot, startServer, type E2EServer } from './server';

const HEADER = 'id_number,name,sex,birth_date,phone,area_code,address,household,tags';
const AREA = '320706001001001001';

/** The same ID number with a wrong last (check) character. */
function badCheckDigit(id: string): string {
  return id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
}

/** A people file with three bad rows: a missing name, a bad ID number and phone, an unknown sex and area. */
function badPeopleFile(): { name: string; mimeType: string; buffer: Buffer } {
  const lines = [
    HEADER,
    `${makeIdNumber('320706', '19900101', 21)},,,,,${AREA},,,`,
    `${badCheckDigit(makeIdNumber('320706', '19900101', 22))},某甲,,,12345,${AREA},,,`,
    `${makeIdNumber('320706', '19900101', 23)},某乙,X,,,320706999999,,,`,
  ];
  return { name: 'bad-people.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) };
}

/** The reason cells of the import's error table. */
async function reasonCells(page: Page): Promise<string[]> {
  const table = page.locator('.ant-table', { has: page.getByTestId('import-report') });
  await table.locator('.ant-table-row').first().waitFor();
  return table.locator('.ant-table-row td:nth-child(3)').allInnerTexts();
}

/** Server errors reach a person in their language (issue 12): import rows, a form's field, a conflict. */
describe('errors in the user’s words', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer({ EPIGRID_DEMO_PEOPLE: '1000' });
    ({ browser, page } = await adminDesk(server));
    const status = await page.evaluate(async () => {
      const r = await fetch('/api/v1/testing/labs', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: 'LAB-WORDS', name: '词语检测基地', area: '320706', dailyCapacity: 100 }),
      });
      return r.status;
    });
    expect(status).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** The users dialog, filled as a lab worker at the lab, with the given name and password; saved. */
  async function saveUser(username: string, password: string, save: RegExp): Promise<void> {
    await page.goto(`${server.url}/system/users`);
    await page.getByRole('button', { name: /新建|New/ }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.locator('#username').fill(username);
    await dialog.locator('#displayName').fill('词语');
    await dialog.locator('.ant-select', { has: page.locator('#role') }).click();
    await page
      .locator('.ant-select-item-option', { hasText: /实验室|Laboratory/ })
      .first()
      .click();
    await dialog.locator('.ant-select', { has: page.locator('#sites') }).click();
    await page.locator('.ant-select-item-option', { hasText: '词语检测基地' }).click();
    await dialog.locator('#password').fill(password);
    await dialog.getByRole('button', { name: save }).click();
  }

  it('in Chinese: each refused import row says why in Chinese, the report downloads with Chinese headers and reasons', async () => {
    await page.goto(`${server.url}/people?tab=import`);
    await page.getByTestId('file-input').setInputFiles(badPeopleFile());
    const reasons = await reasonCells(page);
    expect(reasons).toEqual(expect.arrayContaining(['必填', '身份证号格式不正确', '须为 11 位手机号', '须为 M、F、男 或 女']));
    for (const r of reasons) expect(r).not.toMatch(/[A-Za-z]{3,}/); // no English reason, no raw code
    await page.getByTestId('import-result').waitFor();
    await shot(page, 'words-import-zh');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-report').click()]);
    const csv = fs.readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '');
    expect(csv.split(/\r?\n/)[0]).toBe('行号,列,原因,原因代码');
    expect(csv).toContain('须为 11 位手机号');
    expect(csv).not.toContain('12345');
  });

  it('in Chinese: a weak password is refused at its field and a taken user name as a conflict, both in Chinese', async () => {
    await saveUser('words.lab', 'Password12', /保\s*存/);
    const dialog = page.locator('.ant-modal');
    await dialog.getByText('是最常见的密码之一').waitFor();
    await saveUser('admin', 'Words-lab-2026!', /保\s*存/);
    await page.getByText('已存在，不能重复添加').first().waitFor();
    expect(await page.locator('body').innerText()).not.toMatch(/ALREADY_EXISTS|already exists/);
    await shot(page, 'words-conflict-zh');
    await page.keyboard.press('Escape');
  });

  it('in English: the same errors read in English', async () => {
    await page.getByTestId('lang-switch').click();
    await page.goto(`${server.url}/people?tab=import`);
    await page.getByTestId('file-input').setInputFiles(badPeopleFile());
    const reasons = await reasonCells(page);
    expect(reasons).toEqual(expect.arrayContaining(['is required', 'is not a valid ID number', 'must be an 11-digit mobile number', 'must be M, F, 男 or 女']));
    for (const r of reasons) expect(r).not.toMatch(/[\u4e00-\u9fff]{3,}|_/); // no Chinese sentence, no raw code
    await shot(page, 'words-import-en');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-report').click()]);
    expect(
      fs
        .readFileSync(await download.path(), 'utf8')
        .replace(/^\ufeff/, '')
        .split(/\r?\n/)[0],
    ).toBe('row,column,reason,reason_code');
    await saveUser('admin', 'Words-lab-2026!', /save/i);
    await page.getByText('Already exists').first().waitFor();
    expect(await page.locator('body').innerText()).not.toMatch(/ALREADY_EXISTS|已存在/);
    await shot(page, 'words-conflict-en');
  });
});
