import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { adminDesk, loginAs, shot, startServer, type E2EServer } from './server';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const PASSWORD = 'Staff-pass-2026!';

/** 11 valid ID numbers (born 1990-01-01 + i days, area 320706), made with the same check digit rule as the server. */
function idNumbers(n: number): string[] {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const c = '10X98765432';
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(1990, 0, 1 + i)).toISOString().slice(0, 10).replace(/-/g, '');
    const body = `320706${d}${String(301 + i).slice(-3)}`;
    const sum = [...body].reduce((s, ch, k) => s + Number(ch) * (w[k] as number), 0);
    return body + c[sum % 11];
  });
}

describe('sampling page with a hand scanner, as a posted sampler: either order, 11 into two tubes, close a part tube, offline reload', () => {
  let server: E2EServer;
  let browser: Browser;
  let phone: Page;
  const cli = async (...args: string[]) => (await run(process.execPath, [path.join(root, 'bin/epigrid.js'), ...args], { env: server.env })).stdout;
  const people = idNumbers(15); // the 15th is first sampled by its 居民码

  beforeAll(async () => {
    server = await startServer({ EPIGRID_DEMO_PEOPLE: '2000' });
    await cli('round', 'create', '--area', '320706', '--pool-size', '10', '--name', '扫码轮次', '--json');
    await cli('site', 'create', '--code', 'SCAN1', '--area', '320706022', '--json');
    const file = path.join(os.tmpdir(), `eg-e2e-scan-${process.pid}.csv`);
    fs.writeFileSync(file, `id_number,name,area_code\n${people.map((p, i) => `${p},扫码${i},320706022001001001`).join('\n')}\n`);
    await cli('import', 'people', file, '--json');
    const desk = await adminDesk(server);
    browser = desk.browser;
    const res = await desk.page.request.post(`${server.url}/api/v1/users`, {
      data: {
        username: 'scanner1',
        displayName: '采样员',
        role: 'sampler',
        scope: [],
        sites: [{ kind: 'sampling_site', code: 'SCAN1' }],
        password: PASSWORD,
        mustChangePassword: false,
      },
    });
    expect(res.status()).toBe(200);
    await desk.page.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** What a keyboard-mode scanner does: the code typed fast, then Enter. */
  const scan = async (code: string) => {
    await phone.keyboard.type(code, { delay: 1 });
    await phone.keyboard.press('Enter');
  };
  const counter = () => phone.getByTestId('tube-counter').innerText();
  const queued = async () => Number(await phone.getByTestId('queue-count').getAttribute('data-count'));

  it('keeps up with a fast scanner in either order, sends the 11th to the next tube, closes a part tube, survives an offline reload', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    phone = await context.newPage();
    await loginAs(phone, server.url, 'scanner1', PASSWORD);
    await phone.goto(`${server.url}/testing`);
    await phone.getByRole('tab', { name: '采样' }).click();
    await expect.poll(() => phone.getByTestId('scan-order').innerText()).toContain('先扫试管');
    await phone.getByTestId('scan').focus();

    // People first (wrong order): they wait, nothing is joined; the tube then takes them.
    await scan(people[0] as string);
    expect(await phone.getByTestId('scan-feedback').getAttribute('data-level')).toBe('warn');
    expect(await phone.getByTestId('waiting').innerText()).toContain('1');
    await scan('TUBEA001');
    expect(await counter()).toContain('TUBEA001 · 1/10');
    for (const id of people.slice(1, 10)) await scan(id);
    await shot(phone, 'sampling-ten');
    expect(await phone.getByTestId('scan-feedback').innerText()).toContain('请扫描下一管');
    expect(await counter()).toContain('请扫描试管');
    // The 11th person waits for the next tube instead of being dropped.
    await scan(people[10] as string);
    await scan('TUBEA002');
    expect(await counter()).toContain('TUBEA002 · 1/10');
    await scan(people[11] as string);
    await expect.poll(queued, { timeout: 15_000 }).toBe(0);
    await shot(phone, 'sampling-two-tubes');
    // Close the part-filled second tube (2/10).
    await phone.getByTestId('close-tube').click();
    expect(await phone.getByTestId('scan-feedback').innerText()).toContain('已关闭');
    await expect.poll(queued, { timeout: 15_000 }).toBe(0);

    // Offline: scans queue up, survive a reload, and go up once when the network is back.
    await context.setOffline(true);
    await phone.getByTestId('scan').focus();
    await scan('TUBEA003');
    await scan(people[12] as string);
    await scan(people[13] as string);
    await scan(people[0] as string); // already sampled in this round: kept, warned
    expect(await phone.getByTestId('scan-feedback').getAttribute('data-level')).toBe('warn');
    await expect.poll(() => phone.getByTestId('offline').count(), { timeout: 10_000 }).toBe(1);
    expect(await queued()).toBe(3);
    await shot(phone, 'sampling-offline-queue');
    await phone.reload({ waitUntil: 'commit' }).catch(() => undefined); // offline: the reload itself fails
    await context.setOffline(false);
    await phone.goto(`${server.url}/testing`);
    await phone.getByRole('tab', { name: '采样' }).click();
    await expect.poll(queued, { timeout: 15_000 }).toBe(0);
    // The open tube comes back from localStorage once the page knows its round and site (two fetches).
    await expect.poll(counter, { timeout: 10_000 }).toContain('TUBEA003 · 3/10');
    await shot(phone, 'sampling-back-online');

    // Exactly once each on the server: 10 + 2 + 3 samples, tube A002 closed at 2.
    const tubes = await phone.request.get(`${server.url}/api/v1/testing/rounds`);
    expect(tubes.status()).toBe(200);
    const coverage = JSON.parse(await cli('report', 'coverage', '--round', (await tubes.json()).items[0].id, '--json')) as {
      sampled: number;
      outside_target: number;
      tubes: number;
    };
    // Three tubes; 14 different people (one sampled twice, counted once), whether in the target or flagged outside it.
    expect(coverage.tubes).toBe(3);
    expect(coverage.sampled + coverage.outside_target).toBe(14);
    await context.close();
  });

  it('takes a 居民码 QR in place of an ID card, and registers a walk-in on the spot (F2) without losing their tube place', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await loginAs(page, server.url, 'scanner1', PASSWORD);
    await page.goto(`${server.url}/testing`);
    await page.getByRole('tab', { name: '采样' }).click();
    await page.getByTestId('scan').focus();
    const type = async (code: string) => {
      await page.keyboard.type(code, { delay: 1 });
      await page.keyboard.press('Enter');
    };
    // A resident shows the QR of their 居民码 (as a URL, the way phones present it): it samples them like their ID card.
    const { resident_code: code } = JSON.parse(await cli('sample', 'resident-code', '--id-number', people[14] as string, '--json')) as {
      resident_code: string;
    };
    await type('TUBEQR01');
    await type(`https://epigrid.example/rc/${code}`);
    await expect.poll(() => page.getByTestId('tube-counter').innerText()).toContain('TUBEQR01 · 1/10');
    await expect.poll(() => page.locator('[data-testid="scan-list"] [data-state="sent"]').count(), { timeout: 10_000 }).toBe(1);
    // Someone not in the registry: refused with the prompt, F2 opens 现场登记 with their number already filled in.
    const stranger = idNumbers(20)[19] as string;
    await type(stranger);
    await expect.poll(() => page.getByTestId('scan-feedback').innerText(), { timeout: 10_000 }).toContain('未在册');
    await page.keyboard.press('F2');
    await expect.poll(() => page.getByTestId('walk-in-id').inputValue()).toBe(stranger);
    await page.getByTestId('walk-in-name').fill('现场登记人');
    await page.getByTestId('walk-in-phone').fill('13912345678');
    await shot(page, 'sampling-walk-in', { fullPage: false });
    await page.getByTestId('walk-in-submit').click();
    // Registered and sampled into the same tube; they get their own 居民码 on screen to keep.
    await page.getByTestId('resident-qr').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('scan-feedback').innerText()).toContain('已现场登记并采样');
    await shot(page, 'sampling-walk-in-code', { fullPage: false });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('tube-counter').innerText()).toContain('TUBEQR01 · 2/10');
    expect(await page.getByTestId('scan-list').innerText()).toContain('已现场登记（见上一条）');
    // The walk-in is now in the registry: a paper 居民码 can be printed for them like for anyone registered.
    expect(JSON.parse(await cli('sample', 'resident-code', '--id-number', stranger, '--json')).resident_code).toMatch(/^EGRC1\./);
    await context.close();
  });
});
