import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { makeIdNumber } from '../src/server/lib/id-number';
import { ADMIN_PASSWORD, adminDesk, launchBrowser, loginAs, shot, startServer, type E2EServer } from './server';

describe('registry in the browser (demo city)', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer({ EPIGRID_DEMO_PEOPLE: '3000' });
    ({ browser, page } = await adminDesk(server));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('home shows the demo population', async () => {
    await page.getByText('登记人口').waitFor();
    await shot(page, 'registry-home');
  });

  it('area tree with counts, responsibles and the grid map', async () => {
    await page.goto(`${server.url}/areas`);
    await page.getByText('江苏省').first().waitFor();
    await page.locator('.ant-tree-switcher').first().click();
    await page.getByText('连云港市').first().waitFor();
    await page.locator('.ant-tree-switcher').nth(1).click();
    await page.getByText('海州区').first().click();
    await page.getByTestId('grid-map').waitFor();
    await page.waitForTimeout(800);
    await shot(page, 'registry-areas');
    await page.getByRole('tab', { name: '责任盲区' }).click();
    await page
      .locator('.ant-table-row')
      .first()
      .waitFor({ timeout: 10_000 })
      .catch(() => undefined);
    await shot(page, 'registry-gaps');
  });

  it('searches people, opens a person and reveals the ID with a reason', async () => {
    await page.goto(`${server.url}/people`);
    await page.getByPlaceholder('姓名、身份证号或手机号').fill('王');
    await page.getByPlaceholder('姓名、身份证号或手机号').press('Enter');
    await page.locator('.ant-table-row').first().waitFor();
    const masked = await page.locator('.ant-table-row').first().innerText();
    expect(masked).toMatch(/\*{10}/);
    await page.locator('.ant-table-row a').first().click();
    await page.getByRole('button', { name: '查看明文' }).click();
    await page.locator('.ant-modal input').fill('电话核实');
    await page.locator('.ant-modal .ant-btn-primary').click();
    await page.waitForTimeout(500);
    const drawer = await page.locator('.ant-drawer').innerText();
    expect(drawer).toMatch(/\d{17}[\dX]/);
    await shot(page, 'registry-person');
    await page.keyboard.press('Escape');
  });

  it('merges a duplicate record into a person from their page, picking it from a search', async () => {
    const post = async (data: object) => {
      const r = await page.request.post(`${server.url}/api/v1/people`, { data });
      if (!r.ok()) throw new Error(`POST /people: ${r.status()} ${await r.text()}`);
    };
    await post({ idNumber: makeIdNumber('320706', '19880707', 11), name: '合并测试甲', areaCode: '320706001001001001' });
    await post({ idNumber: makeIdNumber('320706', '19880707', 13), name: '合并测试甲', areaCode: '320706001001001001', phone: '13912345678' });
    await page.goto(`${server.url}/people`);
    await page.getByPlaceholder('姓名、身份证号或手机号').fill('合并测试甲');
    await page.getByPlaceholder('姓名、身份证号或手机号').press('Enter');
    await page.locator('.ant-table-row').nth(1).waitFor();
    await page.locator('.ant-table-row a').first().click();
    await page.getByTestId('person-merge').click();
    await page.locator('.ant-modal .ant-input-search-button').click();
    await page.locator('.ant-modal .ant-table-row').first().waitFor();
    await page.locator('.ant-modal .ant-table-row input[type=radio]').first().check();
    await page.getByPlaceholder('合并原因（如：同一人两种证件重复登记）').fill('同一人重复登记');
    await shot(page, 'registry-merge');
    await page.locator('.ant-modal .ant-btn-primary').click();
    await page.getByText('已合并').waitFor();
    await page.keyboard.press('Escape');
    await page.getByPlaceholder('姓名、身份证号或手机号').press('Enter');
    await page.waitForTimeout(500);
    expect(await page.locator('.ant-table-row', { hasText: '合并测试甲' }).count()).toBe(1);
  });

  it('imports a CSV and shows the row-by-row errors', async () => {
    const file = path.join(os.tmpdir(), `eg-import-${process.pid}.csv`);
    fs.writeFileSync(
      file,
      'id_number,name,sex,birth_date,phone,area_code,address,household,tags\n11010519491231002X,导入甲,,,13600000000,320706022,,,\n123,坏,,,,320706022,,,\n',
    );
    await page.goto(`${server.url}/people`);
    await page.getByRole('tab', { name: '批量导入' }).click();
    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('import-result').waitFor();
    expect(await page.getByTestId('import-result').innerText()).toContain('新增 1');
    // The bad ID number's reason in Chinese (from its reason code), not the server's English.
    expect(await page.locator('body').innerText()).toContain('身份证号格式不正确');
    expect(await page.locator('body').innerText()).not.toContain('must be 18 characters');
    await shot(page, 'registry-import');
  });
});

describe('registry as a street official (not admin): own street only, hand-off inbox, refused import row', () => {
  let server: E2EServer;
  let browser: Browser;
  let admin: BrowserContext;
  let official: Page;
  let streetA: string;
  let streetB: string;
  const password = 'Street-official-123';

  /** JSON from the API as the admin (the admin's browser context holds the session cookie). */
  async function asAdmin<T>(method: 'GET' | 'POST', url: string, data?: object): Promise<T> {
    const r = method === 'GET' ? await admin.request.get(`${server.url}/api/v1${url}`) : await admin.request.post(`${server.url}/api/v1${url}`, { data });
    if (!r.ok()) throw new Error(`${method} ${url}: ${r.status()} ${await r.text()}`);
    return (await r.json()) as T;
  }
  const firstPerson = async (street: string) =>
    (await asAdmin<{ items: Array<{ id: string; name: string }> }>('GET', `/people?area=${street}&limit=1`)).items[0] as { id: string; name: string };
  const idNumberOf = async (personId: string) => (await asAdmin<{ idNumber: string }>('POST', `/people/${personId}/reveal`, { reason: '测试准备' })).idNumber;

  beforeAll(async () => {
    server = await startServer({ EPIGRID_DEMO_PEOPLE: '3000' });
    browser = await launchBrowser();
    admin = await browser.newContext();
    const login = await admin.request.post(`${server.url}/api/v1/auth/login`, { data: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(login.ok()).toBe(true);
    const streets = (await asAdmin<{ items: Array<{ code: string; population: number }> }>('GET', '/areas/320706/children')).items.filter(
      (s) => s.population > 0,
    );
    [streetA, streetB] = [streets[0]?.code as string, streets[1]?.code as string];
    for (const [username, scope] of [
      ['street.a', streetA],
      ['street.b', streetB],
    ] as const)
      await asAdmin('POST', '/users', { username, displayName: username, role: 'area_official', scope: [scope], password, mustChangePassword: false });
    official = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(official, server.url, 'street.a', password);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("lists only the official's own street", async () => {
    await official.goto(`${server.url}/people`);
    await official.locator('.ant-table-row').first().waitFor();
    const rows = await official.locator('.ant-table-row').allInnerTexts();
    expect(rows.length).toBeGreaterThan(0);
    // The list is the official's street (their scope is the default area); asking for street B answers nothing.
    const b = await official.evaluate(async (code) => (await fetch(`/api/v1/people?area=${code}`)).status, streetB);
    expect(b).toBe(404);
    const shown = await official.evaluate(
      async (code) => (await (await fetch(`/api/v1/people?area=${code}&limit=50`)).json()) as { items: Array<{ areaCode: string }> },
      streetA,
    );
    expect(rows.length).toBe(shown.items.length);
    expect(shown.items.every((p) => p.areaCode.startsWith(streetA))).toBe(true);
    await shot(official, 'registry-official-people');
  });

  it('receives a hand-off when street B tries to register a street-A resident, and closes it with a note', async () => {
    const resident = await firstPerson(streetA);
    const idNumber = await idNumberOf(resident.id);
    const other = await browser.newContext();
    await other.request.post(`${server.url}/api/v1/auth/login`, { data: { username: 'street.b', password } });
    const buildingB = (await asAdmin<{ items: Array<{ areaCode: string }> }>('GET', `/people?area=${streetB}&limit=1`)).items[0]?.areaCode as string;
    const attempt = await other.request.post(`${server.url}/api/v1/people`, { data: { idNumber, name: '冒名登记', areaCode: buildingB } });
    expect(attempt.status()).toBe(422);
    expect(await attempt.text()).not.toContain(resident.id);
    await other.close();

    await official.goto(`${server.url}/handoffs`);
    const row = official.locator('.ant-table-row', { hasText: '异地登记' });
    await row.waitFor();
    expect(await row.innerText()).toContain(streetB);
    await shot(official, 'registry-handoffs-open');
    await row.getByTestId('handoff-person').click();
    await official.locator('.ant-drawer').getByText(resident.name).first().waitFor();
    await official.keyboard.press('Escape');
    await row.getByTestId('handoff-ack').click();
    await row.getByText('已签收').waitFor();
    await row.getByTestId('handoff-done').click();
    await official.getByTestId('handoff-note').fill('已电话核实，本人仍居住本辖区');
    await official.locator('.ant-modal .ant-btn-primary').click();
    // The open list no longer holds it; the done list shows it with the note.
    await row.waitFor({ state: 'detached' });
    await official.getByTestId('handoff-status').getByText('已办结').click();
    await official.locator('.ant-table-row', { hasText: '已电话核实' }).waitFor();
    await shot(official, 'registry-handoffs-done');
  });

  it("an import naming a street-B resident's ID number is refused in the row error table", async () => {
    const outsider = await firstPerson(streetB);
    const idNumber = await idNumberOf(outsider.id);
    const file = path.join(os.tmpdir(), `eg-import-takeover-${process.pid}.csv`);
    fs.writeFileSync(file, `id_number,name,sex,birth_date,phone,area_code,address,household,tags\n${idNumber},冒名者,,,13600009999,${streetA},,,\n`);
    await official.goto(`${server.url}/people`);
    await official.getByRole('tab', { name: '批量导入' }).click();
    await official.getByTestId('file-input').setInputFiles(file);
    await official.getByTestId('import-result').waitFor();
    expect(await official.getByTestId('import-result').innerText()).toContain('拒绝 1');
    // Refused in Chinese from its reason code (registered_elsewhere), the same words whoever that is.
    await official.getByText('此身份证号的人员登记在其他辖区，不能在您的辖区导入；请联系其现辖区办理迁入').waitFor();
    await shot(official, 'registry-import-refused');
    fs.rmSync(file);
    // Street B's resident is as they were.
    const after = await asAdmin<{ person: { name: string; phoneMasked: string | null; areaCode: string } }>('GET', `/people/${outsider.id}`);
    expect(after.person.name).toBe(outsider.name);
    expect(after.person.areaCode.startsWith(streetB)).toBe(true);
  });
});
