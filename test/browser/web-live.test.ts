import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, remoteRequests, startServer, type RunningServer } from './harness.js';

/**
 * The app's live feed over the subscription (urql's subscriptionExchange, the graphql-sse client,
 * Server-Sent Events), on a gateway whose embedded sandbox clock runs fast (`SANDBOX_CLOCK=run`,
 * `SANDBOX_CLOCK_SPEED=600`: ten sandbox minutes per second, so the gateway's once-a-minute poll of
 * the sandbox comes every quarter second) on a busy Friday morning: a view started at now receives
 * the entries the sandbox books while it is open, and a reload continues from the saved position.
 */
const CLOCK = { SANDBOX_NOW: '2026-11-20T09:00:00Z', SANDBOX_CLOCK: 'run', SANDBOX_CLOCK_SPEED: '600', TALLY_LIVE_POLL_SECONDS: '60' };

let server: RunningServer | undefined;
let browser: Browser | undefined;
let page: Page;
let app = '';
let graphqlUrl = '';
const requested: string[] = [];
const streams: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  const saved = Object.fromEntries(Object.keys(CLOCK).map((k) => [k, process.env[k]]));
  Object.assign(process.env, CLOCK);
  try {
    server = startServer('npm', ['start']);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  app = await server.waitFor(/Back-office app: (http:\/\/\S+)/, 120_000);
  graphqlUrl = await server.waitFor(/GraphQL endpoint: (http:\/\/\S+)/);
  browser = await launchChromium();
  page = await (await browser.newContext()).newPage();
  page.on('request', (r) => {
    requested.push(r.url());
    if ((r.headers().accept ?? '').includes('text/event-stream')) streams.push(r.postData() ?? '');
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the live feed on a running sandbox clock', () => {
  it('started at now, receives the entries booked while it is open, each once, and continues after a reload', async () => {
    const res = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ ledgers(first: 50) { edges { node { id provider } } } }' }),
    });
    const ledgers = ((await res.json()) as { data: { ledgers: { edges: Array<{ node: { id: string; provider: string } }> } } }).data.ledgers
      .edges;
    // The sandbox's first Vipps MobilePay ledger is its busiest shop.
    const id = ledgers.find((e) => e.node.provider === 'VIPPS_MOBILEPAY')!.node.id;
    await page.goto(`${app}#/live/${encodeURIComponent(id)}`);
    await page.waitForSelector('.status', { timeout: 30_000 });
    await page.getByRole('button', { name: 'Start over from now' }).click();
    await page.waitForSelector('.status[data-status="live"]', { timeout: 60_000 });
    expect(await page.locator('.status').textContent()).toContain('Started at the moment this view opened');
    // Booked after the view opened: rows marked new arrive without a reload or a click.
    await page.waitForSelector('table.feed tbody tr.new[data-entry-id]', { timeout: 60_000 });
    const ids = await page
      .locator('table.feed tbody tr[data-entry-id]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-entry-id')));
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    // Over the subscription, not by polling queries.
    expect(streams.some((body) => body.includes('ledgerFeed'))).toBe(true);

    await page.reload();
    await page.waitForSelector('.status[data-status="live"]', { timeout: 60_000 });
    expect(await page.locator('.status').textContent()).toContain('Continued from the position saved in this browser');
    await page.waitForSelector('table.feed tbody tr.new[data-entry-id]', { timeout: 60_000 });
    const after = await page
      .locator('table.feed tbody tr[data-entry-id]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-entry-id')));
    expect(new Set(after).size).toBe(after.length);
    expect(after.length).toBeGreaterThan(ids.length);
    expect(consoleErrors).toEqual([]);
    expect(remoteRequests(requested)).toEqual([]);
  }, 180_000);
});
