import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { pressPrint } from './print';
import { adminDesk, loginAs, shot, startServer, type E2EServer } from './server';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

const STAFF_PASSWORD = 'Staff-pass-2026!';
const RESIDENT_ID = '11010519491231002X';
const STREET = '320706022';
const GRID = `${STREET}001001`;
// Two residents of the grid in a pool that turns positive (单管复核), one not yet sampled (应采未采).
const POOLED = ['320706198001010014', '320706198502020026'];
const UNSAMPLED = '32070619900303003X';
const sampledAt = new Date(Date.now() - 3 * 3600_000).toISOString();

describe('testing through the UI: a street official exempts and closes a round; a resident reads their own result on a phone', () => {
  let server: E2EServer;
  let browser: Browser;
  let admin: Page;
  const cli = async (...args: string[]) => (await run(process.execPath, [path.join(root, 'bin/epigrid.js'), ...args], { env: server.env })).stdout;
  const tmp = (name: string, text: string) => {
    const file = path.join(os.tmpdir(), `eg-e2e-${name}-${process.pid}.csv`);
    fs.writeFileSync(file, text);
    return file;
  };

  beforeAll(async () => {
    server = await startServer({ EPIGRID_DEMO_PEOPLE: '2000' });
    await cli(
      'import',
      'people',
      tmp(
        'resident',
        [
          'id_number,name,sex,birth_date,phone,area_code,address,household,tags',
          `${RESIDENT_ID},张小明,,,13800000001,${GRID}001,,,`,
          `${POOLED[0]},钱复核,,,13800000002,${GRID}001,幸福小区1栋101,,`,
          `${POOLED[1]},孙复核,,,13800000003,${GRID}001,幸福小区1栋102,,`,
          `${UNSAMPLED},李未采,,,13800000004,${GRID}001,幸福小区2栋201,,`,
          '',
        ].join('\n'),
      ),
      '--json',
    );
    await cli('round', 'create', '--area', '320706', '--pool-size', '10', '--name', '全市第1轮', '--json');
    const streetRound = JSON.parse(await cli('round', 'create', '--area', STREET, '--pool-size', '10', '--name', '郁州街道第1轮', '--json')).id as string;
    await cli('site', 'create', '--code', 'S01', '--area', STREET, '--teams', '3', '--json');
    await cli('lab', 'create', '--code', 'LAB1', '--area', '320706', '--capacity', '100000', '--json');
    // The resident was sampled this morning and the lab's negative is back.
    await cli('import', 'responsibles', tmp('owners', `area_code,duty,name,title,phone\n${GRID},grid_worker,李网格,网格员,13900000009\n`), '--json');
    await cli(
      'import',
      'samples',
      tmp(
        'samples',
        [
          'round_id,tube_barcode,id_number,site_code,collected_at,collector',
          `${streetRound},TUBE-R1,${RESIDENT_ID},S01,${sampledAt},采样员1`,
          ...POOLED.map((id) => `${streetRound},TUBE-P1,${id},S01,${sampledAt},采样员1`),
          '',
        ].join('\n'),
      ),
      '--json',
    );
    await cli(
      'import',
      'results',
      tmp(
        'results',
        [
          'tube_barcode,result,ct_n,ct_orf1ab,tested_at,lab_code',
          `TUBE-R1,negative,,,${new Date(Date.now() - 3600_000).toISOString()},LAB1`,
          `TUBE-P1,positive,28.5,30.1,${new Date(Date.now() - 3600_000).toISOString()},LAB1`,
          '',
        ].join('\n'),
      ),
      '--json',
    );
    ({ browser, page: admin } = await adminDesk(server));
    const res = await admin.request.post(`${server.url}/api/v1/users`, {
      data: { username: 'street-yz', role: 'area_official', scope: [STREET], displayName: '郁州街道', password: STAFF_PASSWORD, mustChangePassword: false },
    });
    expect(res.status()).toBe(200);
    const gw = await admin.request.post(`${server.url}/api/v1/users`, {
      data: { username: 'grid-li', role: 'grid_worker', scope: [GRID], displayName: '李网格', password: STAFF_PASSWORD, mustChangePassword: false },
    });
    expect(gw.status()).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const pickRound = async (page: Page, name: string) => {
    await page.getByTestId('round-select').click();
    await page.locator('.ant-select-item-option', { hasText: name }).click();
  };

  it('a street official exempts two missing people with a reason, then closes the street round; the city round is refused in Chinese', async () => {
    const desk = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(desk, server.url, 'street-yz', STAFF_PASSWORD);
    await desk.goto(`${server.url}/testing`);
    await pickRound(desk, '郁州街道第1轮');
    await desk.getByTestId('coverage').waitFor();
    const missingBefore = Number((await desk.getByTestId('fig-missing').innerText()).replace(/\D/g, ''));
    // 免采: two people picked on the missing list, one reason for both.
    const rows = desk.locator('.ant-table-row').filter({ has: desk.locator('.ant-checkbox-input') });
    await rows.nth(0).locator('.ant-checkbox-input').check();
    await rows.nth(1).locator('.ant-checkbox-input').check();
    await desk.getByTestId('exempt-open').click();
    await desk.getByTestId('exempt-reason').click();
    await desk.locator('.ant-select-item-option', { hasText: '卧床/行动不便' }).click();
    await desk.getByTestId('exempt-note').fill('上门采样');
    await desk.getByTestId('exempt-submit').click();
    await expect.poll(() => desk.getByTestId('exempt-answer').innerText(), { timeout: 10_000 }).toContain('已登记免采 2 人');
    await expect.poll(() => desk.getByTestId('exemptions').locator('.ant-table-row').count(), { timeout: 10_000 }).toBe(2);
    const exemptions = await desk.getByTestId('exemptions').innerText();
    expect(exemptions).toContain('卧床/行动不便');
    expect(exemptions).toContain('上门采样');
    expect(exemptions).toMatch(/\*{6}/); // masked ID numbers only
    await expect.poll(async () => Number((await desk.getByTestId('fig-missing').innerText()).replace(/\D/g, ''))).toBe(missingBefore - 2);
    await desk.getByTestId('repeats').waitFor();
    await shot(desk, 'testing-ui-exemptions');
    // The missing list prints for the door-to-door round, masked, with the figure the page shows.
    const printed = await pressPrint(desk, 'print-missing', 'missing-list');
    expect(printed).toContain('郁州街道第1轮');
    expect(printed.replace(/[\s,]/g, '')).toContain(String(missingBefore - 2));
    expect(printed).not.toMatch(/\d{17}[\dX]/);
    // 结束轮次: asked first, then the server's answer.
    await desk.getByTestId('round-close').click();
    await desk.getByText('确认结束「郁州街道第1轮」').waitFor();
    await desk.getByRole('button', { name: /确\s?定|OK/ }).click();
    await expect.poll(() => desk.getByTestId('round-close-answer').innerText(), { timeout: 10_000 }).toContain('已结束「郁州街道第1轮」');
    await expect.poll(() => desk.getByTestId('round-status').innerText()).toBe('已结束');
    expect(await desk.getByTestId('round-close').count()).toBe(0);
    await shot(desk, 'testing-ui-closed');
    // Closed too early: 重新开启 asks for a reason (an empty one is refused in Chinese), then reopens.
    await desk.getByTestId('round-reopen').click();
    await desk.locator('.ant-modal-confirm-title', { hasText: '重新开启「郁州街道第1轮」？' }).waitFor();
    expect(await desk.locator('.ant-modal-confirm').count()).toBe(1);
    await desk.getByTestId('reason-ok').click();
    await desk.locator('.ant-message', { hasText: '请选择或填写原因' }).waitFor();
    await desk.getByTestId('reason-input').fill('误操作，尚有居民未采');
    await shot(desk, 'testing-ui-reopen-confirm');
    await desk.getByTestId('reason-ok').click();
    await desk.locator('.ant-message', { hasText: '已重新开启「郁州街道第1轮」' }).waitFor();
    await expect.poll(() => desk.getByTestId('round-status').innerText(), { timeout: 10_000 }).toBe('进行中');
    // 撤销免采 for one of the two: confirmed with a reason; the person is missing again.
    await desk.getByTestId('exemption-undo').first().click();
    await desk.getByText('撤销后此人重新列入应采未采名单', { exact: false }).waitFor();
    await desk.getByTestId('reason-input').fill('本人已返回，可到点采样');
    await desk.getByTestId('reason-ok').click();
    await desk.locator('.ant-message', { hasText: '已撤销' }).waitFor();
    await expect.poll(() => desk.getByTestId('exemptions').locator('.ant-table-row').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(async () => Number((await desk.getByTestId('fig-missing').innerText()).replace(/\D/g, ''))).toBe(missingBefore - 1);
    await shot(desk, 'testing-ui-exemption-undone');
    // Closed again for the day (the refused city round below is the next check).
    await desk.goto(`${server.url}/testing`);
    await pickRound(desk, '郁州街道第1轮');
    await desk.getByTestId('round-close').click();
    await desk.getByRole('button', { name: /确\s?定|OK/ }).click();
    await expect.poll(() => desk.getByTestId('round-status').innerText(), { timeout: 10_000 }).toBe('已结束');
    // The city-wide round reaches beyond the street: the server refuses, said in Chinese.
    await pickRound(desk, '全市第1轮');
    await desk.getByTestId('round-close').click();
    await desk.getByRole('button', { name: /确\s?定|OK/ }).click();
    await expect.poll(() => desk.getByTestId('round-close-answer').innerText(), { timeout: 10_000 }).toContain('超出您的管辖范围');
    expect(await desk.getByTestId('round-status').innerText()).toBe('进行中');
    await shot(desk, 'testing-ui-close-refused');
    // City-wide settings are not a street's.
    expect(await desk.getByRole('tab', { name: '设置' }).count()).toBe(0);
    await desk.close();
  });

  it('the grid worker sees who to find on the missing list and the re-check board (owner, address), and calls them after an audited reveal — on a 375 px phone too', async () => {
    const desk = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(desk, server.url, 'grid-li', STAFF_PASSWORD);
    await desk.goto(`${server.url}/testing`);
    await pickRound(desk, '郁州街道第1轮');
    const row = desk.locator('.ant-table-row', { hasText: '李未采' });
    await desk.locator('.ant-table-row', { hasText: '李网格' }).first().waitFor({ timeout: 15_000 });
    // The demo city's residents of the grid come first (by building, then registration): load more until she shows.
    for (let i = 0; i < 20 && (await row.count()) === 0; i++) {
      await desk.getByRole('button', { name: '加载更多' }).click();
      await desk.waitForTimeout(300);
    }
    expect(await row.innerText()).toContain('李网格');
    expect(await row.innerText()).toContain('幸福小区2栋201');
    expect(await desk.locator('body').innerText()).not.toContain('13800000004');
    await row.getByTestId('call-reveal').click();
    await desk.getByText('每次查看都记入审计日志', { exact: false }).waitFor();
    await desk.getByRole('button', { name: /确\s?定|OK/ }).click();
    await expect.poll(() => row.getByTestId('call-link').getAttribute('href'), { timeout: 10_000 }).toBe('tel:13800000004');
    await shot(desk, 'testing-ui-missing-call');
    await desk.close();

    const phone = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    await loginAs(phone, server.url, 'grid-li', STAFF_PASSWORD);
    await phone.goto(`${server.url}/testing?tab=rechecks`);
    const cards = phone.getByTestId('recheck-card');
    await expect.poll(() => cards.count(), { timeout: 15_000 }).toBe(2);
    expect(await phone.getByTestId('rechecks-table').count()).toBe(0);
    const first = cards.filter({ hasText: '钱复核' });
    expect(await first.innerText()).toContain('幸福小区1栋101');
    expect(await first.innerText()).toContain('李网格');
    await first.getByTestId('call-reveal').click();
    await phone.getByRole('button', { name: /确\s?定|OK/ }).click();
    await expect.poll(() => first.getByTestId('call-link').getAttribute('href'), { timeout: 10_000 }).toBe('tel:13800000002');
    await phone.locator('.ant-modal-confirm').waitFor({ state: 'detached' });
    await shot(phone, 'testing-ui-rechecks-phone');
    // Nothing runs off the side of the phone.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await phone.close();
    // Each reveal is its own audit entry, naming the list it came from and no phone.
    const audit = await admin.evaluate(async () => (await (await fetch('/api/v1/audit?action=person.pii_revealed&limit=50')).json()) as unknown);
    const text = JSON.stringify(audit);
    expect(text.match(/"via":"missing"/g)?.length).toBe(1);
    expect(text.match(/"via":"recheck"/g)?.length).toBe(1);
    expect(text).not.toContain('13800000004');
  });

  it('a city-wide user sees the pool-size suggestion in settings', async () => {
    await admin.goto(`${server.url}/testing`);
    await admin.getByRole('tab', { name: '设置' }).click();
    await admin.getByTestId('pool-size').getByText('建议').waitFor();
    await admin.getByTestId('pool-prevalence').fill('0.05');
    await expect.poll(() => admin.getByTestId('pool-size').locator('tr', { hasText: '建议' }).innerText()).toContain('5合1');
    await shot(admin, 'testing-ui-pool-size');
  });

  it('a resident on a phone, not logged in, gets a code and reads their own result', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, timezoneId: 'America/New_York' });
    await phone.goto(`${server.url}/results`);
    await phone.getByText('核酸检测结果查询').waitFor();
    await phone.getByTestId('resident-id').fill(RESIDENT_ID);
    await phone.getByTestId('resident-get-code').click();
    await phone.getByTestId('resident-code-sent').waitFor();
    // The SMS gateway's outbox holds the code; a wrong one first is refused in Chinese.
    const db = new Database(path.join(server.dataDir, 'epigrid.db'), { readonly: true });
    const sms = db.prepare('select body from outbox order by created_at desc limit 1').get() as { body: string };
    db.close();
    const code = /(\d{8})/.exec(sms.body)?.[1] ?? '';
    expect(code).toHaveLength(8);
    await phone.getByTestId('resident-code').fill(code === '00000000' ? '11111111' : '00000000');
    await phone.getByTestId('resident-look-up').click();
    await expect.poll(() => phone.getByTestId('resident-error').innerText(), { timeout: 10_000 }).toContain('验证码错误或已过期');
    await phone.getByTestId('resident-code').fill(code);
    await phone.getByTestId('resident-look-up').click();
    await phone.getByTestId('own-results').waitFor();
    expect(phone.url()).toContain('/results');
    expect(await phone.getByTestId('own-name').innerText()).toBe('张**');
    const results = phone.getByTestId('own-result');
    expect(await results.count()).toBe(1);
    expect(await results.first().innerText()).toContain('阴性');
    // In the command centre's zone (EPIGRID_TZ, Asia/Shanghai by default), whatever the phone's zone.
    expect(await results.first().innerText()).toContain(new Date(sampledAt).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' }));
    await phone.getByTestId('own-code').waitFor();
    // Nothing beyond what the API answered: no ID number or phone on the page.
    const body = await phone.locator('body').innerText();
    expect(body).not.toContain(RESIDENT_ID);
    expect(body).not.toContain('13800000001');
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await shot(phone, 'testing-ui-resident-phone');
    await phone.close();
  });
});
