import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { makeIdNumber } from '../src/server/lib/id-number';
import { pressPrint } from './print';
import { ADMIN_PASSWORD, loginAs, shot, startServer, type E2EServer, adminDesk } from './server';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

describe('quarantine in the browser: facility from the CLI, transfer a household, place, check daily, capacity', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  const ids = [0, 1, 2, 3].map((i) => makeIdNumber('320706', '19790921', 400 + i));
  const cli = async (...args: string[]) => (await run(process.execPath, [path.join(root, 'bin/epigrid.js'), ...args], { env: server.env })).stdout;

  beforeAll(async () => {
    server = await startServer({ EPIGRID_DEMO_PEOPLE: '1000' });
    const file = path.join(os.tmpdir(), `eg-e2e-q-${process.pid}.csv`);
    fs.writeFileSync(
      file,
      `id_number,name,sex,birth_date,phone,area_code,address,household,tags\n${ids.map((p, i) => `${p},隔离${i},,,1360000000${i},320706022001001001,,${i < 2 ? 'H-Q-FAM' : `H-Q-${i}`},`).join('\n')}\n`,
    );
    await cli('import', 'people', file, '--json');
    const f = JSON.parse(await cli('facility', 'create', '--type', 'quarantine', '--name', '郁州隔离点', '--area', '320706022', '--rooms', '20', '--json')) as {
      id: string;
    };
    expect(f.id).toBeTruthy();
    const placed = JSON.parse(await cli('place', '--id-number', ids[2]!, '--reason', 'close-contact', '--facility', f.id, '--json')) as Record<string, string>;
    expect(Object.keys(placed).sort()).toEqual(['facility_id', 'monitoring_end', 'placement_id', 'room', 'site_end', 'start']);
    expect(placed).toMatchObject({ facility_id: f.id, room: '001' });
    // Without --facility a free room is chosen in an active quarantine site (the demo city has one too).
    const auto = JSON.parse(await cli('place', '--id-number', ids[3]!, '--reason', 'close-contact', '--json')) as Record<string, string>;
    expect(auto.room).toMatch(/\d/);
    const cap = JSON.parse(await cli('report', 'capacity', '--json')) as { facilities: Array<Record<string, unknown>>; rooms_per_10k: number };
    // The automatic choice is the site nearest the person's home: it may be this one.
    const here = auto.facility_id === f.id ? 2 : 1;
    expect(cap.facilities.find((x) => x.id === f.id)).toMatchObject({
      id: f.id,
      type: 'quarantine',
      mode: 'active',
      rooms_total: 20,
      rooms_occupied: here,
      rooms_free: 20 - here,
    });
    expect(cap.rooms_per_10k).toBeGreaterThan(0);
    await expect(cli('place', '--id-number', ids[2]!, '--reason', 'close-contact', '--json')).rejects.toMatchObject({
      stderr: expect.stringContaining('live placement'),
    });
    ({ browser, page } = await adminDesk(server));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('transfers a household in one vehicle run and places them together on arrival', async () => {
    await page.goto(`${server.url}/quarantine`);
    await page.getByText('郁州隔离点').first().waitFor();
    await page.waitForTimeout(800);
    await shot(page, 'quarantine-facilities');
    await page.getByRole('tab', { name: '人员转运' }).click();
    await page.getByPlaceholder('车牌').fill('苏G·E2E01');
    await page.getByPlaceholder('座位').fill('4');
    await page.getByPlaceholder('司机').fill('王师傅');
    await page.getByRole('button', { name: '添加车辆' }).click();
    await page.getByPlaceholder(/身份证号/).fill(`${ids[0]},${ids[1]}`);
    await page.locator('.ant-select').filter({ hasText: '目的地' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '郁州隔离点' }).click();
    await page.getByRole('button', { name: '申请转运' }).click();
    await page.getByText('待审批').first().waitFor();
    const selectAll = async () => page.locator('thead .ant-checkbox-input').check();
    await selectAll();
    await page.getByRole('button', { name: /^审\s?批$/ }).click();
    await page.getByText('已审批').first().waitFor();
    await selectAll();
    await page.locator('.ant-select').filter({ hasText: '派车' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: '苏G·E2E01' }).click();
    await page.getByText('已派车').first().waitFor();
    await selectAll();
    await page.getByRole('button', { name: '已接到' }).click();
    await page.getByRole('cell', { name: '已接到' }).first().waitFor();
    await selectAll();
    await page.getByRole('button', { name: '已到达' }).click();
    await page.getByRole('cell', { name: '已到达' }).first().waitFor();
    await shot(page, 'quarantine-transfers');
    // The run's transfer sheet (转运单) prints for the crew: both riders (names masked on paper), one after the other.
    const sheet = await pressPrint(page, page.locator('[data-testid^="print-run-"]'), 'transfer-sheet');
    expect(sheet).toMatch(/人员转运单[\s\S]*苏G·E2E01[\s\S]*1\s+隔\*0[\s\S]*2\s+隔\*1/);
    await page.getByRole('tab', { name: '房间/床位' }).click();
    await page.locator('.ant-select').first().click();
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: /^郁州隔离点/ })
      .click();
    await page.getByTestId('room-002').getByText('2/3').waitFor();
    await shot(page, 'quarantine-rooms');
    // The placements tab shows the wire fields (camelCase): masked ID number, days served, next test and its due date.
    await page.getByRole('tab', { name: '隔离人员' }).click();
    await page
      .getByText(/^D1 \d{4}-\d{2}-\d{2}$/)
      .first()
      .waitFor();
    await page
      .getByText(/3207\*+\d{3}[\dX]/)
      .first()
      .waitFor();
    await shot(page, 'quarantine-placements');
    // 告知书: the notice handed to the person placed, with their site and end date.
    const notice = await pressPrint(page, page.locator('[data-testid^="print-notice-"]'), 'quarantine-notice');
    expect(notice).toContain('告知书');
    expect(notice).toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('site staff record a fever on a phone and it becomes a task; capacity board and projection show', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await loginAs(phone, server.url, 'admin', ADMIN_PASSWORD);
    await phone.goto(`${server.url}/quarantine?tab=health`);
    await phone.locator('.ant-select').first().click();
    await phone
      .locator('.ant-select-item-option')
      .filter({ hasText: /^郁州隔离点$/ })
      .click();
    await phone.locator('input[data-testid="temp-001"], [data-testid="temp-001"] input').first().fill('38.2');
    await phone
      .getByRole('button', { name: /^提\s?交$/ })
      .first()
      .click();
    await phone.getByText('发热', { exact: true }).waitFor();
    // The checked person is marked done (and sorted after those left); the count says who is left.
    await phone
      .getByTestId('done-001')
      .getByText(/已测 38.2°C/)
      .waitFor();
    expect(await phone.getByTestId('checked-today').innerText()).toMatch(/已监测 1 \/ \d+ 人/);
    await shot(phone, 'quarantine-health-phone');
    // The phone remembers its site: reopening the page needs no choosing.
    await phone.reload();
    await phone.getByTestId('done-001').waitFor();
    // On a phone the side menu is folded away and opens from the header button.
    await phone.getByTestId('menu-toggle').click();
    await phone.getByRole('link', { name: '流调溯源' }).click();
    await phone.waitForURL((u) => u.pathname === '/tracing');
    await shot(phone, 'phone-menu-navigated');
    await phone.close();
    await page.getByRole('tab', { name: '容量与预测' }).click();
    await page.getByText('每万人隔离房间').waitFor();
    await page.waitForTimeout(800);
    await shot(page, 'quarantine-capacity');
  });

  // Last: it releases the person in room 001, whom the fever check above records.
  it('releasing early with a reason moves the person to 已解除, where the 解除隔离证明 prints', async () => {
    await page.goto(`${server.url}/quarantine?tab=placements`);
    const row = page.locator('tr').filter({ hasText: '隔*2' });
    await row.getByRole('button', { name: '解除…' }).click();
    await page.getByPlaceholder('事由').fill('经专家评估，符合提前解除条件');
    await page.getByRole('button', { name: /^确\s?定$/ }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByTestId('placement-status').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '已解除' }).click();
    const released = page.locator('tr').filter({ hasText: '隔*2' });
    await released.waitFor();
    // It shows when and how it ended; the site tests it never took lapsed with the release, and
    // a home-monitoring test is next.
    await released.getByText('提前解除').waitFor();
    await shot(page, 'quarantine-released');
    await released.getByText(/^居家D\d+ \d{4}-/).waitFor();
    // Released early (override): the certificate says so, with the masked ID and never the whole number.
    const cert = await pressPrint(page, released.locator('[data-testid^="print-release-"]'), 'release-certificate');
    expect(cert).toMatch(/解除隔离医学观察证明[\s\S]*兹证明隔离2/);
    expect(cert).toContain('经评估提前');
    expect(cert).toMatch(/3207\*+\d{3}[\dX]/);
    expect(cert).not.toContain(ids[2]!);
  });
});
