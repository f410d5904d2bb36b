import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { makeIdNumber } from '../src/server/lib/id-number';
import { ADMIN_PASSWORD, launchBrowser, loginAs, shot, startServer, type E2EServer } from './server';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const COMMUNITY = '320706022001';

/** A local date (the server's zone, Asia/Shanghai) `days` from today. */
const localDay = (days: number) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

describe('监测预警 in the browser: a pharmacist reports on the phone page; an epidemiologist sees sentinels, map, chart, not-reported and overdue lists', () => {
  let server: E2EServer;
  let browser: Browser;
  let cookie = '';
  const PHARMACIST = { username: 'yaoshi', password: 'Pharmacist-pass-123' };
  const EPI = { username: 'liubing', password: 'Epidemiologist-pass-123' };
  const buyer = makeIdNumber('320706', '19790312', 411);
  const cli = async (...args: string[]) => (await run(process.execPath, [path.join(root, 'bin/epigrid.js'), ...args], { env: server.env })).stdout;
  const api = async (method: string, url: string, body: unknown) =>
    fetch(`${server.url}/api/v1${url}`, { method, headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(body) });
  const tmp = (name: string, text: string) => {
    const f = path.join(os.tmpdir(), `eg-e2e-${process.pid}-${name}`);
    fs.writeFileSync(f, text);
    return f;
  };

  beforeAll(async () => {
    server = await startServer({ EPIGRID_DEMO_PEOPLE: '1000' });
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    cookie = String(login.headers.get('set-cookie')).split(';')[0] ?? '';
    // PH-SPIKE stands about 300 m north-east of the community's centre, where the other two are drawn.
    const area = (await (await fetch(`${server.url}/api/v1/areas/${COMMUNITY}`, { headers: { cookie } })).json()) as {
      centroidLon: number;
      centroidLat: number;
    };
    const [lng, lat] = [String(area.centroidLon + 0.003), String(area.centroidLat + 0.002)];
    // Three pharmacies of one community: one with a spike yesterday (placed at its own point), one that
    // will report on the phone today, one that never reports (at the community centroid).
    await cli(
      'sentinel',
      'create',
      '--code',
      'PH-SPIKE',
      '--type',
      'pharmacy',
      '--area',
      COMMUNITY,
      '--name',
      '郁州大药房',
      '--lng',
      lng,
      '--lat',
      lat,
      '--json',
    );
    await cli('sentinel', 'create', '--code', 'PH-PHONE', '--type', 'pharmacy', '--area', COMMUNITY, '--name', '仁和药店', '--owner', '王药师', '--json');
    await cli(
      'sentinel',
      'create',
      '--code',
      'PH-QUIET',
      '--type',
      'pharmacy',
      '--area',
      COMMUNITY,
      '--name',
      '百草堂',
      '--owner',
      '李店长',
      '--owner-phone',
      '13900000412',
      '--json',
    );
    const bad = await cli('sentinel', 'create', '--code', 'PH-BAD', '--type', 'pharmacy', '--area', COMMUNITY, '--lng', '119.2', '--json').catch(
      (e: { stderr: string }) => e.stderr,
    );
    expect(bad).toMatch(/lat/);
    const rows = ['sentinel_code,date,indicator,count'];
    for (let d = -22; d <= -2; d++) rows.push(`PH-SPIKE,${localDay(d)},fever_drugs,${2 + (d % 2 === 0 ? 1 : 0)}`);
    rows.push(`PH-SPIKE,${localDay(-1)},fever_drugs,16`, `PH-SPIKE,${localDay(0)},fever_drugs,4`);
    expect(JSON.parse(await cli('import', 'sentinel-counts', tmp('counts.csv', rows.join('\n') + '\n'), '--json'))).toMatchObject({
      accepted: 23,
      rejected: 0,
    });
    await cli('surveillance', 'budget', '--weekly', '100');
    expect(JSON.parse(await cli('surveillance', 'run', '--json'))).toMatchObject({ date: localDay(-1) });
    // A fever-drug buyer on PH-SPIKE's line list, registered in the city.
    await cli(
      'import',
      'people',
      tmp('people.csv', `id_number,name,sex,birth_date,phone,area_code,address,household,tags\n${buyer},购药甲,,,13700000411,320706022001001001,,,\n`),
      '--json',
    );
    await cli('sentinel', 'line-report', '--sentinel', 'PH-SPIKE', '--file', tmp('line.csv', `${buyer},fever_drugs\n`), '--json');
    // The test cannot wait the 48 h deadline: it moves the report's deadline into the past in the database.
    const db = new Database(path.join(server.dataDir, 'epigrid.db'));
    db.prepare("update sentinel_line_reports set test_deadline = '2020-01-01T00:00:00.000Z' where sentinel_code = 'PH-SPIKE'").run();
    db.close();

    const users = [
      {
        ...PHARMACIST,
        displayName: '王药师',
        role: 'sentinel_reporter',
        scope: [],
        sites: [{ kind: 'sentinel', code: 'PH-PHONE' }],
        mustChangePassword: false,
      },
      { ...EPI, displayName: '刘流病', role: 'epidemiologist', scope: ['320706'], mustChangePassword: false },
    ];
    for (const u of users) expect((await api('POST', '/users', u)).status).toBe(200);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('a pharmacist fills the phone page in a phone-sized viewport', async () => {
    const page: Page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await loginAs(page, server.url, PHARMACIST.username, PHARMACIST.password);
    await page.goto(`${server.url}/surveillance/report`);
    await page.getByTestId('phone-today').getByText(localDay(0)).waitFor();
    const counts: Record<string, string> = { fever_drugs: '5', cough_drugs: '3', antiviral_drugs: '0', antibiotic_drugs: '2' };
    for (const [ind, n] of Object.entries(counts)) await page.getByLabel(ind).fill(n);
    await shot(page, 'surveillance-phone-filled');
    await page.getByRole('button', { name: /提\s?交/ }).click();
    await page.getByText('已提交 4 项').waitFor();
    await shot(page, 'surveillance-phone-done');
    // Nothing wider than the phone: the page fits its screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // A count the server refuses is named by its indicator with the reason in Chinese, never the server's English.
    await page.getByLabel('fever_drugs').fill('2000000');
    await page.getByRole('button', { name: /提\s?交/ }).click();
    const refused = page.locator('.ant-message-error');
    await refused.getByText('不能大于 1000000').waitFor();
    expect(await refused.innerText()).not.toMatch(/must be|count/);
    await shot(page, 'surveillance-phone-refused');
    await page.close();
    const notReported = JSON.parse(await cli('sentinel', 'not-reported', '--json')) as { items: Array<{ code: string }> };
    expect(notReported.items.map((s) => s.code)).toEqual(['PH-QUIET']);
  });

  it('an epidemiologist sees the sentinel list and map, the observed-vs-threshold chart with the alarm, the not-reported and overdue lists', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(page, server.url, EPI.username, EPI.password);
    await page.getByRole('menuitem', { name: '监测预警' }).click();
    const list = page.getByTestId('sentinel-list');
    for (const name of ['郁州大药房', '仁和药店', '百草堂']) await list.getByText(name).waitFor();
    const map = page.getByTestId('sentinel-map');
    await map.getByTestId('sentinel-map-alarm').getByText('1').waitFor();
    await map.getByTestId('sentinel-map-reported').getByText('1').waitFor();
    await map.getByTestId('sentinel-map-not_reported').getByText('1').waitFor();
    await map.locator('canvas').waitFor();
    await page.waitForTimeout(1500); // the map's first frame
    await shot(page, 'surveillance-sentinels-map');

    await page.getByRole('tab', { name: '指标' }).click();
    const pane = page.locator('.ant-tabs-tabpane-active');
    await pane.locator('.ant-select').first().click();
    await page.locator('.ant-select-item-option').filter({ hasText: '郁州大药房' }).click();
    await pane.locator('.ant-select').nth(1).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '退热药' }).click();
    await page.getByText('ears:C2').waitFor();
    await pane.locator('canvas').first().waitFor();
    await page.waitForTimeout(1000);
    await shot(page, 'surveillance-chart');

    await page.getByRole('tab', { name: '信号' }).click();
    await page
      .getByRole('row', { name: /PH-SPIKE/ })
      .first()
      .waitFor();

    await page.getByRole('tab', { name: '未报告' }).click();
    const quiet = page.getByRole('row', { name: /百草堂/ });
    await quiet.getByText('李店长').waitFor();
    await quiet.getByText('139****0412').waitFor();
    expect(await page.getByRole('row', { name: /仁和药店/ }).count()).toBe(0);
    await shot(page, 'surveillance-not-reported');

    await page.getByRole('tab', { name: '线索名单' }).click();
    const overdue = page.getByRole('row', { name: /PH-SPIKE/ });
    await overdue.getByText(/\*{4,}/).waitFor(); // the ID number masked
    expect(await page.getByText(buyer).count()).toBe(0);
    await shot(page, 'surveillance-line-list');
    await page.close();
  });
});
