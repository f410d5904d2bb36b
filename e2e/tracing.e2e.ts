import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { makeIdNumber } from '../src/server/lib/id-number';
import Database from 'better-sqlite3';
import { ADMIN_PASSWORD, launchBrowser, loginAs, shot, startServer, type E2EServer } from './server';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const tmp = (name: string, body: string) => {
  const f = path.join(os.tmpdir(), `eg-e2e-${process.pid}-${name}`);
  fs.writeFileSync(f, body);
  return f;
};

describe('tracing in the browser as a street epidemiologist: case from the CLI, candidates confirmed, a contact of street B handed off, chain, 协查 and arrivals', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  let caseId: string;
  const ids = [0, 1, 2, 3, 4].map((i) => makeIdNumber('320706', '19850412', 300 + i));
  /** A resident of another street who scanned the case's market 25 minutes after the case. */
  const neighbour = makeIdNumber('320706', '19850412', 310);
  const EPI = { username: 'liudiao-a', password: 'Epi-password-123' };
  const cli = async (...args: string[]) => (await run(process.execPath, [path.join(root, 'bin/epigrid.js'), ...args], { env: server.env })).stdout;

  beforeAll(async () => {
    server = await startServer({ EPIGRID_DEMO_PEOPLE: '1000' });
    // The smallest area of another street of the demo city, for the neighbour's home.
    const db = new Database(path.join(server.dataDir, 'epigrid.db'), { readonly: true });
    const other = db
      .prepare("select code from areas where code not like '320706022%' and length(code) >= 6 order by length(code) desc, code limit 1")
      .get() as { code: string };
    db.close();
    await cli(
      'import',
      'people',
      tmp('neighbour.csv', `id_number,name,sex,birth_date,phone,area_code,address,household,tags\n${neighbour},邻街乙丙,,,13700000009,${other.code},,,\n`),
      '--json',
    );
    await cli(
      'import',
      'people',
      tmp(
        'people.csv',
        `id_number,name,sex,birth_date,phone,area_code,address,household,tags\n${ids.map((p, i) => `${p},流调${i},,,1370000000${i},320706022001001001,,H-E2E-${i === 1 || i === 2 ? 'A' : i},`).join('\n')}\n`,
      ),
      '--json',
    );
    await cli(
      'import',
      'venues',
      tmp('venues.csv', 'venue_code,name,type,area_code\nV001,郁州菜市场,market,320706022001\nV002,苏果超市,supermarket,320706022001\n'),
      '--json',
    );
    const now = Date.now();
    const at = (min: number) => new Date(now - 2 * 86_400_000 + min * 60_000).toISOString();
    const scans = await cli(
      'import',
      'checkins',
      tmp(
        'checkins.csv',
        `id_number,venue_code,scanned_at\n${ids[0]},V001,${at(0)}\n${ids[2]},V001,${at(20)}\n${ids[3]},V001,${at(45)}\n${neighbour},V001,${at(25)}\n110101199003070000,V001,${at(1)}\n`,
      ),
      '--json',
    );
    expect(JSON.parse(scans)).toMatchObject({ accepted: 4, rejected: 0 });
    caseId = JSON.parse(await cli('case', 'create', '--id-number', ids[0]!, '--onset', new Date(now).toISOString().slice(0, 10), '--json')).id;
    // The CLI runs city-wide: it sees both candidates (the integration contract's fields).
    const candidates = JSON.parse(await cli('trace', 'contacts', '--case', caseId, '--json')) as Array<Record<string, unknown>>;
    expect(candidates).toHaveLength(2);
    expect(Object.keys(candidates[0]!)).toEqual(
      expect.arrayContaining(['person_id', 'id_number_masked', 'venue_code', 'overlap_start', 'overlap_end', 'minutes']),
    );
    expect(candidates[0]).toMatchObject({ venue_code: 'V001', overlap_start: at(20) });
    // The admin creates the street's epidemiologist, who does the tracing work below.
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const cookie = String(login.headers.get('set-cookie')).split(';')[0] ?? '';
    const made = await fetch(`${server.url}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ ...EPI, displayName: '郁州街道流调员', role: 'epidemiologist', scope: ['320706022'], mustChangePassword: false }),
    });
    expect(made.status).toBe(200);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(page, server.url, EPI.username, EPI.password);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens the case with its clock and trajectory, confirms a candidate, finds the household 次密接', async () => {
    await page.goto(`${server.url}/tracing`);
    // The list shows the case's person masked (idNumberMasked), how found (foundBy) and whether inside control (insideControl).
    const masked = `${ids[0]!.slice(0, 4)}${'*'.repeat(10)}${ids[0]!.slice(-4)}`;
    const caseRow = page.getByRole('row', { name: /C\d{8}-001/ });
    await caseRow.getByText(`流*0 ${masked}`).waitFor();
    await caseRow.getByRole('cell', { name: '筛查发现' }).waitFor();
    await caseRow.getByText('社会面').waitFor();
    await shot(page, 'tracing-cases');
    await page.getByRole('cell', { name: /^C\d{8}-001$/ }).click();
    await page.getByText('郁州菜市场').first().waitFor();
    // The drawer's facts come from the case detail: how found, inside control, look-back start.
    const facts = page.locator('.ant-drawer .ant-descriptions');
    await facts.getByText('筛查发现').waitFor();
    await facts.getByText('社会面').waitFor();
    expect(await facts.locator('.ant-descriptions-item-content').allInnerTexts()).not.toContain('');
    await page.getByRole('button', { name: '查找密接候选' }).click();
    // The neighbour lives in another street: handed off there, shown here as a count, never by name.
    await page.getByTestId('handed-off').filter({ hasText: '已移交 1 人' }).waitFor();
    expect(await page.getByText(/邻\*+丙/).count()).toBe(0);
    const row = page.getByRole('row', { name: /V001/ });
    expect(await row.count()).toBe(1);
    await row.locator('.ant-select').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '密接' }).first().click();
    await page.getByText('已确认').waitFor();
    await shot(page, 'tracing-case');
    await page.getByRole('button', { name: '查次密接' }).click();
    await page.getByRole('button', { name: /OK|确 定|确定/ }).click();
    await page.getByRole('cell', { name: '次密接' }).first().waitFor();
    await shot(page, 'tracing-secondary');
    await page.getByPlaceholder('身份证号').last().fill(ids[4]!);
    await page.getByRole('button', { name: '手工添加接触者' }).click();
    await page.getByRole('cell', { name: '手工添加' }).waitFor();
    // The case's epidemiologist may look at the contact elsewhere; the server audits the read.
    await page.getByRole('button', { name: '查看外区密接（留痕）' }).click();
    await page.getByRole('cell', { name: /邻\*+丙/ }).waitFor();
    await shot(page, 'tracing-elsewhere');
    await page.getByRole('button', { name: /OK|确 定|确定|知道了/ }).click();
    await page.keyboard.press('Escape');
  });

  it('shows the chain graph, works a 协查 notice to closure, records an arrival with its landing test', async () => {
    await page.goto(`${server.url}/tracing`);
    await page.getByRole('tab', { name: '传播链' }).click();
    await page.waitForTimeout(1200);
    await shot(page, 'tracing-chain');
    await page.getByRole('tab', { name: '协查' }).click();
    const deadline = new Date(Date.now() + 3 * 3_600_000).toISOString();
    await page
      .getByTestId('file-input')
      .setInputFiles(
        tmp(
          'notices.csv',
          `name,id_number,phone,reason,issuer,deadline\n流调3,${ids[3]},,与外地病例同车,上海市协查组,${deadline}\n无名,,12345,x,y,${deadline}\n`,
        ),
      );
    await page.getByText('已分派').waitFor();
    await page.getByRole('button', { name: /^落\s?地$/ }).click();
    await page.getByRole('button', { name: /^管\s?控$/ }).click();
    await page.getByText('已管控').waitFor();
    await shot(page, 'tracing-notices');
    await page.getByRole('tab', { name: '来返人员' }).click();
    await page.getByPlaceholder('身份证号').fill(makeIdNumber('310101', '19800101', 500));
    await page.getByPlaceholder('姓名').fill('司机乙');
    await page.getByPlaceholder('居住区域编码').fill('320706022001001001');
    await page.getByPlaceholder('来自').fill('上海市');
    await page.getByPlaceholder('卡口/站点').fill('G15 高速卡口');
    await page.getByRole('button', { name: /^保\s?存$/ }).click();
    await page.getByText('司机乙'.slice(0, 1), { exact: false }).first().waitFor();
    await page.getByRole('button', { name: /^阴\s?性$/ }).click();
    await page.getByRole('cell', { name: '阴性' }).waitFor();
    await shot(page, 'tracing-arrivals');
  });
});
