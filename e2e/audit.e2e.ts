import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { adminDesk, shot, startServer, type E2EServer } from './server';

/** An ID number in clear (area codes are 18 digits too, but no birth date after the first six). */
const CLEAR_ID = /\d{6}(?:19|20)\d{2}[01]\d[0-3]\d{4}[\dX]/;

/** Issue 11, findings 5, 12 and 13 as the city admin sees them: the reveal limit, and verify listing every break. */
describe('audit and reveal limit in the browser', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer({ EPIGRID_DEMO_PEOPLE: '300', EPIGRID_REVEAL_LIMIT_PER_HOUR: '1' });
    ({ browser, page } = await adminDesk(server));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function reveal(): Promise<void> {
    await page.getByRole('button', { name: '查看明文' }).click();
    await page.locator('.ant-modal input').fill('电话核实');
    await page.locator('.ant-modal .ant-btn-primary').click();
  }

  it('refuses a second clear view within the hour with a message, not the numbers', async () => {
    await page.goto(`${server.url}/people`);
    await page.getByPlaceholder('姓名、身份证号或手机号').fill('王');
    await page.getByPlaceholder('姓名、身份证号或手机号').press('Enter');
    await page.locator('.ant-table-row a').first().waitFor();
    await page.locator('.ant-table-row a').first().click();
    await reveal();
    await page.locator('.ant-drawer').getByText(CLEAR_ID).waitFor();
    await page.locator('.ant-drawer-close').click();
    await page.locator('.ant-drawer-open').waitFor({ state: 'detached' });
    await page.locator('.ant-table-row a').nth(1).click();
    await reveal();
    await page.getByText('查看明文次数已达上限').waitFor();
    await shot(page, 'audit-reveal-limited');
    expect(await page.locator('.ant-drawer').innerText()).not.toMatch(CLEAR_ID);
    await page.keyboard.press('Escape');
  });

  it('lists every break of the chain on the audit page', async () => {
    await page.goto(`${server.url}/system/audit`);
    // Actions read in Chinese (the raw name stays in the tooltip): the reveal above is 查看个人信息.
    await page.locator('[data-action="person.pii_revealed"]').first().waitFor();
    expect(await page.locator('[data-action="person.pii_revealed"]').first().innerText()).toBe('查看个人信息');
    await page.getByRole('button', { name: '校验哈希链' }).click();
    await page.getByText(/审计链完整/).waitFor();
    // Whoever holds the database edits two entries: both are named.
    const db = new SQLite(path.join(server.dataDir, 'epigrid.db'));
    db.exec("update audit_log set reason = 'edited' where seq in (2, 4)");
    db.close();
    await page.getByRole('button', { name: '校验哈希链' }).click();
    const list = page.getByTestId('audit-breaks');
    await list.waitFor();
    expect(await list.innerText()).toMatch(/#2 内容与密钥哈希不符[\s\S]*#4 内容与密钥哈希不符/);
    await shot(page, 'audit-verify-broken');
  });
});
