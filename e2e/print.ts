import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { screenshotDir } from './server';

/**
 * Press a print button as its user would and check what comes out: the button opens the document
 * in a new tab; the PDF it serves (fetched with the same session) is read back with pdftotext and
 * its first page drawn with pdftoppm into e2e/screenshots/print-<name>-1.png, to be looked at.
 * Returns the document's text.
 */
export async function pressPrint(page: Page, target: string | Locator, name: string): Promise<string> {
  const button = typeof target === 'string' ? page.getByTestId(target) : target.first();
  await button.waitFor();
  const href = await button.getAttribute('href');
  expect(href).toMatch(/^\/api\/v1\/documents\/.+\.pdf/);
  const [tab] = await Promise.all([page.context().waitForEvent('page'), button.click()]);
  expect(new URL(tab.url() === 'about:blank' ? await waitForUrl(tab) : tab.url()).pathname).toBe(href!.split('?')[0]);
  await tab.close();
  const res = await page.request.get(new URL(href!, page.url()).toString());
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('application/pdf');
  const file = path.join(os.tmpdir(), `eg-print-${name}-${process.pid}.pdf`);
  fs.writeFileSync(file, await res.body());
  fs.mkdirSync(screenshotDir, { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, path.join(screenshotDir, `print-${name}`)]);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  fs.rmSync(file, { force: true });
  return text;
}

async function waitForUrl(tab: Page): Promise<string> {
  await tab.waitForURL((u) => u.toString() !== 'about:blank', { timeout: 10_000 }).catch(() => undefined);
  return tab.url();
}
