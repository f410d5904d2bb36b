import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { makeIdNumber } from '../src/server/lib/id-number';
import { adminDesk, loginAs, shot, startServer, type E2EServer } from './server';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const PASSWORD = 'Grid-worker-2026!';
const GRID = '320706022001001';
const NEWCOMER = makeIdNumber('320706', '19920314', 731);

/**
 * 网格员's shift, on a phone: the people of their grid as cards, a newcomer registered by picking
 * the building (no code typed), a resident's phone corrected, the screening round of their grid.
 */
describe("a grid worker's shift on a phone", () => {
  let server: E2EServer;
  let browser: Browser;
  let phone: Page;
  const cli = async (...args: string[]) => (await run(process.execPath, [path.join(root, 'bin/epigrid.js'), ...args], { env: server.env })).stdout;

  beforeAll(async () => {
    server = await startServer({ EPIGRID_DEMO_PEOPLE: '2000' });
    await cli('round', 'create', '--area', '320706', '--pool-size', '10', '--name', '全员筛查第1轮', '--json');
    let admin: Page;
    ({ browser, page: admin } = await adminDesk(server));
    const res = await admin.request.post(`${server.url}/api/v1/users`, {
      data: { username: 'gw.wang', displayName: '王网格', role: 'grid_worker', scope: [GRID], password: PASSWORD, mustChangePassword: false },
    });
    expect(res.status()).toBe(200);
    await admin.close();
    phone = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    await loginAs(phone, server.url, 'gw.wang', PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sees the people of the grid as cards that fit the screen', async () => {
    await phone.goto(`${server.url}/people`);
    await phone.locator('.row-card').first().waitFor();
    expect(await phone.locator('.row-card').count()).toBe(50);
    // A card shows the name whole on one line and the masked document; the page does not scroll sideways.
    const first = phone.locator('.row-card').first();
    expect(await first.innerText()).toMatch(/\*{6}/);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(375);
    await shot(phone, 'grid-worker-people-phone', { fullPage: false });
  });

  it('registers a newcomer by choosing the building; a wrong ID number is named on its field in Chinese', async () => {
    await phone.getByTestId('person-register').click();
    const form = phone.getByTestId('person-form');
    await form.waitFor();
    await phone.getByTestId('person-form-id').fill(NEWCOMER.slice(0, 17) + (NEWCOMER.endsWith('0') ? '1' : '0'));
    await phone.getByTestId('person-form-name').fill('赵新来');
    await phone.getByTestId('person-form-phone').fill('13912345678');
    // Down the tree from the worker's own grid to a building, by name.
    await form.locator('.ant-cascader').click();
    await phone.locator('.ant-cascader-menu-item', { hasText: '第1网格' }).click();
    await phone.locator('.ant-cascader-menu-item', { hasText: '东方家园2号楼' }).click();
    await phone.getByTestId('person-form-address').fill('2单元302室');
    await phone.getByTestId('person-form-ok').click();
    await form.getByText('证件号无效').waitFor();
    await shot(phone, 'grid-worker-register-error', { fullPage: false });
    await phone.getByTestId('person-form-id').fill(NEWCOMER);
    await phone.getByTestId('person-form-ok').click();
    // Registered: the person's page opens, masked, in the building chosen, sex and birth date from the ID.
    const drawer = phone.locator('.ant-drawer-content');
    await drawer.getByText('赵新来').first().waitFor();
    const text = await drawer.innerText();
    expect(text).toContain('320706022001001002');
    expect(text).toContain('1992-03-14');
    expect(text).toContain('139****5678');
    expect(text).not.toContain(NEWCOMER);
    await shot(phone, 'grid-worker-registered', { fullPage: false });
  });

  it("corrects the newcomer's phone from their page; the masked phone follows", async () => {
    // Standalone too: the newcomer is registered through the API when the test before did not run.
    const created = await phone.request.post(`${server.url}/api/v1/people`, {
      data: { idNumber: NEWCOMER, name: '赵新来', phone: '13912345678', areaCode: `${GRID}002`, address: '2单元302室' },
    });
    expect([200, 409]).toContain(created.status());
    await phone.goto(`${server.url}/people`);
    await phone.getByTestId('people-search').fill('赵新来');
    await phone.locator('.ant-input-search-button').click();
    await phone.locator('.row-card a', { hasText: '赵新来' }).click();
    await phone.getByTestId('person-edit').click();
    await phone.getByTestId('person-form-phone').fill('13812340000');
    await phone.getByTestId('person-form-ok').click();
    await expect.poll(() => phone.locator('.ant-drawer-content').innerText(), { timeout: 10_000 }).toContain('138****0000');
    await phone.locator('.ant-drawer-close').click();
    // Registering the same document again is refused in words, not a code.
    await phone.getByTestId('person-register').click();
    await phone.getByTestId('person-form-id').fill(NEWCOMER);
    await phone.getByTestId('person-form-name').fill('赵新来');
    const form = phone.getByTestId('person-form');
    await form.locator('.ant-cascader').click();
    await phone.locator('.ant-cascader-menu-item', { hasText: '第1网格' }).click();
    await phone.locator('.ant-cascader-menu-item', { hasText: '东方家园3号楼' }).click(); // a building: the tree closes
    await phone.getByTestId('person-form-ok').click();
    await expect.poll(() => phone.getByTestId('person-form-error').innerText()).toContain('已在本辖区登记');
    await shot(phone, 'grid-worker-duplicate', { fullPage: false });
    await phone
      .locator('.ant-modal', { has: form })
      .getByRole('button', { name: /取\s?消/ })
      .dispatchEvent('click');
    await form.waitFor({ state: 'detached' });
  });

  it("opens the grid's screening round: figures of the grid only, the round chosen", async () => {
    await phone.goto(`${server.url}/testing?tab=rounds`);
    await phone.getByTestId('coverage').waitFor();
    const target = Number((await phone.getByTestId('fig-target').innerText()).replace(/\D/g, ''));
    // The grid's registered people when the round was made (the newcomer came later).
    expect(target).toBeGreaterThan(0);
    expect(target).toBeLessThan(2000);
    await shot(phone, 'grid-worker-round-phone', { fullPage: false });
  });
});
