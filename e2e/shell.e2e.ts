import type { Browser, Page } from 'playwright-core';
import { ADMIN_PASSWORD, launchBrowser, loginAs, shot, startServer, type E2EServer } from './server';

describe('web shell', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('refuses a wrong password with a clear message', async () => {
    await page.goto(`${server.url}/login`);
    await page.locator('#username').fill('admin');
    await page.locator('#password').fill('not-the-password');
    await page.locator('button[type=submit]').click();
    await expect(page.getByTestId('login-error').textContent()).resolves.toContain('用户名或密码错误');
    await shot(page, 'shell-login-error');
  });

  it('logs in, shows the home page with live figures and every capability in the menu', async () => {
    await loginAs(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('figures').locator('.ant-statistic').first().waitFor();
    const text = await page.locator('body').innerText();
    for (const word of [
      '指挥总览',
      '人口底数',
      '核酸检测',
      '流调溯源',
      '隔离转运',
      '监测预警',
      '预案任务',
      '督导检查',
      '物资储备',
      '演练',
      '系统管理',
      '用户数',
    ]) {
      expect(text).toContain(word);
    }
    await shot(page, 'shell-home-zh');
  });

  it('switches to English and back', async () => {
    await page.getByTestId('lang-switch').click();
    await page.getByText('Command view').first().waitFor();
    expect(await page.locator('body').innerText()).toContain('Mass testing');
    await shot(page, 'shell-home-en');
    await page.getByTestId('lang-switch').click();
    await page.getByText('指挥总览').first().waitFor();
  });

  it('admin creates a user on the users page', async () => {
    await page.goto(`${server.url}/system/users`);
    await page.getByRole('button', { name: /新建/ }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.locator('#username').fill('wang.grid');
    await dialog.locator('#displayName').fill('王网格');
    await dialog.locator('#scope').fill('320706022');
    await dialog.locator('#scope').press('Enter');
    await dialog.locator('#password').fill('Grid-worker-2022');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('wang.grid').waitFor();
    await shot(page, 'shell-users');
  });

  it('serves the app compressed and cached for a year, and shows times in the command centre zone', async () => {
    const html = await fetch(`${server.url}/`, { headers: { 'accept-encoding': 'br' } });
    expect(html.headers.get('cache-control')).toBe('no-cache');
    const asset = /assets\/index-[^"]+\.js/.exec(await html.text())?.[0];
    expect(asset).toBeTruthy();
    const js = await fetch(`${server.url}/${asset}`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect([js.status, js.headers.get('content-encoding'), js.headers.get('cache-control')]).toEqual([200, 'br', 'public, max-age=31536000, immutable']);
    // A browser set to New York shows the audit times in Asia/Shanghai (EPIGRID_TZ's default), as the command centre's wall clock.
    const context = await browser.newContext({ timezoneId: 'America/New_York', viewport: { width: 1280, height: 800 } });
    const ny = await context.newPage();
    try {
      await loginAs(ny, server.url, 'admin', ADMIN_PASSWORD);
      const at = await ny.evaluate(async () => ((await (await fetch('/api/v1/audit?limit=1')).json()) as { items: Array<{ at: string }> }).items[0]!.at);
      const inShanghai = new Date(at).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, 16);
      await ny.goto(`${server.url}/system/audit`);
      await ny.getByText(inShanghai).first().waitFor();
      await shot(ny, 'shell-times-in-zone');
      // The login page has no session: a locked account's unlock time still reads in the command centre's zone.
      const created = await ny.request.post(`${server.url}/api/v1/users`, {
        data: { username: 'lock.me', displayName: '锁定测试', role: 'grid_worker', scope: ['320706022'], password: 'Lock-me-2026!', mustChangePassword: false },
      });
      expect(created.status()).toBe(200);
      const strangerContext = await browser.newContext({ timezoneId: 'America/New_York' });
      const stranger = await strangerContext.newPage();
      await stranger.goto(`${server.url}/login`);
      let lockedUntil = '';
      for (let i = 0; i < 6 && !lockedUntil; i++) {
        const answer = stranger.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
        await stranger.locator('#username').fill('lock.me');
        await stranger.locator('#password').fill(`wrong-${i}`);
        await stranger.locator('button[type=submit]').click();
        const body = (await (await answer).json()) as { error?: { code: string; details?: { lockedUntil?: string } } };
        if (body.error?.code === 'ACCOUNT_LOCKED') lockedUntil = body.error.details?.lockedUntil ?? '';
      }
      expect(lockedUntil).not.toBe('');
      const hhmm = new Date(lockedUntil).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai', hour12: false }).slice(11, 16);
      await expect.poll(() => stranger.getByTestId('login-error').innerText()).toContain(`${hhmm} 前不能再试`);
      await shot(stranger, 'shell-locked-in-zone');
      await strangerContext.close();
    } finally {
      await context.close();
    }
  });

  it('links to every tab: ?tab= opens it, and choosing a tab puts it in the address', async () => {
    await page.goto(`${server.url}/tracing?tab=venues`);
    await page.getByRole('tab', { name: '场所码与倒查', selected: true }).waitFor();
    await page.getByRole('tab', { name: '传播链' }).click();
    await page.waitForURL((u) => u.searchParams.get('tab') === 'chains');
    await page.reload();
    await page.getByRole('tab', { name: '传播链', selected: true }).waitFor();
    await page.goto(`${server.url}/alerts?tab=rules`);
    await page.getByRole('tab', { name: /规则/, selected: true }).waitFor();
  });

  it('logs out', async () => {
    await page.getByTestId('user-menu').hover();
    await page.getByText('退出登录').click();
    await page.waitForURL((u) => u.pathname.startsWith('/login'));
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    expect(me).toBe(401);
  });
});
