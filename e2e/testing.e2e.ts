import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { pressPrint } from './print';
import { loginAs, shot, startServer, type E2EServer, adminDesk } from './server';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

const STAFF_PASSWORD = 'Staff-pass-2026!';

describe('mass testing in the browser: round, sampling page (a posted sampler), lab intake and upload (a posted lab), re-checks', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  let roundId: string;
  const cli = async (...args: string[]) => (await run(process.execPath, [path.join(root, 'bin/epigrid.js'), ...args], { env: server.env })).stdout;

  beforeAll(async () => {
    server = await startServer({ EPIGRID_DEMO_PEOPLE: '2000' });
    roundId = JSON.parse(await cli('round', 'create', '--area', '320706', '--pool-size', '10', '--name', '全员筛查第1轮', '--json')).id;
    await cli('site', 'create', '--code', 'S01', '--area', '320706022', '--teams', '3', '--json');
    await cli('lab', 'create', '--code', 'LAB1', '--area', '320706', '--capacity', '100000', '--json');
    ({ browser, page } = await adminDesk(server));
    // The people who do the work, created through the API as the city's admin would: a sampler of
    // street 郁州 posted to site S01, and a lab worker posted to LAB1 (no area of their own).
    for (const u of [
      { username: 'sampler-s01', role: 'sampler', scope: ['320706022'], sites: [{ kind: 'sampling_site', code: 'S01' }] },
      { username: 'lab-lab1', role: 'lab', scope: [], sites: [{ kind: 'lab', code: 'LAB1' }] },
    ]) {
      const res = await page.request.post(`${server.url}/api/v1/users`, {
        data: { ...u, displayName: u.username, password: STAFF_PASSWORD, mustChangePassword: false },
      });
      expect(res.status()).toBe(200);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('samples by scanning on a phone-sized page; a fast scanner loses nothing', async () => {
    // Residents with known ID numbers (the demo city's are never shown in clear).
    const file = path.join(os.tmpdir(), `eg-e2e-people-${process.pid}.csv`);
    const people = ['11010519491231002X', '110105194912310126', '110105194912310222'];
    fs.writeFileSync(
      file,
      `id_number,name,sex,birth_date,phone,area_code,address,household,tags\n${people.map((p, i) => `${p},测试${i},,,1380000000${i},320706022001001001,,,`).join('\n')}\n`,
    );
    await cli('import', 'people', file, '--json');
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await loginAs(phone, server.url, 'sampler-s01', STAFF_PASSWORD);
    await phone.goto(`${server.url}/testing`);
    await phone.getByRole('tab', { name: '采样' }).click();
    await phone.getByTestId('scan').fill('TUBE0001');
    await phone.getByTestId('scan').press('Enter');
    for (const id of people) {
      await phone.getByTestId('scan').pressSequentially(id, { delay: 2 });
      await phone.getByTestId('scan').press('Enter');
    }
    // The queue uploads once a second; wait for the three scans to be acknowledged.
    await expect.poll(() => phone.getByText('已上传').count(), { timeout: 15_000 }).toBe(3);
    expect(await phone.getByTestId('sampling-site').innerText()).toContain('S01');
    await shot(phone, 'testing-sampling-phone');
    // The same sampler boxes the tube at their site and hands the box over to LAB1.
    await phone.getByRole('tab', { name: '转运' }).click();
    await phone.getByTestId('box-code').fill('BOX-E2E-1');
    await phone.getByTestId('box-tubes').fill('TUBE0001');
    await phone.getByTestId('box-seal').click();
    await expect.poll(() => phone.getByTestId('boxes-msg').innerText(), { timeout: 10_000 }).toContain('BOX-E2E-1: 1');
    // The sealed box's manifest (箱单) prints from the same page, to go in the box.
    const manifest = await pressPrint(phone, 'print-box-BOX-E2E-1', 'box-manifest');
    expect(manifest).toMatch(/BOX-E2E-1[\s\S]*TUBE0001/);
    await phone.getByTestId('handover-code').fill('BOX-E2E-1');
    await phone.getByTestId('handover-lab').click();
    await phone.locator('.ant-select-item-option', { hasText: 'LAB1' }).click();
    await phone.getByTestId('handover').click();
    await expect.poll(() => phone.getByTestId('boxes-msg').innerText(), { timeout: 10_000 }).toContain('BOX-E2E-1 → LAB1 ✓');
    await shot(phone, 'testing-boxes-phone');
    await phone.close();
  });

  it('lab uploads a positive pool; re-checks appear with their clocks; coverage shows on the map', async () => {
    const file = path.join(os.tmpdir(), `eg-e2e-results-${process.pid}.csv`);
    fs.writeFileSync(
      file,
      `tube_barcode,result,ct_n,ct_orf1ab,tested_at,lab_code\nTUBE0001,positive,28,30,${new Date().toISOString()},LAB1\nNOPE,negative,,,${new Date().toISOString()},LAB1\n`,
    );
    const lab = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(lab, server.url, 'lab-lab1', STAFF_PASSWORD);
    await lab.goto(`${server.url}/testing`);
    await lab.getByRole('tab', { name: '实验室' }).click();
    // The box handed over to LAB1 waits in its intake queue; receiving checks the count.
    await lab.getByTestId('lab-incoming').getByText('BOX-E2E-1').waitFor();
    await lab.getByTestId('receive-BOX-E2E-1').click();
    await expect.poll(() => lab.getByTestId('lab-receive-msg').innerText(), { timeout: 10_000 }).toContain('BOX-E2E-1: 1/1 ✓');
    await lab.getByTestId('file-input').setInputFiles(file);
    await lab.getByTestId('lab-result').waitFor();
    expect(await lab.getByTestId('lab-result').innerText()).toContain('TUBE0001');
    expect(await lab.locator('body').innerText()).toContain('没有此试管（未采样，或未送到本实验室）');
    expect(await lab.locator('body').innerText()).not.toContain('unknown tube');
    await shot(lab, 'testing-lab-upload');
    // The lab sees counts, never the names of the people in the pool.
    expect(await lab.locator('body').innerText()).not.toContain('测试0');
    await lab.close();
    await page.goto(`${server.url}/testing`);
    await page.getByRole('tab', { name: '单管复核' }).click();
    await page.getByText('待找到').first().waitFor();
    expect(await page.locator('.ant-table-row').count()).toBe(3);
    await shot(page, 'testing-rechecks');
    await page.getByRole('tab', { name: '筛查轮次' }).click();
    await page.getByTestId('coverage').waitFor();
    // The round's figures count people: the three imported after the round was created are flagged
    // outside its target (not sampled against it), their pool is one positive tube, and they await
    // their re-checks — no one is a positive person before their own single tube says so.
    const fig = async (k: string) => (await page.getByTestId(`fig-${k}`).innerText()).replace(/[\s,]/g, '');
    await expect.poll(() => fig('outsideTarget')).toContain('应检外已采3');
    expect(await fig('target')).toContain('应检2000');
    expect(await fig('sampled')).toContain('已采0');
    expect(await fig('positive')).toContain('阳性/可疑0');
    expect(await fig('tubes')).toContain('采样管数1');
    expect(await fig('poolsPositive')).toContain('阳性混管1');
    expect(await fig('rechecksOpen')).toContain('待复核人数3');
    await page.getByTestId('grid-map').waitFor();
    await page.getByTestId('grid-map').locator('canvas').first().waitFor();
    await shot(page, 'testing-coverage');
    const report = JSON.parse(await cli('report', 'rechecks', '--round', roundId, '--json')) as Array<{ status: string; id_number_masked: string }>;
    expect(report).toHaveLength(3);
    expect(report[0]?.id_number_masked).toMatch(/\*{10}/);
    const cov = JSON.parse(await cli('report', 'coverage', '--round', roundId, '--area', '320706', '--json'));
    // The target is the registry when the round was created (2,000); the three imported later are
    // flagged outside it, awaiting their re-checks: people, not tubes (issue 12).
    expect(cov).toMatchObject({ target: 2000, sampled: 0, resulted: 0, positive: 0, outside_target: 3, rechecks_open: 3, tubes: 1, pools_positive: 1 });
  });
});
