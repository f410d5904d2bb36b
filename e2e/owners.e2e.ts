import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { adminDesk, launchBrowser, loginAs, shot, startServer, type E2EServer } from './server';

/** A city admin onboards a district's staff and owners from files (issue 13 item 5). */
describe('users and owners from files', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  let street: string;
  let grid: string;

  beforeAll(async () => {
    server = await startServer({ EPIGRID_DEMO_PEOPLE: '500' }); // the demo city gives the streets and communities
    const boot = await adminDesk(server);
    // The city admin: an admin whose scope is the city 3207, not the bootstrap '*'.
    const made = await boot.page.evaluate(async () => {
      const streets = (await (await fetch('/api/v1/areas/320706/children')).json()) as { items: Array<{ code: string }> };
      const street = streets.items[0]?.code as string;
      const communities = (await (await fetch(`/api/v1/areas/${street}/children`)).json()) as { items: Array<{ code: string }> };
      const grids = (await (await fetch(`/api/v1/areas/${communities.items[0]?.code}/children`)).json()) as { items: Array<{ code: string }> };
      const r = await fetch('/api/v1/users', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          username: 'city.admin',
          displayName: '市级管理员',
          role: 'admin',
          scope: ['3207'],
          password: 'City-admin-2026',
          mustChangePassword: false,
        }),
      });
      return { status: r.status, street, grid: grids.items[0]?.code as string };
    });
    expect(made.status).toBe(200);
    ({ street, grid } = made);
    await boot.browser.close();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    await loginAs(page, server.url, 'city.admin', 'City-admin-2026');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('uploads a users file: good rows created, bad rows named, the one-time passwords downloaded once', async () => {
    await page.goto(`${server.url}/system/users`);
    await page.getByRole('button', { name: /批量导入/ }).click();
    const dialog = page.locator('.ant-modal', { hasText: '批量导入用户' });
    const file = [
      'username,display_name,role,scope,phone',
      `grid.one,一号网格员,grid_worker,${street},13700006666`,
      `street.boss,街道书记,area_official,${street},`,
      `bad.role,坏角色,king,${street},`,
      'too.wide,越权,area_official,3208,',
    ].join('\n');
    await dialog.getByTestId('file-input').setInputFiles({ name: 'users.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await dialog.getByTestId('users-import-result').getByText('新建 2，更新 0，未变 0，拒绝 2').waitFor();
    await dialog.locator('tr', { hasText: '没有角色 king' }).waitFor();
    await dialog.locator('tr', { hasText: '不在您的管辖范围内' }).waitFor();
    await dialog.getByText('仅在此显示一次').waitFor();
    await shot(page, 'owners-users-import');

    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: /下载初始密码/ }).click()]);
    const text = fs.readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '');
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('username,password');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['grid.one', 'street.boss']);
    const password = lines[1]?.split(',')[1] as string;

    page.once('dialog', (d) => void d.accept());
    await dialog.getByRole('button', { name: /关\s*闭/ }).click();
    await page.locator('tr', { hasText: 'grid.one' }).getByText('网格员', { exact: true }).waitFor();

    // The new grid worker logs in with the downloaded password and must choose their own first.
    const theirs = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await loginAs(theirs, server.url, 'grid.one', password);
      await theirs.waitForURL((u) => u.pathname.startsWith('/password'));
    } finally {
      await theirs.close();
    }
  });

  it('uploads owners on the gaps tab; the grid leaves the list of gaps of that duty', async () => {
    await page.goto(`${server.url}/areas`);
    await page.getByRole('tab', { name: '责任盲区' }).click();
    // The demo city names a grid worker for (nearly) every grid but no locality owner: every grid is a gap of that duty.
    await page.locator('.ant-select').filter({ hasText: '任何责任人' }).click();
    await page.locator('.ant-select-item-option', { hasText: '属地责任' }).click();
    await page.locator('.ant-table-row', { hasText: grid }).waitFor();
    const file = ['area_code,duty,name,title,phone', `${grid},locality,网格长甲,网格长,13700007777`, `${grid},boss,谁,,`].join('\n');
    await page.getByTestId('file-input').setInputFiles({ name: 'owners.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await page.getByTestId('owners-import-result').getByText('新增 1，更新 0，未变 0，拒绝 1').waitFor();
    // Row reasons in the UI's language, from their codes (the CLI's report keeps the English text).
    await page.locator('tr', { hasText: '须为以下之一' }).waitFor();
    await page.locator('.ant-table-row', { hasText: grid }).waitFor({ state: 'detached' });
    await shot(page, 'owners-responsibles-import');
  });
});
