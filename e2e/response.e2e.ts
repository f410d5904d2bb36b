import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { adminDesk, launchBrowser, loginAs, shot, startServer, type E2EServer } from './server';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');
const PASSWORD = 'Staff-password-2026';

describe('response in the browser: a commander activates six-rapid, an owner closes their task on a phone', () => {
  let server: E2EServer;
  let browser: Browser;
  let admin: Page;
  let incidentId: string;
  const cli = async (...args: string[]) => (await run(process.execPath, [path.join(root, 'bin/epigrid.js'), ...args], { env: server.env })).stdout;

  beforeAll(async () => {
    server = await startServer({ EPIGRID_DEMO_PEOPLE: '1000' }); // the demo city's streets
    ({ browser, page: admin } = await adminDesk(server));
    const ids: Record<string, string> = {};
    for (const u of [
      { username: 'cc-city', role: 'commander', scope: ['*'] },
      { username: 'lead-tracing', role: 'epidemiologist', scope: ['320706'] },
    ]) {
      const res = await admin.request.post(`${server.url}/api/v1/users`, {
        data: { ...u, displayName: u.username, password: PASSWORD, mustChangePassword: false },
      });
      expect(res.status()).toBe(200);
      ids[u.username] = ((await res.json()) as { user: { id: string } }).user.id;
    }
    // the tracing group's lead owns 轨迹流调 in six-rapid
    await cli('work-group', 'set', '--code', 'tracing', '--name', '流调溯源组', '--area', '320706', '--lead', ids['lead-tracing']!, '--json');
    incidentId = (JSON.parse(await cli('incident', 'create', '--name', '0506', '--area', '320706022', '--json')) as { id: string }).id;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the command centre opens the incident and activates six-rapid: six tasks on the board with countdowns', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(page, server.url, 'cc-city', PASSWORD);
    await page.goto(`${server.url}/response`);
    await page.getByRole('cell', { name: '0506' }).click();
    await page.getByRole('button', { name: /启动预案|Activate plan/ }).click();
    await page.getByText(/已生成 6 项任务|6 task\(s\) created/).waitFor();
    for (const action of ['环境消杀', '轨迹流调', '社区封控', '密接排查', '人员转运', '核酸检测'])
      await page.getByRole('cell', { name: action, exact: true }).first().waitFor();
    await page.getByText('指挥部').first().waitFor(); // tasks nobody owns are held by the command centre
    await shot(page, 'response-board');
    await page.close();
  });

  it('the owner sees their task on a phone and closes it with a note; the board shows it done', async () => {
    const phone = await (await launchBrowser()).newPage({ viewport: { width: 390, height: 844 } });
    await loginAs(phone, server.url, 'lead-tracing', PASSWORD);
    await phone.goto(`${server.url}/response?tab=mine`);
    const card = phone.getByTestId('my-task-trajectory');
    await card.waitFor();
    await card.getByRole('button', { name: /完\s?成|Done/ }).click();
    await phone.getByLabel(/完成情况说明|What was done/).fill('核心轨迹已查清');
    await phone.getByRole('button', { name: /OK|确\s?定/ }).click();
    await card
      .getByText(/已完成|Done/)
      .first()
      .waitFor();
    await shot(phone, 'response-my-tasks');
    const tasks = JSON.parse(await cli('task', 'list', '--incident', incidentId, '--json')) as Array<{ action: string; status: string }>;
    expect(tasks.find((x) => x.action === '轨迹流调')?.status).toBe('done');
    await phone.context().browser()?.close();
  });

  it('the command centre draws a 封控区 on the incident map and reads the monthly timeliness table', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await loginAs(page, server.url, 'cc-city', PASSWORD);
    await page.goto(`${server.url}/response`);
    await page.getByRole('cell', { name: '0506' }).click();
    await page.getByRole('button', { name: /划定区域|Draw zone/ }).click();
    await page
      .getByLabel(/区域编码|Area codes/)
      .last()
      .fill('320706022');
    await page.getByRole('button', { name: /OK|确\s?定/ }).click();
    await page.getByRole('cell', { name: '0506 封控区' }).waitFor();
    await page
      .getByText(/生效中|In force/)
      .first()
      .waitFor();
    await page.getByTestId('grid-map').first().waitFor();
    await page.waitForTimeout(1000); // the map library draws after it loads
    await shot(page, 'response-incident-map');
    const zones = JSON.parse(await cli('zone', 'list', '--incident', incidentId, '--json')) as Array<{ kind: string; areaCodes: string[] }>;
    expect(zones).toEqual([expect.objectContaining({ kind: 'sealed', areaCodes: ['320706022'] })]);
    await page.goto(`${server.url}/response?tab=timeliness`);
    const table = page.getByTestId('monthly-timeliness');
    await table.getByRole('columnheader', { name: 'first action' }).waitFor(); // measured once done (pending marks are not counted)
    await table.getByRole('cell', { name: new Date().toISOString().slice(0, 7) }).waitFor();
    await shot(page, 'response-monthly-timeliness');
    await page.close();
  });
});
