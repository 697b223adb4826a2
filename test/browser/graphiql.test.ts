/**
 * GraphiQL as a person meets it: `npm start`'s entry point (src/server.ts) in its own process on
 * ephemeral loopback ports with the embedded sandbox, Debian's headless Chromium driven by
 * playwright-core, the default Ledgers tab run with the execute button, the result read off the
 * screen, the docs explorer opened on `Ledger`, and every request the page made checked to be
 * loopback-only (GraphiQL must work offline: no CDN).
 *
 * Needs a Chromium binary: /usr/bin/chromium (Debian's `chromium` package; .ci/run installs it)
 * or CHROMIUM_PATH. Without one the tests fail with a message saying so; they never skip.
 * Screenshots go to test-results/ (gitignored).
 */
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphiqlTabs } from '../../src/plugins/graphiql-tabs.js';
import { launchChromium, remoteRequests, RESULTS, startServer, type RunningServer } from './harness.js';

/** Monaco renders spaces as NBSP; GraphiQL's panes are read as plain text. */
const plain = (text: string | null | undefined) => (text ?? '').replace(/\u00a0/g, ' ');
const squash = (text: string) => text.replace(/\s+/g, '');

let server: RunningServer | undefined;
let url = '';
let browser: Browser | undefined;
let page: Page;
const requested: string[] = [];
const pageErrors: string[] = [];

/**
 * Setup problems (no Chromium, a server that will not start) are kept and thrown by every test,
 * so they count as failed tests with the real message rather than as skipped ones.
 */
let setupError: unknown;
function ready(): void {
  if (setupError) throw setupError;
}

async function setUp(): Promise<void> {
  browser = await launchChromium();
  server = startServer(process.execPath, ['--import', 'tsx', 'src/server.ts']);
  url = await server.waitFor(/GraphiQL and GraphQL endpoint: (http:\/\/\S+)/);
  expect(new URL(url).hostname).toBe('127.0.0.1');

  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('request', (request) => requested.push(request.url()));
  page.on('pageerror', (err) => pageErrors.push(String(err)));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
}

beforeAll(async () => {
  try {
    await setUp();
  } catch (err) {
    setupError = err;
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('GraphiQL (npm start, headless Chromium)', () => {
  it('opens on the Ledgers example tab', async () => {
    ready();
    const expected = graphiqlTabs()[0]!.query;
    await expect
      .poll(async () => plain(await page.locator('.graphiql-tab-active .graphiql-tab-button').first().textContent()).trim())
      .toBe('Ledgers');
    // Monaco renders one element per line, so the editor's text is the query with its line breaks dropped.
    await expect
      .poll(async () => squash(plain(await page.locator('.graphiql-query-editor .view-lines').first().textContent())), { timeout: 15_000 })
      .toBe(squash(expected));
  });

  it('runs the Ledgers query with the execute button and shows real ledgers', async () => {
    ready();
    const responded = page.waitForResponse(
      (res) => res.url().startsWith(url) && res.request().method() === 'POST' && /query Ledgers/.test(res.request().postData() ?? ''),
    );
    await page.locator('.graphiql-execute-button').click();
    const res = await responded;
    expect(res.status()).toBe(200);
    const body = (await res.json()) as {
      data?: { ledgers?: { edges: Array<{ node: { provider: string; ledgerId: string } }> } };
      errors?: unknown[];
    };
    expect(body.errors).toBeUndefined();
    const providers = new Set(body.data?.ledgers?.edges.map((e) => e.node.provider));
    expect(providers).toContain('VIPPS_MOBILEPAY');

    // What the person sees: the result pane, not just the network.
    await expect
      .poll(async () => plain(await page.locator('.graphiql-response').first().textContent()), { timeout: 20_000 })
      .toMatch(/"ledgerId"[\s\S]*"VIPPS_MOBILEPAY"|"VIPPS_MOBILEPAY"[\s\S]*"ledgerId"/);
    const shown = plain(await page.locator('.graphiql-response').first().textContent());
    expect(shown).not.toContain('"errors"');
    const firstLedgerId = body.data!.ledgers!.edges[0]!.node.ledgerId;
    expect(shown).toContain(`"${firstLedgerId}"`);

    await page.screenshot({ path: path.join(RESULTS, 'graphiql.png') });
  });

  it('loads the schema: the docs explorer shows the Ledger type and its description', async () => {
    ready();
    const introspection = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ __type(name: "Ledger") { description } }' }),
    });
    const description = ((await introspection.json()) as { data: { __type: { description: string } } }).data.__type.description;
    expect(description.length).toBeGreaterThan(10);

    await page.locator('[aria-label="Show Documentation Explorer"]').click();
    const search = page.locator('.graphiql-doc-explorer-search-input input, input.graphiql-doc-explorer-search-input').first();
    await search.click();
    await search.fill('Ledger');
    await page
      .locator('.graphiql-doc-explorer-search-type', { hasText: /^Ledger$/ })
      .first()
      .click();
    await expect.poll(async () => plain(await page.locator('.graphiql-doc-explorer-title').first().textContent()).trim()).toBe('Ledger');
    // The explorer renders the description as markdown; compare its first words as text.
    const start = description.split(/[`(:]/)[0]!.trim().slice(0, 40);
    await expect.poll(async () => plain(await page.locator('.graphiql-doc-explorer-content').first().textContent())).toContain(start);
    await page.screenshot({ path: path.join(RESULTS, 'graphiql-docs.png') });
  });

  it('loaded nothing from outside this machine (offline GraphiQL)', () => {
    ready();
    expect(requested.length).toBeGreaterThan(0);
    expect(remoteRequests(requested)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
