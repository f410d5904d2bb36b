import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { adminDesk, shot, startServer, type E2EServer } from './server';

const examples = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'examples');

describe('a real district from an empty database: official tree, grids and buildings from the 区域网格 page', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer({ EPIGRID_DEMO_PEOPLE: '0' });
    ({ browser, page } = await adminDesk(server));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const expand = async (name: string) => {
    const row = page.locator('.ant-tree-treenode', { hasText: name }).first();
    await row.waitFor();
    await row.locator('.ant-tree-switcher').click();
  };

  it('loads 海州区, then says unchanged the second time', async () => {
    await page.goto(`${server.url}/areas`);
    await page.getByRole('tab', { name: '导入区划与网格' }).click();
    await page.getByTestId('division-codes').fill('320706');
    await page.getByTestId('load-districts').click();
    await page.getByTestId('load-result').waitFor();
    expect(await page.getByTestId('load-result').innerText()).toContain('社区/村 251 个');
    await page.getByTestId('load-districts').click();
    await page.getByTestId('load-result').getByText('无变化：该区划').waitFor();
    await shot(page, 'onboarding-load');
  });

  it('uploads the example grids and buildings, and shows the grids on the map', async () => {
    await page.goto(`${server.url}/areas`);
    await page.getByRole('tab', { name: '导入区划与网格' }).click();
    await page.getByTestId('file-input').nth(0).setInputFiles(path.join(examples, 'grids.csv'));
    await page.getByTestId('grids-result').waitFor();
    expect(await page.getByTestId('grids-result').innerText()).toContain('新增 3');
    await page.getByTestId('file-input').nth(1).setInputFiles(path.join(examples, 'buildings.csv'));
    await page.getByTestId('buildings-result').waitFor();
    expect(await page.getByTestId('buildings-result').innerText()).toContain('新增 3');
    await shot(page, 'onboarding-imports');

    await page.getByRole('tab', { name: '区域树' }).click();
    await expand('江苏省');
    await expand('连云港市');
    await expand('海州区');
    await page.locator('.ant-tree-treenode', { hasText: '朐阳街道' }).first().locator('.ant-tree-title').click();
    await page.getByTestId('grid-map').waitFor();
    await page.waitForTimeout(800); // the map's canvas paints after its style loads
    await shot(page, 'onboarding-grid-map');
  });

  it('refuses a bad grid file whole and lists its rows', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const file = path.join(os.tmpdir(), `eg-bad-grids-${process.pid}.csv`);
    fs.writeFileSync(
      file,
      'grid_code,name,community_code,polygon\n,无此社区,320706001999,"{""type"":""Polygon"",""coordinates"":[[[119.1,34.5],[119.2,34.5],[119.2,34.6],[119.1,34.5]]]}"\n',
    );
    await page.goto(`${server.url}/areas`);
    await page.getByRole('tab', { name: '导入区划与网格' }).click();
    await page.getByTestId('file-input').nth(0).setInputFiles(file);
    await page.getByTestId('grids-result').waitFor();
    expect(await page.getByTestId('grids-result').innerText()).toContain('未写入任何数据');
    // The row's reason in Chinese from its reason code, not the server's English.
    expect(await page.locator('body').innerText()).toContain('没有此社区（或不在您的辖区），请先导入官方区划');
    expect(await page.locator('body').innerText()).not.toContain('no such community');
    await shot(page, 'onboarding-refused');
  });
});
