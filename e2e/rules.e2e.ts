import type { Browser, Locator, Page } from 'playwright-core';
import type { AuditEntry } from '../src/contract/audit';
import type { PlacementRule } from '../src/contract/quarantine';
import type { FrequencyRule } from '../src/contract/testing';
import type { ArrivalRule } from '../src/contract/tracing-field';
import { adminDesk, loginAs, shot, startServer, type E2EServer } from './server';

const PASSWORD = 'Rules-owner-2026!';
const DESK = { width: 1366, height: 900 };
const PHONE = { width: 375, height: 812 };

/**
 * 规则 (issue 12): each city-wide rule set changed in the browser by the role that owns it, seen in
 * the API and in the audit trail; lower roles see the rules read-only, or not at all.
 */
describe('city-wide rules in the browser', () => {
  let server: E2EServer;
  let browser: Browser;
  let admin: Page;

  const users: Record<string, { role: string; scope: string[] }> = {
    'qm.city': { role: 'quarantine_manager', scope: ['*'] },
    'epi.city': { role: 'epidemiologist', scope: ['*'] },
    'ao.city': { role: 'area_official', scope: ['*'] },
    'qm.county': { role: 'quarantine_manager', scope: ['320706'] },
    'gw.grid': { role: 'grid_worker', scope: ['320706022001001'] },
    'tt.county': { role: 'transfer_team', scope: ['320706'] },
  };

  beforeAll(async () => {
    server = await startServer({ EPIGRID_DEMO_PEOPLE: '300' });
    ({ browser, page: admin } = await adminDesk(server));
    for (const [username, u] of Object.entries(users)) {
      const res = await admin.request.post(`${server.url}/api/v1/users`, {
        data: { username, displayName: username, ...u, password: PASSWORD, mustChangePassword: false },
      });
      expect(res.status(), username).toBe(200);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A fresh browser session logged in as `username`, on the rules tab. */
  async function rulesAs(username: string, viewport = DESK): Promise<Page> {
    const context = await browser.newContext({ viewport, isMobile: viewport === PHONE, hasTouch: viewport === PHONE });
    const page = await context.newPage();
    await loginAs(page, server.url, username, PASSWORD);
    await page.goto(`${server.url}/quarantine?tab=rules`);
    await page.getByTestId('rules-tab').waitFor();
    return page;
  }
  const card = (page: Page, kind: string) => page.getByTestId(`rules-${kind}`);
  const option = (page: Page, text: string | RegExp) =>
    page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text });
  const saved = (page: Page) => page.locator('.ant-message').getByText('已保存，已记入审计日志').waitFor();
  async function fillNumber(field: Locator, value: number) {
    await field.fill(String(value));
    await field.blur();
  }
  async function lastAudit(action: string): Promise<AuditEntry> {
    const res = await admin.request.get(`${server.url}/api/v1/audit?action=${action}&limit=5`);
    expect(res.status()).toBe(200);
    const items = ((await res.json()) as { items: AuditEntry[] }).items;
    expect(items.length).toBeGreaterThan(0);
    return items[0]!;
  }

  it('a city quarantine manager changes a quarantine period; the API and the audit trail have it', async () => {
    const page = await rulesAs('qm.city');
    const q = card(page, 'quarantine');
    await q.getByText('次密接').waitFor();
    expect(await q.innerText()).toContain('第 1、4、7 天');
    // The arrival rules are the epidemiologists' (no tracing:read here); testing frequency is read-only.
    expect(await card(page, 'arrival').count()).toBe(0);
    await card(page, 'frequency').getByTestId('rules-frequency-readonly').waitFor();
    expect(await card(page, 'frequency').getByRole('button', { name: '修改' }).count()).toBe(0);
    await shot(page, 'rules-quarantine-manager');

    await page.getByTestId('rule-edit-secondary-contact').click();
    const form = page.getByTestId('placement-rule-form');
    // Shortening the period below a chosen test day is named on the field before anything is sent.
    await fillNumber(page.locator('#siteDays'), 5);
    await form.getByText('检测日须在第 1–5 天之间').waitFor();
    await shot(page, 'rules-quarantine-invalid');
    await fillNumber(page.locator('#siteDays'), 10);
    await page.locator('#testDays').click();
    await option(page, /^10$/).click();
    await page.keyboard.press('Escape');
    await expect(form.getByText('检测日须在第 1–5 天之间').count()).resolves.toBe(0);
    await page.locator('#rule-save-quarantine').click();
    await saved(page);
    await q.getByText('第 1、4、7、10 天').waitFor();

    const res = await page.request.get(`${server.url}/api/v1/quarantine/rules`);
    const rule = ((await res.json()) as { items: PlacementRule[] }).items.find((r) => r.reason === 'secondary-contact');
    expect(rule).toMatchObject({ setting: 'home', siteDays: 10, homeDays: 0, testDays: [1, 4, 7, 10], homeTestDays: [] });
    const entry = await lastAudit('placement.rule_changed');
    expect(entry).toMatchObject({ actorName: 'qm.city', target: 'placement_rule:secondary-contact' });
    expect(entry.details).toMatchObject({ to: { siteDays: 10, testDays: [1, 4, 7, 10] } });
    await page.context().close();
  });

  it('a city epidemiologist changes an arrival rule; out-of-range hours are refused in the form', async () => {
    const page = await rulesAs('epi.city');
    const a = card(page, 'arrival');
    await a.getByText('中风险').waitFor();
    await card(page, 'quarantine').getByTestId('rules-quarantine-readonly').waitFor();
    await card(page, 'frequency').getByTestId('rules-frequency-readonly').waitFor();

    await page.getByTestId('rule-edit-medium').click();
    const form = page.getByTestId('arrival-rule-form');
    await page.locator('.ant-select:has(#measure)').click();
    await option(page, '集中隔离').click();
    await fillNumber(page.locator('#landingTestHours'), 200);
    await page.locator('#rule-save-arrival').click();
    await form.getByText('须为 0–168 小时的整数').waitFor();
    await shot(page, 'rules-arrival-invalid');
    await fillNumber(page.locator('#landingTestHours'), 6);
    await page.locator('#rule-save-arrival').click();
    await saved(page);
    await a.getByText('6 小时').waitFor();
    await shot(page, 'rules-epidemiologist');

    const res = await page.request.get(`${server.url}/api/v1/tracing/arrival-rules`);
    const rule = ((await res.json()) as { items: ArrivalRule[] }).items.find((r) => r.riskLevel === 'medium');
    expect(rule).toEqual({ riskLevel: 'medium', measure: 'centralised_quarantine', landingTestHours: 6 });
    const entry = await lastAudit('arrival.rule_changed');
    expect(entry).toMatchObject({ actorName: 'epi.city', target: 'arrival_rule:medium' });
    expect(entry.details).toMatchObject({ measure: 'centralised_quarantine', hours: 6, before: { measure: 'home_quarantine', hours: 12 } });
    await page.context().close();
  });

  it('a city testing official changes and adds testing frequencies', async () => {
    // The overdue list links to the rules it applies.
    const page = await rulesAs('ao.city');
    await page.goto(`${server.url}/testing?tab=overdue`);
    await page.getByTestId('frequency-rules-link').click();
    await page.waitForURL((u) => u.search.includes('tab=rules'));
    const f = card(page, 'frequency');
    await f.getByText('快递外卖').waitFor();
    await card(page, 'quarantine').getByTestId('rules-quarantine-readonly').waitFor();
    await card(page, 'arrival').getByTestId('rules-arrival-readonly').waitFor();

    await page.getByTestId('rule-edit-delivery').click();
    await fillNumber(page.locator('#intervalDays'), 2);
    await page.locator('#rule-save-frequency').click();
    await saved(page);

    await page.getByTestId('rule-add-frequency').click();
    await page.locator('#rule-save-frequency').click();
    await page.getByTestId('frequency-rule-form').getByText('请选择人员标签').waitFor();
    await page.locator('#tag').click();
    await option(page, '返乡人员').click();
    await fillNumber(page.locator('#intervalDays'), 7);
    await page.locator('#rule-save-frequency').click();
    await f.getByText('返乡人员').waitFor();
    await shot(page, 'rules-area-official');

    const res = await page.request.get(`${server.url}/api/v1/testing/frequency-rules`);
    const items = ((await res.json()) as { items: FrequencyRule[] }).items;
    expect(items).toContainEqual({ tag: 'delivery', intervalDays: 2 });
    expect(items).toContainEqual({ tag: 'returning_worker', intervalDays: 7 });
    const entry = await lastAudit('testing.frequency_rule_set');
    expect(entry).toMatchObject({ actorName: 'ao.city', target: 'testing_frequency_rule:returning_worker', details: { from: null, to: 7 } });
    await page.context().close();
  });

  it('shows a grid worker on a phone every rule read-only, in Chinese or English, without sideways scrolling', async () => {
    const page = await rulesAs('gw.grid', PHONE);
    for (const kind of ['quarantine', 'arrival', 'frequency']) await card(page, kind).getByTestId(`rules-${kind}-readonly`).waitFor();
    // The changes made above by their owners are what everyone reads.
    await card(page, 'quarantine').getByText('第 1、4、7、10 天').waitFor();
    await card(page, 'arrival').getByText('6 小时').waitFor();
    expect(
      await page
        .getByTestId('rules-tab')
        .getByRole('button', { name: /修改|新增/ })
        .count(),
    ).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'rules-grid-worker-phone', { fullPage: false });
    await page.evaluate(() => localStorage.setItem('epigrid.lang', 'en'));
    await page.reload();
    await card(page, 'quarantine').getByText('Quarantine periods').waitFor();
    await card(page, 'arrival').getByText('Arrival risk rules').waitFor();
    await card(page, 'frequency').getByText('Testing frequency').waitFor();
    await card(page, 'quarantine').getByText('days 1, 4, 7, 10').waitFor();
    await card(page, 'quarantine').getByText('day 3', { exact: true }).first().waitFor();
    await shot(page, 'rules-grid-worker-phone-en', { fullPage: false });
    await page.context().close();
  });

  it('shows a county quarantine manager the periods read-only and a transfer team only the periods', async () => {
    const county = await rulesAs('qm.county');
    await card(county, 'quarantine').getByTestId('rules-quarantine-readonly').waitFor();
    expect(await county.getByTestId('rule-edit-close-contact').count()).toBe(0);
    await county.context().close();

    const team = await rulesAs('tt.county');
    await card(team, 'quarantine').getByTestId('rules-quarantine-readonly').waitFor();
    expect(await card(team, 'arrival').count()).toBe(0);
    expect(await card(team, 'frequency').count()).toBe(0);
    // A direct PUT is refused all the same: the page hides what the server forbids.
    const res = await team.request.put(`${server.url}/api/v1/quarantine/rules/case`, {
      data: { setting: 'hospital', siteDays: 1, homeDays: 0, testDays: [], homeTestDays: [] },
    });
    expect(res.status()).toBe(403);
    await team.context().close();
  });
});
