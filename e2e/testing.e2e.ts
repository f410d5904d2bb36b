import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_PASSWORD, loginAs, shot, startServer, type E2EServer, adminDesk } from './server';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

describe('mass testing in the browser: round, sampling page, lab upload, re-checks', () => {
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
    await loginAs(phone, server.url, 'admin', ADMIN_PASSWORD);
    await phone.goto(`${server.url}/testing`);
    await phone.getByRole('tab', { name: '采样' }).click();
    await phone.getByTestId('scan-tube').fill('TUBE0001');
    await phone.getByTestId('scan-tube').press('Enter');
    for (const id of people) {
      await phone.getByTestId('scan-person').pressSequentially(id, { delay: 2 });
      await phone.getByTestId('scan-person').press('Enter');
    }
    await phone.waitForTimeout(2500);
    await shot(phone, 'testing-sampling-phone');
    expect(await phone.getByText('已上传').count()).toBe(3);
    await phone.close();
  });

  it('lab uploads a positive pool; re-checks appear with their clocks; coverage shows on the map', async () => {
    const file = path.join(os.tmpdir(), `eg-e2e-results-${process.pid}.csv`);
    fs.writeFileSync(
      file,
      `tube_barcode,result,ct_n,ct_orf1ab,tested_at,lab_code\nTUBE0001,positive,28,30,${new Date().toISOString()},LAB1\nNOPE,negative,,,${new Date().toISOString()},LAB1\n`,
    );
    await page.goto(`${server.url}/testing`);
    await page.getByRole('tab', { name: '实验室' }).click();
    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('lab-result').waitFor();
    expect(await page.getByTestId('lab-result').innerText()).toContain('TUBE0001');
    expect(await page.locator('body').innerText()).toContain('unknown tube NOPE');
    await shot(page, 'testing-lab-upload');
    await page.getByRole('tab', { name: '单管复核' }).click();
    await page.getByText('待找到').first().waitFor();
    expect(await page.locator('.ant-table-row').count()).toBe(3);
    await shot(page, 'testing-rechecks');
    await page.getByRole('tab', { name: '筛查轮次' }).click();
    await page.getByTestId('coverage').waitFor();
    await page.getByTestId('grid-map').waitFor();
    await page.waitForTimeout(800);
    await shot(page, 'testing-coverage');
    const report = JSON.parse(await cli('report', 'rechecks', '--round', roundId, '--json')) as Array<{ status: string; id_number_masked: string }>;
    expect(report).toHaveLength(3);
    expect(report[0]?.id_number_masked).toMatch(/\*{10}/);
    const cov = JSON.parse(await cli('report', 'coverage', '--round', roundId, '--area', '320706', '--json'));
    // The target is the registry when the round was created (2,000); the three imported later count as sampled.
    expect(cov).toMatchObject({ target: 2000, sampled: 3, resulted: 3, positive: 3 });
  });
});
