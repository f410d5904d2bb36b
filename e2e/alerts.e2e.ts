import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { makeIdNumber } from '../src/server/lib/id-number';
import { ADMIN_PASSWORD, launchBrowser, loginAs, shot, startServer, type E2EServer } from './server';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

describe('alert triage in the browser as a street official: a 社会面 case raises a red alert, verified then escalated with notes', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  const OFFICIAL = { username: 'yujing-a', password: 'Official-pass-123' };
  const person = makeIdNumber('320706', '19860501', 401);
  const cli = async (...args: string[]) => (await run(process.execPath, [path.join(root, 'bin/epigrid.js'), ...args], { env: server.env })).stdout;

  beforeAll(async () => {
    server = await startServer({ EPIGRID_DEMO_PEOPLE: '1000' });
    const csv = path.join(os.tmpdir(), `eg-e2e-${process.pid}-alerts-people.csv`);
    fs.writeFileSync(csv, `id_number,name,sex,birth_date,phone,area_code,address,household,tags\n${person},预警甲,,,13700000401,320706022001001001,,,\n`);
    await cli('import', 'people', csv, '--json');
    await cli('case', 'create', '--id-number', person, '--onset', new Date().toISOString().slice(0, 10), '--json');
    // The server sweeps every 15 s; the CLI runs the same sweep now (serialised with the server's,
    // so after it the case is in an alert whichever sweep saw it first) and the test does not wait.
    await cli('alert', 'sweep', '--json');
    const listed = JSON.parse(await cli('alert', 'list', '--status', 'new', '--json')) as Array<Record<string, unknown>>;
    expect(Object.keys(listed[0]!).sort()).toEqual(['area_code', 'grade', 'id', 'raised_at', 'rule', 'status']);
    expect(listed.find((a) => a.rule === 'social-case')).toMatchObject({ grade: 'red', area_code: '320706022', status: 'new' });
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const cookie = String(login.headers.get('set-cookie')).split(';')[0] ?? '';
    const made = await fetch(`${server.url}/api/v1/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ ...OFFICIAL, displayName: '郁州街道防控办', role: 'area_official', scope: ['320706022'], mustChangePassword: false }),
    });
    expect(made.status).toBe(200);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(page, server.url, OFFICIAL.username, OFFICIAL.password);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens the alert from the inbox, sees its evidence, verifies and escalates it, each step with a note', async () => {
    await page.getByRole('menuitem', { name: '预警处置' }).click();
    const row = page.getByRole('row', { name: /社会面病例/ });
    await row.getByText('红色').waitFor();
    await row.getByText(/剩余|remaining/).waitFor();
    await shot(page, 'alerts-inbox');
    await row.getByTestId('alert-open').click();
    const drawer = page.getByTestId('alert-drawer');
    await drawer.getByTestId('alert-evidence').getByText('社会面病例').waitFor();
    await drawer.getByTestId('alert-action-verify').click();
    const ok = page.locator('#alert-note-ok');
    expect(await ok.isDisabled()).toBe(true); // the note is required
    await page.getByTestId('alert-note').fill('已电话核实病例报告，正在流调');
    await ok.click();
    await drawer.getByTestId('alert-status').filter({ hasText: '核实中' }).waitFor();
    await drawer.getByTestId('alert-action-escalate').click();
    await page.getByTestId('alert-note').fill('社会面病例属实，升级启动响应');
    await page.locator('#alert-note-ok').click();
    await drawer.getByTestId('alert-status').filter({ hasText: '已升级' }).waitFor();
    const steps = drawer.getByTestId('alert-timeline');
    await steps.getByText('社会面病例属实，升级启动响应').waitFor();
    expect(await steps.getByText('yujing-a').count()).toBe(2);
    await shot(page, 'alerts-drawer');
    await page.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });
    await page.getByRole('tab', { name: '触发规则' }).click();
    await page.getByTestId('rules-table').getByText('街道多点触发').waitFor();
    await shot(page, 'alerts-rules');
    const listed = JSON.parse(await cli('alert', 'list', '--status', 'escalated', '--json')) as Array<{ rule: string }>;
    expect(listed.map((a) => a.rule)).toContain('social-case');
  });
});
