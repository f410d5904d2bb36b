import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { adminDesk, loginAs, shot, startServer, type E2EServer } from './server';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const PASSWORD = 'Staff-password-2026';
/** Yesterday in the command centre's zone, as a datetime-local value at 08:00: the rotations cover "now" from their start. */
const yesterday0800 = `${new Date(Date.now() - 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' })}T08:00`;

describe('duty roster in the browser: a commander rosters a work group and sees the coverage check', () => {
  let server: E2EServer;
  let browser: Browser;
  let admin: Page;
  const cli = async (...args: string[]) => (await run(process.execPath, [path.join(root, 'bin/epigrid.js'), ...args], { env: server.env })).stdout;

  beforeAll(async () => {
    server = await startServer();
    ({ browser, page: admin } = await adminDesk(server));
    const ids: Record<string, string> = {};
    for (const u of [
      { username: 'cc-city', role: 'commander', scope: ['*'] },
      { username: 'duty-one', role: 'epidemiologist', scope: ['*'] },
      { username: 'duty-two', role: 'epidemiologist', scope: ['*'] },
    ]) {
      const res = await admin.request.post(`${server.url}/api/v1/users`, {
        data: { ...u, displayName: u.username, password: PASSWORD, mustChangePassword: false },
      });
      expect(res.status()).toBe(200);
      ids[u.username] = ((await res.json()) as { user: { id: string } }).user.id;
    }
    const group = JSON.parse(
      await cli('work-group', 'set', '--code', 'tracing', '--name', '流调溯源组', '--area', '32', '--lead', ids['duty-one']!, '--json'),
    ) as {
      id: string;
    };
    await cli('work-group', 'add-member', group.id, ids['duty-two']!);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const addRotation = async (page: Page, member: string, offDays: string[]) => {
    await page.waitForLoadState('networkidle');
    await page.getByLabel(/首班开始|First shift starts/).fill(yesterday0800);
    await page.locator('.ant-select[aria-label="班次时长"]').click();
    await page.locator('.ant-select-item-option', { hasText: /^(24 小时|24 hours)$/ }).click();
    // The shift-length dropdown closes with an animation that can swallow the first click on the
    // weekday boxes: wait for it to go, then untick each day until it reads unticked.
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' });
    for (const d of offDays) {
      const box = page.getByRole('checkbox', { name: d, exact: true });
      for (let i = 0; i < 10 && (await box.isChecked()); i++) {
        await box.click({ force: i > 0 });
        if (await box.isChecked()) await page.waitForTimeout(300); // the tab re-rendered under the click
      }
      expect(await box.isChecked()).toBe(false);
    }
    await page.locator('.ant-select[aria-label="轮值人员（按顺序）"]').click();
    await page.locator('.ant-select-item-option', { hasText: member }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /保\s?存|Save/ }).click();
    await page
      .getByText(/已保存|Saved/)
      .first()
      .waitFor();
  };

  it('weekdays only leaves the weekends as red gaps; a weekend rotation closes them: 14 days fully covered', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(page, server.url, 'cc-city', PASSWORD);
    await page.goto(`${server.url}/response?tab=roster`);
    await page
      .getByTestId('roster-check')
      .getByText(/未覆盖 20160 分钟|20160 minute/)
      .waitFor(); // no rotation yet: all 14 days
    await page.getByText(/无人排班，由组长兜底|the lead stands in/).waitFor();

    await addRotation(page, 'duty-one', ['六', '日']);
    // every 14 days hold at least one whole weekend: a red 2-day (2880-minute) gap, and the rest covered
    await page.getByRole('cell', { name: '2880' }).first().waitFor();
    await page
      .getByTestId('roster-check')
      .getByText(/未覆盖 \d+ 分钟|minute\(s\) uncovered/)
      .waitFor();
    expect(await page.getByTestId('roster-check').textContent()).not.toContain('20160');
    await shot(page, 'roster-gaps');

    await page.reload();
    await addRotation(page, 'duty-two', ['一', '二', '三', '四', '五']);
    await page
      .getByTestId('roster-check')
      .getByText(/14 天内全覆盖|Fully covered for 14 days/)
      .waitFor();
    await page
      .getByText(/^轮班$|^Rotation$/)
      .first()
      .waitFor(); // 当前值班 says who, from a rotation
    await page
      .locator('.ant-tag', { hasText: /duty-(one|two)/ })
      .first()
      .waitFor(); // the calendar's shifts
    await shot(page, 'roster-covered');
    const check = JSON.parse(await cli('roster', 'check', '--days', '14', '--json')) as { uncovered_minutes: number; gaps: unknown[] };
    expect(check).toMatchObject({ uncovered_minutes: 0, gaps: [] });
    await page.close();
  });
});
