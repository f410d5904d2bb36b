/**
 * npm run bench -- page-weight [pages=/,/testing,/quarantine,/tracing,/areas]
 *
 * What a phone downloads to open each page of the web app, logged in as the admin: bytes over
 * the wire (as sent, i.e. compressed when the server compresses) and bytes after decoding, for a
 * first visit (empty cache) and a second one (what the browser's cache spares). The time on a
 * 3G line (1.6 Mbit/s down, 300 ms round trip, Chrome DevTools' "Slow 3G"-like profile) is
 * computed from the wire bytes: the figure the issue quotes. Needs the built web (`npm run build:web`).
 */
import type { CDPSession, Page } from 'playwright-core';
import { ADMIN_PASSWORD, launchBrowser, loginAs, startServer } from '../e2e/server';
import { report } from './lib';

const pages = (process.argv[2] ?? '/,/testing,/quarantine,/tracing,/areas').split(',');
const THREE_G_BYTES_PER_S = 1_600_000 / 8;
const RTT_S = 0.3;

interface Weight {
  wire: number;
  decoded: number;
  requests: number;
  cached: number;
}

/** Sum what the network delivered for one navigation (CDP Network events; cache hits counted apart). */
async function measure(page: Page, cdp: CDPSession, url: string): Promise<Weight> {
  const w: Weight = { wire: 0, decoded: 0, requests: 0, cached: 0 };
  const sizes = new Map<string, number>();
  const fromCache = new Set<string>();
  const onResponse = (e: { requestId: string; response: { fromDiskCache?: boolean; fromMemoryCache?: boolean } }) => {
    if (e.response.fromDiskCache || e.response.fromMemoryCache) fromCache.add(e.requestId);
  };
  const onServedFromCache = (e: { requestId: string }) => fromCache.add(e.requestId);
  const onData = (e: { requestId: string; dataLength: number }) => sizes.set(e.requestId, (sizes.get(e.requestId) ?? 0) + e.dataLength);
  const onDone = (e: { requestId: string; encodedDataLength: number }) => {
    if (fromCache.has(e.requestId)) {
      w.cached++;
      return;
    }
    w.requests++;
    w.wire += e.encodedDataLength;
    w.decoded += sizes.get(e.requestId) ?? 0;
  };
  cdp.on('Network.responseReceived', onResponse);
  cdp.on('Network.requestServedFromCache', onServedFromCache);
  cdp.on('Network.dataReceived', onData);
  cdp.on('Network.loadingFinished', onDone);
  await page.goto(url, { waitUntil: 'networkidle' });
  cdp.off('Network.responseReceived', onResponse);
  cdp.off('Network.requestServedFromCache', onServedFromCache);
  cdp.off('Network.dataReceived', onData);
  cdp.off('Network.loadingFinished', onDone);
  return w;
}

const kb = (n: number) => Math.round(n / 1024).toLocaleString('en-US');
const threeG = (w: Weight) => (w.wire / THREE_G_BYTES_PER_S + RTT_S * Math.max(1, Math.ceil(Math.log2(w.requests + 1)))).toFixed(1);

const server = await startServer({ EPIGRID_DEMO_PEOPLE: '1000' });
const browser = await launchBrowser();
try {
  for (const p of pages) {
    // A fresh context per page: an empty cache, as a phone opening a shared link.
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await loginAs(page, server.url, 'admin', ADMIN_PASSWORD);
    await context.clearCookies().catch(() => undefined);
    await loginAs(page, server.url, 'admin', ADMIN_PASSWORD);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.clearBrowserCache');
    const first = await measure(page, cdp, `${server.url}${p}`);
    const second = await measure(page, cdp, `${server.url}${p}`);
    report(`page weight ${p} (admin, phone)`, {
      'first visit: over the wire, KB': kb(first.wire),
      'first visit: decoded, KB': kb(first.decoded),
      'first visit: requests': first.requests,
      'first visit on 3G, s (estimate)': threeG(first),
      'second visit: over the wire, KB': kb(second.wire),
      'second visit: served from cache': second.cached,
    });
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
