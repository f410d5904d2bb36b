import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN_PASSWORD, launchBrowser, loginAs, shot, startServer, type E2EServer } from './server';

const examples = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'examples');
const STREET = '320706001'; // 朐阳街道
const COMMUNITY = '320706001001'; // 西门社区
const GRID = '320706001001001';
const BUILDING1 = '320706001001001001';

/** 未落格 as a street official: the people registered above grid level, placed by selection and by building. */
describe('未落格 tab as a street official: by selection and by building, counts change', () => {
  let server: E2EServer;
  let browser: Browser;
  let admin: BrowserContext;
  let official: Page;
  const password = 'Street-official-123';

  async function asAdmin(url: string, data: object): Promise<void> {
    const r = await admin.request.post(`${server.url}/api/v1${url}`, { data });
    if (!r.ok()) throw new Error(`POST ${url}: ${r.status()} ${await r.text()}`);
  }
  async function upload(url: string, file: string): Promise<void> {
    const r = await admin.request.post(`${server.url}/api/v1${url}`, {
      multipart: { file: { name: path.basename(file), mimeType: 'text/csv', buffer: fs.readFileSync(file) } },
    });
    if (!r.ok() || !(await r.json()).written) throw new Error(`${url}: ${r.status()} ${await r.text()}`);
  }

  beforeAll(async () => {
    server = await startServer({ EPIGRID_DEMO_PEOPLE: '0' });
    browser = await launchBrowser();
    admin = await browser.newContext();
    expect((await admin.request.post(`${server.url}/api/v1/auth/login`, { data: { username: 'admin', password: ADMIN_PASSWORD } })).ok()).toBe(true);
    await asAdmin('/areas/load', { districts: ['320706'] });
    await upload('/areas/grids/import', path.join(examples, 'grids.csv'));
    await upload('/areas/buildings/import', path.join(examples, 'buildings.csv'));
    // Four people above grid level: a family whose household code names building 1, one whose address is
    // building 2's, and one matching no building (placed by selection).
    await asAdmin('/people', { idNumber: '320706198003121017', name: '陈志强', areaCode: COMMUNITY, householdCode: `${BUILDING1}0101` });
    await asAdmin('/people', { idNumber: '320706199211051038', name: '陈晓东', areaCode: COMMUNITY, householdCode: `${BUILDING1}0101` });
    await asAdmin('/people', { idNumber: '320706201506201056', name: '陈小宇', areaCode: STREET, address: '海州区朐阳街道西门小区2号楼' });
    await asAdmin('/people', { idNumber: '320706195501011079', name: '刘德福', areaCode: STREET, address: '朐阳街道人民路8号' });
    await asAdmin('/users', { username: 'street.qy', displayName: '朐阳街道', role: 'area_official', scope: [STREET], password, mustChangePassword: false });
    official = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(official, server.url, 'street.qy', password);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const summaryText = () => official.getByTestId('unplaced-summary').innerText();

  it('lists the four unplaced people, places one by selection and the rest by building', async () => {
    await official.goto(`${server.url}/areas`);
    await official.locator('.ant-tree-treenode', { hasText: '朐阳街道' }).first().locator('.ant-tree-title').click();
    await official.getByRole('tab', { name: '未落格' }).click();
    await official.getByTestId('unplaced-people').locator('.ant-table-row').nth(3).waitFor();
    expect(await official.getByTestId('unplaced-people').locator('.ant-table-row').count()).toBe(4);
    expect(await summaryText()).toMatch(/西门社区\s+社区\/村\s+2/);
    await shot(official, 'unplaced-before');

    // By selection: 刘德福 (no building matches his address) into the first grid.
    await official.getByTestId('unplaced-people').locator('.ant-table-row', { hasText: '刘德福' }).locator('input[type=checkbox]').check();
    await official.getByTestId('unplaced-grid').fill(GRID);
    await official.getByTestId('unplaced-assign').click();
    await official.getByTestId('unplaced-msg').getByText(`已将 1 人落到网格 ${GRID}`).waitFor();
    await official.getByTestId('unplaced-people').locator('.ant-table-row', { hasText: '刘德福' }).waitFor({ state: 'detached' });
    expect(await official.getByTestId('unplaced-people').locator('.ant-table-row').count()).toBe(3);

    // By building: the family by household code, 陈小宇 by address; nobody is left.
    await official.getByTestId('unplaced-by-building').click();
    await official.getByTestId('unplaced-msg').getByText('已落格 3 人').waitFor();
    expect(await official.getByTestId('unplaced-msg').innerText()).toMatch(/按户编码 2，按地址 1.*仍未落格 0 人/);
    await official.getByText('本区域人员均已落格').first().waitFor();
    await shot(official, 'unplaced-after');

    // The counts moved: the grid now has the four people (its buildings three of them).
    const grid = await official.evaluate(async (code) => (await (await fetch(`/api/v1/areas/${code}`)).json()) as { population: number }, GRID);
    expect(grid.population).toBe(4);
  });

  it('splits the grid by an uploaded drawing, then merges the second grid into it; people and counts follow', async () => {
    const parts = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-split-')), 'parts.geojson');
    const box = (x0: number, x1: number) => ({
      type: 'Polygon',
      coordinates: [
        [
          [x0, 34.595],
          [x1, 34.595],
          [x1, 34.6],
          [x0, 34.6],
          [x0, 34.595],
        ],
      ],
    });
    fs.writeFileSync(
      parts,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { name: '西门社区第一网格西', grid_code: GRID }, geometry: box(119.17, 119.1725) },
          { type: 'Feature', properties: { name: '西门社区第一网格东' }, geometry: box(119.1725, 119.175) },
        ],
      }),
    );
    await official.goto(`${server.url}/areas`);
    const node = (name: string) => official.locator('.ant-tree-treenode', { hasText: name }).first();
    await node('朐阳街道').locator('.ant-tree-switcher').click();
    await node('西门社区').locator('.ant-tree-switcher').click();
    await node('西门社区第一网格').locator('.ant-tree-title').click();
    const reshape = official.getByTestId('grid-reshape');
    await reshape.getByRole('button', { name: /拆\s?分/ }).click();
    await official.locator('.ant-modal input[type=file]').setInputFiles(parts);
    await official.getByText('预览（2 个部分）').waitFor();
    await official.locator('.ant-modal canvas').first().waitFor();
    await official.locator('.ant-modal input[placeholder="调整原因"]').fill('网格优化调整');
    await shot(official, 'grid-split-preview');
    await official.getByRole('button', { name: '确认调整' }).click();
    // 西门小区2号楼 (119.1731) stands in the east part: it is re-coded there with 陈小宇.
    await reshape
      .getByTestId('reshape-outcome')
      .getByText(/迁移 1 人/)
      .waitFor();
    expect(await reshape.getByTestId('reshape-outcome').innerText()).toContain('新建网格：320706001001003');
    await shot(official, 'grid-split-done');

    await reshape.getByRole('button', { name: /合\s?并/ }).click();
    await official.locator('.ant-modal .ant-select').click();
    await official.locator('.ant-select-item-option', { hasText: '西门社区第二网格' }).click();
    await official.keyboard.press('Escape');
    await official.getByRole('button', { name: '确认调整' }).click();
    await reshape.getByTestId('reshape-outcome').getByText('已撤销网格：320706001001002').waitFor();
    // The tree was fetched afresh: the new east grid is there, the merged one is gone.
    await node('朐阳街道').locator('.ant-tree-switcher').click();
    await node('西门社区').locator('.ant-tree-switcher').click();
    await node('西门社区第一网格东').waitFor();
    expect(await official.locator('.ant-tree-treenode', { hasText: '西门社区第二网格' }).count()).toBe(0);
    await shot(official, 'grid-merged');
    const counts = await official.evaluate(async () => {
      const one = async (code: string) => (await (await fetch(`/api/v1/areas/${code}`)).json()) as { population: number };
      const kids = (await (await fetch('/api/v1/areas/320706001001/children')).json()) as { items: Array<{ code: string }> };
      return { west: (await one('320706001001001')).population, east: (await one('320706001001003')).population, grids: kids.items.map((k) => k.code) };
    });
    expect(counts).toEqual({ west: 3, east: 1, grids: ['320706001001001', '320706001001003'] });
  });
});
