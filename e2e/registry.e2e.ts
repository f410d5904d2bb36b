import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { shot, startServer, type E2EServer, adminDesk } from './server';

describe('registry in the browser (demo city)', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer({ EPIGRID_DEMO_PEOPLE: '3000' });
    ({ browser, page } = await adminDesk(server));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('home shows the demo population', async () => {
    await page.getByText('登记人口').waitFor();
    await shot(page, 'registry-home');
  });

  it('area tree with counts, responsibles and the grid map', async () => {
    await page.goto(`${server.url}/areas`);
    await page.getByText('江苏省').first().waitFor();
    await page.locator('.ant-tree-switcher').first().click();
    await page.getByText('连云港市').first().waitFor();
    await page.locator('.ant-tree-switcher').nth(1).click();
    await page.getByText('海州区').first().click();
    await page.getByTestId('grid-map').waitFor();
    await page.waitForTimeout(800);
    await shot(page, 'registry-areas');
    await page.getByRole('tab', { name: '责任盲区' }).click();
    await page
      .locator('.ant-table-row')
      .first()
      .waitFor({ timeout: 10_000 })
      .catch(() => undefined);
    await shot(page, 'registry-gaps');
  });

  it('searches people, opens a person and reveals the ID with a reason', async () => {
    await page.goto(`${server.url}/people`);
    await page.getByPlaceholder('姓名、身份证号或手机号').fill('王');
    await page.getByPlaceholder('姓名、身份证号或手机号').press('Enter');
    await page.locator('.ant-table-row').first().waitFor();
    const masked = await page.locator('.ant-table-row').first().innerText();
    expect(masked).toMatch(/\*{10}/);
    await page.locator('.ant-table-row a').first().click();
    await page.getByRole('button', { name: '查看明文' }).click();
    await page.locator('.ant-modal input').fill('电话核实');
    await page.locator('.ant-modal .ant-btn-primary').click();
    await page.waitForTimeout(500);
    const drawer = await page.locator('.ant-drawer').innerText();
    expect(drawer).toMatch(/\d{17}[\dX]/);
    await shot(page, 'registry-person');
    await page.keyboard.press('Escape');
  });

  it('imports a CSV and shows the row-by-row errors', async () => {
    const file = path.join(os.tmpdir(), `eg-import-${process.pid}.csv`);
    fs.writeFileSync(
      file,
      'id_number,name,sex,birth_date,phone,area_code,address,household,tags\n11010519491231002X,导入甲,,,13600000000,320706022,,,\n123,坏,,,,320706022,,,\n',
    );
    await page.goto(`${server.url}/people`);
    await page.getByRole('tab', { name: '批量导入' }).click();
    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('import-result').waitFor();
    expect(await page.getByTestId('import-result').innerText()).toContain('新增 1');
    expect(await page.locator('body').innerText()).toContain('must be 18 characters');
    await shot(page, 'registry-import');
  });
});
