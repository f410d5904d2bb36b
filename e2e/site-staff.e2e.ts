import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { makeIdNumber } from '../src/server/lib/id-number';
import { launchBrowser, loginAs, shot, startServer, type E2EServer } from './server';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

/**
 * Site-based access (issue 10 item 4) as the people who work it: a quarantine site's own manager —
 * posted to the site, with no area of their own — records a resident's fever although the resident
 * lives in another street; the manager of that resident's home street sees the placement read-only.
 * Both accounts come from a users import with one-time passwords, as a county would create them.
 */
describe('quarantine site staff in the browser: posted to the site, not to the street', () => {
  let server: E2EServer;
  let browser: Browser;
  const home = '320706022001001001';
  const ids = [0, 1].map((i) => makeIdNumber('320706', '19850312', 610 + i));
  const cli = async (...args: string[]) => (await run(process.execPath, [path.join(root, 'bin/epigrid.js'), ...args], { env: server.env })).stdout;
  const passwords = new Map<string, string>();
  let facilityId = '';

  /** First login with the one-time password: the app sends them to change it, then in. */
  async function firstLogin(username: string, newPassword: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await loginAs(page, server.url, username, passwords.get(username) ?? '');
    await page.waitForURL((u) => u.pathname.startsWith('/password'));
    await page.locator('#currentPassword').fill(passwords.get(username) ?? '');
    await page.locator('#newPassword').fill(newPassword);
    await page.locator('#confirm').fill(newPassword);
    await page.locator('button[type=submit]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/password'));
    return page;
  }

  beforeAll(async () => {
    server = await startServer({ EPIGRID_DEMO_PEOPLE: '1000' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eg-e2e-site-'));
    const people = path.join(dir, 'people.csv');
    fs.writeFileSync(
      people,
      `id_number,name,sex,birth_date,phone,area_code,address,household,tags\n${ids.map((p, i) => `${p},驻点${i},,,1370000000${i},${home},,H-S-${i},`).join('\n')}\n`,
    );
    await cli('import', 'people', people, '--json');
    // The site lies in another street of the official tree: its staff are posted to it, not to 郁州 where the residents live.
    await cli('areas', 'load', '--district', '320706', '--json');
    const streets = JSON.parse(await cli('areas', 'list', '--parent', '320706', '--json')) as Array<{ code: string }>;
    const siteStreet = streets.map((s) => s.code).find((c) => !home.startsWith(c));
    expect(siteStreet).toBeTruthy();
    const f = JSON.parse(
      await cli('facility', 'create', '--type', 'quarantine', '--name', '驻点隔离酒店', '--area', siteStreet!, '--rooms', '10', '--json'),
    ) as { id: string };
    facilityId = f.id;
    for (const id of ids) await cli('place', '--id-number', id, '--reason', 'close-contact', '--facility', f.id, '--json');
    // The district's designated hospital the site sends its positives to. The site's manager is not
    // posted there and holds no area: the city's treatment places are every sender's destinations.
    await cli('facility', 'create', '--type', 'designated', '--name', '市定点医院', '--area', '320706', '--rooms', '5', '--json');
    const users = path.join(dir, 'users.csv');
    const out = path.join(dir, 'passwords.csv');
    fs.writeFileSync(
      users,
      [
        'username,display_name,role,scope,phone,sites',
        `site.manager,驻点经理,quarantine_manager,,13800000001,facility:${f.id}`,
        `home.manager,郁州隔离专班,quarantine_manager,320706022,13800000002,`,
      ].join('\n') + '\n',
    );
    const imported = JSON.parse(await cli('import', 'users', users, '--passwords', out, '--json')) as { accepted: number };
    expect(imported.accepted).toBe(2);
    for (const line of fs.readFileSync(out, 'utf8').trim().split('\n').slice(1)) {
      const [username, password] = line.split(',');
      passwords.set(username!, password!);
    }
    browser = await launchBrowser();
  }, 300_000); // seven CLI runs, each a fresh process
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("the site's own manager records a fever of another street's resident, and it becomes their task", async () => {
    const phone = await firstLogin('site.manager', 'Site-manager-2026!');
    await phone.goto(`${server.url}/quarantine?tab=health`);
    await phone.locator('.ant-select').first().click();
    await phone
      .locator('.ant-select-item-option')
      .filter({ hasText: /^驻点隔离酒店$/ })
      .click();
    await phone.locator('[data-testid="temp-001"] input, input[data-testid="temp-001"]').first().fill('38.4');
    await phone
      .getByRole('button', { name: /^提\s?交$/ })
      .first()
      .click();
    await phone.getByText('发热', { exact: true }).waitFor();
    await shot(phone, 'site-manager-fever');
    // The task is theirs to close: it is listed for the site, whoever's resident the person is.
    const tasks = await phone.evaluate(async (fid) => {
      const r = await fetch(`/api/v1/quarantine/tasks?facilityId=${fid}`);
      return { status: r.status, body: (await r.json()) as { items: Array<{ kind: string }> } };
    }, facilityId);
    expect(tasks.status).toBe(200);
    expect(tasks.body.items.map((k) => k.kind)).toContain('fever');
    await phone.close();
  });

  it("the residents' home-street manager sees the placements but cannot act at the site", async () => {
    const page = await firstLogin('home.manager', 'Home-manager-2026!');
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.goto(`${server.url}/quarantine`);
    await page.getByRole('tab', { name: '隔离人员' }).click();
    await page
      .getByRole('cell', { name: /驻点隔离酒店/ })
      .first()
      .waitFor();
    await page
      .getByText(/3207\*+\d{3}[\dX]/)
      .first()
      .waitFor();
    // Read-only: no test-result buttons on a placement at a site they are not posted to.
    expect(await page.getByRole('button', { name: '阴性' }).count()).toBe(0);
    await shot(page, 'home-manager-read-only');
    const attempt = await page.evaluate(async () => {
      const list = (await (await fetch('/api/v1/quarantine/placements?limit=50')).json()) as { items: Array<{ id: string; facility: string }> };
      const p = list.items.find((x) => x.facility === '驻点隔离酒店');
      const r = await fetch(`/api/v1/quarantine/placements/${p?.id ?? 'none'}/checks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ temperature: 36.5 }),
      });
      return { found: !!p, status: r.status };
    });
    expect(attempt).toEqual({ found: true, status: 403 });
    await page.close();
  });

  it('a positive in-stay test at the site: the manager is told (not as a 单管复核 result) and sends the person on to the designated hospital', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(page, server.url, 'site.manager', 'Site-manager-2026!');
    await page.goto(`${server.url}/quarantine?tab=placements`);
    const row = page.locator('tr').filter({ hasText: '驻*1' });
    const recorded = page.waitForResponse((r) => r.url().includes('/tests') && r.request().method() !== 'GET');
    await row.getByRole('button', { name: /^阳\s?性$/ }).click();
    expect((await recorded).status()).toBe(200);
    await page.goto(`${server.url}/handoffs`);
    await page.waitForTimeout(1500);
    await shot(page, 'site-manager-stay-positive');
    await page.getByText('隔离期间检测阳性').first().waitFor();
    expect(await page.getByText('单管复核').count()).toBe(0);
    await shot(page, 'site-manager-stay-positive');
    await page.goto(`${server.url}/quarantine?tab=placements`);
    await row.getByRole('button', { name: '转出…' }).click();
    await page.locator('.ant-modal .ant-select').first().click();
    // Grouped: the sites they run, then the city's treatment places with room left and arrivals on the way.
    await page.locator('.ant-select-item-group').filter({ hasText: '全市救治点' }).waitFor();
    await shot(page, 'site-manager-destinations');
    await page.locator('.ant-select-item-option').filter({ hasText: '市定点医院（空余 5，在途 0）' }).click();
    await page.getByRole('button', { name: /^确\s?定$/ }).click();
    await page.getByRole('tab', { name: '人员转运' }).click();
    await page.getByText('待审批').first().waitFor();
    await page
      .getByRole('cell', { name: /市定点医院/ })
      .first()
      .waitFor();
    await shot(page, 'site-manager-transfer-out');
    await page.close();
  });
});
