import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { makeIdNumber } from '../src/server/lib/id-number';
import { ADMIN_PASSWORD, launchBrowser, loginAs, shot, startServer, type E2EServer } from './server';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const tmp = (name: string, body: string) => {
  const f = path.join(os.tmpdir(), `eg-e2e-ho-${process.pid}-${name}`);
  fs.writeFileSync(f, body);
  return f;
};

/**
 * Issue 12, hand-offs by selection: the street epidemiologist confirms three contacts and places them
 * in one go (a 4-year-old with the household's adult); the transfer team works its board — pickup
 * order, address, the phone shown in clear by an audited reveal. No ID number typed in the browser.
 */
describe('hand-offs by selection: an epidemiologist places contacts in bulk, the transfer team works the board', () => {
  let server: E2EServer;
  let browser: Browser;
  let facilityId: string;
  const fourYearsAgo = new Date(Date.now() - 4 * 365.25 * 86_400_000).toISOString().slice(0, 10);
  const people = [
    { name: '病例本人', birth: '1985-04-12', household: 'H-HO-A', address: '郁州路1号' },
    { name: '配偶甲', birth: '1986-05-01', household: 'H-HO-A', address: '郁州路1号' },
    { name: '孩子乙', birth: fourYearsAgo, household: 'H-HO-A', address: '郁州路1号' },
    { name: '邻居丙', birth: '1970-01-02', household: 'H-HO-C', address: '郁州路3号' },
    { name: '司机丁', birth: '1975-03-04', household: 'H-HO-D', address: '海连路18号' },
    { name: '店员戊', birth: '1990-06-07', household: 'H-HO-E', address: '朝阳路6号' },
  ].map((p, i) => ({ ...p, id: makeIdNumber('320706', p.birth.replaceAll('-', ''), 600 + i), phone: `1390000000${i}` }));
  const EPI = { username: 'liudiao-ho', password: 'Epi-password-123' };
  const TEAM = { username: 'zhuanyun-ho', password: 'Team-password-123' };
  const cli = async (...args: string[]) => (await run(process.execPath, [path.join(root, 'bin/epigrid.js'), ...args], { env: server.env })).stdout;

  beforeAll(async () => {
    server = await startServer({ EPIGRID_DEMO_PEOPLE: '1000' });
    const csv = people.map((p) => `${p.id},${p.name},,${p.birth},${p.phone},320706022001001001,${p.address},${p.household},`).join('\n');
    await cli('import', 'people', tmp('people.csv', `id_number,name,sex,birth_date,phone,area_code,address,household,tags\n${csv}\n`), '--json');
    await cli(
      'import',
      'venues',
      tmp('venues.csv', 'venue_code,name,type,area_code\nV101,郁州菜市场,market,320706022001\nV102,苏果超市,supermarket,320706022001\n'),
      '--json',
    );
    const at = (min: number) => new Date(Date.now() - 86_400_000 + min * 60_000).toISOString();
    const [kase, , , neighbour, driver, clerk] = people.map((p) => p.id);
    await cli(
      'import',
      'checkins',
      tmp(
        'checkins.csv',
        `id_number,venue_code,scanned_at\n${kase},V101,${at(0)}\n${neighbour},V101,${at(10)}\n${kase},V102,${at(120)}\n${driver},V102,${at(125)}\n${clerk},V102,${at(130)}\n`,
      ),
      '--json',
    );
    const c = JSON.parse(await cli('case', 'create', '--id-number', kase!, '--onset', new Date().toISOString().slice(0, 10), '--json')) as { code: string };
    facilityId = (
      JSON.parse(await cli('facility', 'create', '--type', 'quarantine', '--name', '郁州隔离点', '--area', '320706022', '--rooms', '20', '--json')) as {
        id: string;
      }
    ).id;
    // The household (spouse, child) is suggested by the trace, the market and supermarket scans by co-presence.
    const candidates = JSON.parse(await cli('trace', 'contacts', '--case', c.code, '--json')) as Array<{ contact_id: string; venue_code: string }>;
    expect(candidates.length).toBeGreaterThanOrEqual(3);
    // The supermarket's two contacts go by vehicle: confirmed and handed to transfer by the CLI (by contact id).
    const v102 = candidates.filter((x) => x.venue_code === 'V102').map((x) => x.contact_id);
    expect(v102).toHaveLength(2);
    await cli('contacts', 'decide', '--ids', v102.join(','), '--decision', 'confirm', '--as', 'close', '--json');
    const requested = JSON.parse(await cli('contacts', 'transfer', '--ids', v102.join(','), '--to', facilityId, '--json')) as Array<{ status: string }>;
    expect(requested.map((r) => r.status)).toEqual(['requested', 'requested']);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    const cookie = String(login.headers.get('set-cookie')).split(';')[0] ?? '';
    for (const [u, role, displayName] of [
      [EPI, 'epidemiologist', '郁州街道流调员'],
      [TEAM, 'transfer_team', '郁州转运组'],
    ] as const) {
      const made = await fetch(`${server.url}/api/v1/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ ...u, displayName, role, scope: ['320706022'], mustChangePassword: false }),
      });
      expect(made.status).toBe(200);
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the epidemiologist selects three contacts, confirms them in one go and places them; the child goes with the household’s adult', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(page, server.url, EPI.username, EPI.password);
    await page.goto(`${server.url}/tracing`);
    await page.getByRole('cell', { name: /^C\d{8}-001$/ }).click();
    const row = (name: RegExp) => page.locator('.ant-drawer .ant-table-row').filter({ hasText: name });
    const three = [/配\*甲/, /孩\*乙/, /邻\*丙/];
    await row(/孩\*乙/)
      .getByText('未成年')
      .waitFor();
    for (const n of three) await row(n).locator('.ant-checkbox-input').check();
    await page.getByTestId('contacts-bulk').getByText('已选 3 人').waitFor();
    await page.getByRole('button', { name: /^判\s?定$/ }).click();
    await page.getByRole('menuitem', { name: '确认：密接' }).click();
    for (const n of three) await row(n).getByText('已确认').waitFor();
    // The selection clears after a decision; select the same three again to place them.
    for (const n of three) await row(n).locator('.ant-checkbox-input').check();
    await page.getByRole('button', { name: '安排隔离' }).click();
    const dialog = page.locator('.ant-modal-content').filter({ hasText: '安排隔离 · 已选 3 人' });
    await dialog.getByText('逐人处理').waitFor();
    // The minor is flagged, with a guardian/carer field (the household's adult goes with the child here).
    await dialog.getByLabel('监护人/看护人 孩*乙', { exact: false }).waitFor();
    await dialog.locator('.ant-select').first().click();
    await page.locator('.ant-select-item-option').filter({ hasText: '郁州隔离点' }).click();
    await shot(page, 'handoff-place-dialog');
    await dialog.getByTestId('handoff-submit').click();
    await dialog
      .getByText(/已安排：郁州隔离点/)
      .first()
      .waitFor();
    expect(await dialog.getByText(/已安排：郁州隔离点/).count()).toBe(3);
    const rooms = await dialog.getByText(/已安排：郁州隔离点/).allInnerTexts();
    // Mother and child in one room; the neighbour in another.
    expect(new Set(rooms).size).toBe(2);
    await shot(page, 'handoff-place-results');
    await dialog.getByRole('button', { name: /^关\s?闭$/ }).click();
    for (const n of three) await row(n).getByText('集中隔离').waitFor();
    await shot(page, 'handoff-contacts-placed');
    await page.close();
  });

  it('the transfer team approves, assigns a vehicle, sees the pickup order and address, and reveals a phone (audited)', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(page, server.url, TEAM.username, TEAM.password);
    await page.goto(`${server.url}/quarantine?tab=transfers`);
    await page.getByText('待审批').first().waitFor();
    await page.getByPlaceholder('车牌').fill('苏G·HO001');
    await page.getByPlaceholder('座位').fill('4');
    await page.getByPlaceholder('司机').fill('王师傅');
    await page.getByRole('button', { name: '添加车辆' }).click();
    const selectAll = async () => page.locator('thead .ant-checkbox-input').check();
    await selectAll();
    await page.getByRole('button', { name: /^审\s?批$/ }).click();
    await page.getByText('已审批').first().waitFor();
    await selectAll();
    await page.locator('.ant-select').filter({ hasText: '派车' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '苏G·HO001' }).click();
    await page.getByText('苏G·HO001 第1站').waitFor();
    await page.getByText('苏G·HO001 第2站').waitFor();
    await page.getByRole('cell', { name: '海连路18号' }).waitFor();
    await page.getByRole('cell', { name: '朝阳路6号' }).waitFor();
    const first = page.locator('.ant-table-row').filter({ hasText: '第1站' });
    await first.getByText(/\d{3}\*{4}\d{4}/).waitFor();
    await shot(page, 'handoff-transfer-board');
    await first.getByRole('button', { name: /^显\s?示$/ }).click();
    await page.locator('.ant-modal-confirm').getByText('记入审计日志', { exact: false }).waitFor();
    await page.getByRole('button', { name: /OK|确 定|确定/ }).click();
    await first.getByText(/^1390000000[45]$/).waitFor();
    await shot(page, 'handoff-phone-revealed');
    const db = new Database(path.join(server.dataDir, 'epigrid.db'), { readonly: true });
    const audit = db.prepare("select action, reason from audit_log where action = 'person.pii_revealed'").all() as Array<{
      action: string;
      reason: string;
    }>;
    db.close();
    expect(audit).toEqual([{ action: 'person.pii_revealed', reason: '接人前电话联系' }]);
    await page.close();
  });
});
