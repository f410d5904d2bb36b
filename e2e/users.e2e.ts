import type { Browser, Page } from 'playwright-core';
import { adminDesk, loginAs, shot, startServer, type E2EServer } from './server';

/** Users with work-site postings, grant refusals at their field, and a forced password change. */
describe('users and work sites', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer({ EPIGRID_DEMO_PEOPLE: '1000' }); // labs need a known area
    ({ browser, page } = await adminDesk(server));
    const status = await page.evaluate(async () => {
      const r = await fetch('/api/v1/testing/labs', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: 'LAB-E2E', name: '海州检测基地', area: '320706', dailyCapacity: 5000 }),
      });
      return `${r.status} ${await r.text()}`;
    });
    expect(status).toMatch(/^200 /);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('admin posts a new lab worker to a lab; the list shows the posting by name', async () => {
    await page.goto(`${server.url}/system/users`);
    await page.getByRole('button', { name: /新建/ }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.locator('#username').fill('lab.worker');
    await dialog.locator('#displayName').fill('检测员');
    await dialog.locator('.ant-select', { has: page.locator('#role') }).click();
    await page.locator('.ant-select-item-option', { hasText: '实验室' }).first().click();
    await dialog.locator('.ant-select', { has: page.locator('#sites') }).click();
    await page.locator('.ant-select-item-option', { hasText: '海州检测基地' }).click();
    await dialog.locator('#password').fill('Password12');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    // The weak password is refused at its field, in Chinese; the lab alone is enough of a grant.
    await dialog.getByText('是最常见的密码之一').waitFor();
    await shot(page, 'users-form-sites');
    await dialog.locator('#password').fill('Lab-worker-2026');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.locator('tr', { hasText: 'lab.worker' }).getByText('实验室: 海州检测基地').waitFor();
    await shot(page, 'users-sites');
    // The audit page shows the new user's entry (actor, action, target from the camelCase answer) and checks the chain.
    await page.goto(`${server.url}/system/audit`);
    // Actions and target kinds read in words (新建用户, 用户 …), the raw names kept in the tooltip.
    await page
      .locator('tr', { has: page.locator('[data-action="user.created"]') })
      .first()
      .getByText(/^用户 /)
      .waitFor();
    await page.getByRole('button', { name: '校验哈希链' }).click();
    await page.getByText(/^审计链完整：\d+ 条$/).waitFor();
    await shot(page, 'audit-page');
  });

  it('a user whose password was set by the admin is sent to change it first', async () => {
    const created = await page.evaluate(async () => {
      const r = await fetch('/api/v1/users', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'grid.new', displayName: '新网格员', role: 'grid_worker', scope: ['320706022'], password: 'Set-by-admin-2026' }),
      });
      return r.status;
    });
    expect(created).toBe(200);
    const theirs = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await loginAs(theirs, server.url, 'grid.new', 'Set-by-admin-2026');
      await theirs.waitForURL((u) => u.pathname.startsWith('/password'));
      const blocked = await theirs.evaluate(async () => {
        const r = await fetch('/api/v1/overview');
        return { status: r.status, code: ((await r.json()) as { error: { code: string } }).error.code };
      });
      expect(blocked).toEqual({ status: 403, code: 'PASSWORD_CHANGE_REQUIRED' });
      await shot(theirs, 'users-forced-change');
      await theirs.locator('#currentPassword').fill('Set-by-admin-2026');
      await theirs.locator('#newPassword').fill('Mine-now-2026!');
      await theirs.locator('#confirm').fill('Mine-now-2026!');
      await theirs.locator('button[type=submit]').click();
      await theirs.waitForURL((u) => !u.pathname.startsWith('/password'));
      await theirs.getByText('指挥总览').first().waitFor();
    } finally {
      await theirs.close();
    }
  });
});
