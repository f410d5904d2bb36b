import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Locator, Page } from 'playwright-core';
import { adminDesk, screenshotDir, startServer, type E2EServer } from './server';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

/**
 * The maps over the city's base map (docs/maps.md): the demo extract (e2e/fixtures/basemap-demo.pmtiles,
 * a made-up piece of the demo city) is installed through EPIGRID_BASEMAP, the maps read it from our
 * own server with Range requests, and draw legends, names and tooltips; then it is taken away and
 * the same map falls back to its plain background.
 */
describe('maps with and without the city base map', () => {
  let server: E2EServer;
  let browser: Browser;
  let page: Page;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epigrid-e2e-basemap-'));
  const basemapFile = path.join(dir, 'city.pmtiles');
  const requests: string[] = [];
  const cli = async (...args: string[]) => (await run(process.execPath, [path.join(root, 'bin/epigrid.js'), ...args], { env: server.env })).stdout;

  beforeAll(async () => {
    fs.copyFileSync(path.join(root, 'e2e/fixtures/basemap-demo.pmtiles'), basemapFile);
    server = await startServer({ EPIGRID_DEMO_PEOPLE: '600', EPIGRID_BASEMAP: basemapFile });
    await cli('round', 'create', '--area', '320706', '--pool-size', '10', '--name', '全员筛查第1轮', '--json');
    ({ browser, page } = await adminDesk(server));
    page.on('request', (r) => requests.push(r.url()));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A screenshot of the map alone, to look at its labels and legend. */
  const shotMap = async (map: Locator, name: string) => {
    fs.mkdirSync(screenshotDir, { recursive: true });
    await map.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
  };
  /** Wait until the map has drawn its first complete frame. */
  const drawn = async (map: Locator) => {
    await map.locator('canvas').first().waitFor();
    await map.and(page.locator('[data-idle=true]')).waitFor({ timeout: 30_000 });
  };
  /** Hover over the map until a tooltip opens (the middle of the map first, then around it). */
  const hoverTooltip = async (map: Locator): Promise<string> => {
    const box = (await map.boundingBox())!;
    for (const [fx, fy] of [
      [0.5, 0.5],
      [0.4, 0.4],
      [0.6, 0.6],
      [0.3, 0.6],
      [0.7, 0.4],
    ] as const) {
      await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
      const tip = page.getByTestId('map-tooltip');
      if (await tip.isVisible().catch(() => false)) return tip.innerText();
      await page.waitForTimeout(200);
      if (await tip.isVisible().catch(() => false)) return tip.innerText();
    }
    throw new Error('no tooltip over the map');
  };
  const openDistrict = async () => {
    await page.goto(`${server.url}/areas`);
    await page.getByText('江苏省').first().waitFor();
    await page.locator('.ant-tree-switcher').first().click();
    await page.getByText('连云港市').first().waitFor();
    await page.locator('.ant-tree-switcher').nth(1).click();
    await page.getByText('海州区').first().click();
  };

  it('draws the district’s grids over the base map from our own server, with the population legend, names and a tooltip', async () => {
    await openDistrict();
    const map = page.getByTestId('grid-map');
    await map.and(page.locator('[data-basemap=city]')).waitFor();
    await drawn(map);
    const legend = await map.getByTestId('map-legend').innerText();
    expect(legend).toContain('人口');
    expect(legend).toMatch(/0 人[\s\S]*\d+ 人/);
    expect(legend).not.toContain('未安装城市底图');
    const tip = await hoverTooltip(map);
    expect(tip).toMatch(/人口 \d+ 人/);
    await shotMap(map, 'maps-areas-basemap');
    // The tiles came from our own server (Range reads of the extract), and nothing from anywhere else.
    expect(requests.some((u) => u === `${server.url}/api/v1/basemap/tiles.pmtiles`)).toBe(true);
    expect(requests.filter((u) => !u.startsWith(server.url) && !u.startsWith('data:') && !u.startsWith('blob:'))).toEqual([]);
  });

  it('draws the round’s coverage over the base map with its own legend', async () => {
    await page.goto(`${server.url}/testing`);
    await page.getByRole('tab', { name: '筛查轮次' }).click();
    await page.getByTestId('coverage').waitFor();
    const map = page.getByTestId('grid-map');
    await map.and(page.locator('[data-basemap=city]')).waitFor();
    await drawn(map);
    const legend = await map.getByTestId('map-legend').innerText();
    expect(legend).toContain('采样覆盖率');
    expect(legend).toContain('0%');
    expect(legend).toContain('100%');
    expect(await hoverTooltip(map)).toMatch(/采样覆盖率 \d+%/);
    await shotMap(map, 'maps-testing-basemap');
  });

  it('marks the sentinels by status over the base map, with their names and the status legend', async () => {
    // Two pharmacies of one street community, one at its own point north-east of the centre.
    await cli(
      'sentinel',
      'create',
      '--code',
      'PH-A',
      '--type',
      'pharmacy',
      '--area',
      '320706022001',
      '--name',
      '郁州大药房',
      '--lng',
      '119.215',
      '--lat',
      '34.605',
      '--json',
    );
    await cli('sentinel', 'create', '--code', 'PH-B', '--type', 'pharmacy', '--area', '320706022001', '--name', '仁和药店', '--json');
    await page.goto(`${server.url}/surveillance`);
    const card = page.getByTestId('sentinel-map');
    const map = card.getByTestId('grid-map');
    await map.and(page.locator('[data-basemap=city]')).waitFor();
    await drawn(map);
    const legend = await map.getByTestId('map-legend').innerText();
    for (const word of ['哨点上报', '报警', '已报告', '未报告']) expect(legend).toContain(word);
    await shotMap(map, 'maps-sentinels-basemap');
  });

  it('speaks English when the user chooses it', async () => {
    await page.evaluate(() => localStorage.setItem('epigrid.lang', 'en'));
    await openDistrict();
    const map = page.getByTestId('grid-map');
    await drawn(map);
    expect(await map.getByTestId('map-legend').innerText()).toContain('Population');
    expect(await hoverTooltip(map)).toMatch(/Population \d+ people/);
    await page.evaluate(() => localStorage.setItem('epigrid.lang', 'zh'));
  });

  it('falls back to the plain background once the extract is taken away, and says so in the legend', async () => {
    fs.rmSync(basemapFile);
    requests.length = 0;
    await openDistrict();
    const map = page.getByTestId('grid-map');
    await map.and(page.locator('[data-basemap=plain]')).waitFor();
    await drawn(map);
    const legend = await map.getByTestId('map-legend').innerText();
    expect(legend).toContain('人口');
    expect(legend).toContain('未安装城市底图');
    expect(await hoverTooltip(map)).toMatch(/人口 \d+ 人/);
    expect(requests.some((u) => u.includes('/basemap/tiles'))).toBe(false);
    await shotMap(map, 'maps-areas-plain');
  });
});
