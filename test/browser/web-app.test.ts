/**
 * The back-office app (web/) as a person uses it: `npm start` (which builds the app when web/
 * changed) in its own process on ephemeral loopback ports with the embedded sandbox, Debian's
 * headless Chromium driven by playwright-core, every screen opened from the gateway's root.
 *
 * Each screen: loads with data, logs no console error, passes an axe-core audit with no serious or
 * critical violation, and leaves a screenshot in test-results/ (gitignored). Beyond that: a capture
 * expands to order lines summing to its gross; a day is read whole without repeating an entry; a
 * failing Sales API shows its coded error in the sale's place while the entries stay; a payout
 * list reads newest first and adds up (previous retained + settled net = balance before, minus paid out = retained); the VAT
 * report's rows and coverage add up and tie to the ledger, and a ledger without sales data shows
 * its coded refusal instead of an empty report; the CSV export downloads a row per entry; a
 * settlement file downloads byte for byte as Dintero serves it; an invalid percentage in the rule
 * editor is shown on its node and nothing is written upstream (the sandbox's request counter); a
 * valid tree previews its exact split and is created once; a stale save shows the current rule;
 * the live feed catches up, saves its position and resumes from it; nothing leaves loopback.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import axe from 'axe-core';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DINTERO_SANDBOX_CREDENTIALS } from '../../src/sandbox/dintero/index.js';
import { launchChromium, remoteRequests, RESULTS, startServer, type RunningServer } from './harness.js';

let server: RunningServer | undefined;
let app = '';
let graphqlUrl = '';
let sandbox = '';
let browser: Browser | undefined;
let context: BrowserContext;
let page: Page;
const requested: string[] = [];
const posted: string[] = [];
const consoleErrors: string[] = [];

let setupError: unknown;
function ready(): void {
  if (setupError) throw setupError;
}

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data;
}

async function sandboxStats(): Promise<Record<string, number>> {
  const res = await fetch(`${sandbox}/_stats`);
  return ((await res.json()) as { byEndpoint: Record<string, number> }).byEndpoint;
}

const payoutRuleWrites = (stats: Record<string, number>) =>
  Object.entries(stats)
    .filter(([endpoint]) => /^dintero (POST|PUT|PATCH|DELETE) .*payout-rules/.test(endpoint))
    .reduce((sum, [, n]) => sum + n, 0);

/** Opens a screen by its hash route and waits until `selector` shows. */
async function open(route: string, selector: string): Promise<void> {
  await page.goto(`${app}#/${route}`);
  await page.waitForSelector(selector, { timeout: 30_000 });
}

/** axe-core in the page (evaluated, so the app's CSP stays on), serious and critical violations only. */
async function audit(): Promise<Array<{ id: string; impact: string; nodes: string[] }>> {
  await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: String(v.impact), nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
}

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(RESULTS, `web-${name}.png`), fullPage: true });
}

/** The date before `date` (both `YYYY-MM-DD`). */
const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
/**
 * The Vipps MobilePay ledger with sales data and the most entries on its yesterday (`day`: the
 * date before `Ledger.today`, in the ledger's own time zone, which is what the app opens on),
 * found through the public schema.
 */
let salesLedger: { id: string; ledgerId: string; entries: number; day: string; timeZone: string };

async function setUp(): Promise<void> {
  browser = await launchChromium();
  server = startServer('npm', ['start']);
  app = await server.waitFor(/Back-office app: (http:\/\/\S+)/, 120_000);
  graphqlUrl = await server.waitFor(/GraphQL endpoint: (http:\/\/\S+)/);
  sandbox = await server.waitFor(/embedded sandbox at (http:\/\/\S+)/);
  expect(new URL(app).hostname).toBe('127.0.0.1');

  const { ledgers } = await gql<{
    ledgers: { edges: Array<{ node: { id: string; ledgerId: string; provider: string; today: string; timeZone: string } }> };
  }>('{ ledgers(first: 50) { edges { node { id ledgerId provider today timeZone } } } }');
  const candidates = [];
  for (const { node } of ledgers.edges.filter((e) => e.node.provider === 'VIPPS_MOBILEPAY')) {
    const data = await gql<{ ledger: { salesEvents: { edges: unknown[] } | null; entries: { edges: unknown[] } } }>(
      'query($id: ID!, $date: Date!) { ledger(id: $id) { salesEvents(date: $date, first: 1) { edges { cursor } } entries(date: $date, first: 60) { edges { cursor } } } }',
      { id: node.id, date: dayBefore(node.today) },
    );
    if ((data.ledger.salesEvents?.edges.length ?? 0) > 0) {
      candidates.push({
        id: node.id,
        ledgerId: node.ledgerId,
        entries: data.ledger.entries.edges.length,
        day: dayBefore(node.today),
        timeZone: node.timeZone,
      });
    }
  }
  candidates.sort((a, b) => b.entries - a.entries);
  if (!candidates[0]) throw new Error('no Vipps MobilePay ledger with sales on its yesterday in the sandbox');
  salesLedger = candidates[0];

  context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true, locale: 'en-GB' });
  page = await context.newPage();
  page.on('request', (request) => {
    requested.push(request.url());
    if (request.method() === 'POST') posted.push(request.postData() ?? '');
  });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (err) => consoleErrors.push(String(err)));
}

beforeAll(async () => {
  try {
    await setUp();
  } catch (err) {
    setupError = err;
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('back-office app (npm start, headless Chromium)', () => {
  it('serves the app at the gateway root with a content security policy, next to GraphiQL', async () => {
    ready();
    const res = await fetch(app);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const html = await res.text();
    const bundle = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(bundle).toBeDefined();
    const js = await fetch(new URL(bundle!, app));
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toContain('immutable');
    const graphiql = await fetch(graphqlUrl, { headers: { accept: 'text/html' } });
    expect(await graphiql.text()).toContain('graphiql');
  });

  it('Ledgers: every provider in one list', async () => {
    ready();
    await open('ledgers', 'tr[data-ledger-id]');
    const providers = await page.locator('tr[data-ledger-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-provider')));
    expect(new Set(providers)).toEqual(new Set(['VIPPS_MOBILEPAY', 'EASYPAY']));
    const cells = page.locator(`tr[data-ledger-id="${salesLedger.ledgerId}"] td`);
    await expect.poll(() => cells.nth(4).textContent()).toMatch(/^[A-Z]{3}$/);
    // Each ledger's own time zone and today.
    expect(await cells.nth(5).textContent()).toBe(salesLedger.timeZone);
    expect(salesLedger.timeZone).toMatch(/^Europe\//);
    expect(await audit()).toEqual([]);
    await screenshot('ledgers');
  });

  it('A ledger day: entries with amounts for their currency, finality, and a capture expanded to lines that sum to its gross', async () => {
    ready();
    await page.locator(`tr[data-ledger-id="${salesLedger.ledgerId}"] a`, { hasText: 'Entries' }).click();
    await page.waitForSelector('tr.entry');
    // The default is the ledger's yesterday, a closed day, and times are in the ledger's time zone.
    expect(await page.locator('table.entries thead').textContent()).toContain(`Time (${salesLedger.timeZone})`);
    expect(await page.locator('table.entries caption').textContent()).toContain(
      new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${salesLedger.day}T00:00:00Z`)),
    );
    await expect.poll(() => page.locator('.finality').getAttribute('data-final')).toBe('true');
    await expect.poll(() => page.locator('.finality').textContent()).toContain('can no longer change');

    const capture = page.locator('tr.entry[data-kind="CAPTURE"]').first();
    const entryMinor = Number(await capture.getAttribute('data-minor-units'));
    const shownAmount = (await capture.locator('td.num').first().textContent()) ?? '';
    // Intl currency formatting of the exact amount (en-GB: "NOK 1,234.50").
    expect(shownAmount.replace(/[^\d]/g, '')).toBe(String(entryMinor));
    await capture.getByRole('button', { name: 'Show sale' }).click();
    const sale = page.locator('.sale').first();
    await sale.waitFor();
    const lines = await sale.locator('tr.line').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-gross-minor-units'))));
    expect(lines.length).toBeGreaterThan(0);
    const gross = Number(await sale.getAttribute('data-gross-minor-units'));
    expect(lines.reduce((a, b) => a + b, 0)).toBe(gross);
    expect(gross).toBe(entryMinor);
    const net = Number(await sale.locator('[data-net-minor-units]').getAttribute('data-net-minor-units'));
    const vat = Number(await sale.locator('tfoot [data-vat-minor-units]').getAttribute('data-vat-minor-units'));
    expect(net + vat).toBe(gross);
    expect(await sale.locator('tr.line td').nth(4).textContent()).toMatch(/%$/);
    expect(await audit()).toEqual([]);
    await screenshot('ledger-day');
  });

  it('A ledger day: read whole in steps of 1000, the same entries in the same order as one walk through the API', async () => {
    ready();
    expect(salesLedger.entries).toBeGreaterThan(25);
    await page.waitForSelector('.status[data-all="true"]', { timeout: 60_000 });
    const shown = await page.locator('tr.entry').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-entry-id')));
    expect(new Set(shown).size).toBe(shown.length);
    const whole = await gql<{ ledger: { entries: { edges: Array<{ node: { id: string } }> } } }>(
      'query($id: ID!, $date: Date!) { ledger(id: $id) { entries(date: $date, first: 1000) { edges { node { id } } } } }',
      { id: salesLedger.id, date: salesLedger.day },
    );
    expect(shown.slice(0, 1000)).toEqual(whole.ledger.entries.edges.map((e) => e.node.id));
  });

  it("A ledger range: the first rows show, and the range's totals by kind follow in a later part of the same answer (@defer through urql)", async () => {
    ready();
    const from = addDaysIso(salesLedger.day, -6);
    const before = posted.length;
    const answer = page.waitForResponse((r) => (r.request().postData() ?? '').includes('"operationName":"WebLedgerEntries"'));
    await open(`ledgers/${encodeURIComponent(salesLedger.id)}?from=${from}&to=${salesLedger.day}`, 'tr.entry');
    // Incremental delivery: urql asked for it and the gateway answered in parts.
    expect((await answer).headers()['content-type']).toMatch(/^(multipart\/mixed|text\/event-stream)/);
    const totals = page.locator('table[data-testid="range-totals"]');
    await totals.waitFor({ timeout: 30_000 });
    // The totals came deferred in the entries query, not from a query of their own.
    expect(posted.slice(before).filter((body) => body.includes('"operationName":"WebLedgerDayTotals"'))).toEqual([]);
    const whole = await gql<{
      ledger: {
        entries: {
          summary: {
            count: number;
            net: { minorUnits: number };
            byKind: Array<{ kind: string; count: number; sum: { minorUnits: number } }>;
          };
        };
      };
    }>(
      'query($id: ID!, $from: Date!, $to: Date!) { ledger(id: $id) { entries(from: $from, to: $to, first: 1) { summary { count net { minorUnits } byKind { kind count sum { minorUnits } } } } } }',
      { id: salesLedger.id, from, to: salesLedger.day },
    );
    expect(whole.ledger.entries.summary.count).toBeGreaterThan(0);
    expect(Number(await totals.getAttribute('data-count'))).toBe(whole.ledger.entries.summary.count);
    expect(Number(await totals.getAttribute('data-net-minor-units'))).toBe(whole.ledger.entries.summary.net.minorUnits);
    const kinds = await totals.locator('tr.kind-total').evaluateAll((rows) =>
      rows.map((r) => ({
        kind: r.getAttribute('data-kind'),
        count: Number(r.getAttribute('data-count')),
        minor: Number(r.getAttribute('data-minor-units')),
      })),
    );
    expect(kinds).toEqual(whole.ledger.entries.summary.byKind.map((k) => ({ kind: k.kind, count: k.count, minor: k.sum.minorUnits })));
    expect(await audit()).toEqual([]);
  });

  it('A failing Sales API nulls only the sale: its error shows in place with its code, and the entries stay', async () => {
    ready();
    await open(`ledgers/${encodeURIComponent(salesLedger.id)}`, 'tr.entry');
    const faults = await fetch(`${sandbox}/_faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vipps: { serverErrorRate: 1, endpoints: ['/sales/report'] } }),
    });
    expect(faults.status).toBe(200);
    try {
      // Another capture than before, so its sale is not in the gateway's cache.
      await page.locator('tr.entry[data-kind="CAPTURE"]').nth(2).getByRole('button', { name: 'Show sale' }).click();
      const notice = page.locator('tr.sale-row .error');
      await notice.waitFor({ timeout: 30_000 });
      expect(await notice.textContent()).toMatch(/UPSTREAM_(UNAVAILABLE|BAD_RESPONSE|TIMEOUT)/);
      expect(await notice.textContent()).toContain('the entry itself is fine');
      expect(await page.locator('tr.entry').count()).toBeGreaterThanOrEqual(25);
      expect(await page.locator('.finality').getAttribute('data-final')).toBe('true');
      expect(await audit()).toEqual([]);
      await screenshot('partial-failure');
    } finally {
      await fetch(`${sandbox}/_faults`, { method: 'DELETE' });
    }
  });

  it('Payouts: each payout with what it settles, and the totals that must add up', async () => {
    ready();
    await open(`payouts/${encodeURIComponent(salesLedger.id)}`, 'tr.payout');
    // Newest first, as a person reads payouts: the latest on top.
    const dates = await page.locator('tr.payout').evaluateAll((trs) => trs.map((r) => r.getAttribute('data-ledger-date') ?? ''));
    expect(dates.length).toBeGreaterThan(1);
    expect(dates).toEqual([...dates].sort().reverse());
    const payout = page.locator('tr.payout').last();
    const paid = Number(await payout.locator('td[data-minor-units]').getAttribute('data-minor-units'));
    expect(paid).toBeGreaterThan(0);
    await payout.getByRole('button', { name: 'What it settles' }).click();
    const settles = page.locator('table.payouts tr.sale-row .settles');
    await settles.locator('table.totals-check').waitFor({ timeout: 60_000 });
    // previous.retained + the settled entries' net = balance before; balance before - paid out = retained.
    expect(await settles.getAttribute('data-settles-adds-up')).toBe('true');
    expect(await settles.getAttribute('data-paid-adds-up')).toBe('true');
    expect(await settles.locator('.bad-mark').count()).toBe(0);
    await settles.locator('tr.settled').first().waitFor();
    const net = Number(await settles.locator('table.totals-check [data-minor-units]').getAttribute('data-minor-units'));
    // Walk every page of the settled entries in the page: they sum to the summary's net, none twice.
    while (await settles.getByRole('button', { name: 'Load more settled entries' }).count()) {
      const before = await settles.locator('tr.settled').count();
      await settles.getByRole('button', { name: 'Load more settled entries' }).click();
      await expect.poll(() => settles.locator('tr.settled').count(), { timeout: 30_000 }).toBeGreaterThan(before);
      if (before > 1000) break;
    }
    const rows = await settles
      .locator('tr.settled')
      .evaluateAll((trs) => trs.map((r) => [r.getAttribute('data-entry-id'), Number(r.getAttribute('data-minor-units'))] as const));
    expect(new Set(rows.map(([id]) => id)).size).toBe(rows.length);
    if (rows.length <= 1000) expect(rows.reduce((sum, [, minor]) => sum + minor, 0)).toBe(net);
    expect(await audit()).toEqual([]);
    await screenshot('payouts');
  });

  it('VAT report: a month of sales per VAT rate and category, each row net + VAT = gross, and the coverage adding up to the gross', async () => {
    ready();
    const month = salesLedger.day.slice(0, 7);
    await open(`vat/${encodeURIComponent(salesLedger.id)}?month=${month}`, 'table.vat');
    const table = page.locator('table.vat');
    expect(await table.getAttribute('data-covered')).toBe('true');
    const rows = await table
      .locator('tr.vat-row')
      .evaluateAll((trs) => trs.map((r) => ['gross', 'net', 'vat'].map((k) => Number(r.getAttribute(`data-${k}-minor-units`)))));
    expect(rows.length).toBeGreaterThan(0);
    for (const [gross, net, vat] of rows) expect(net! + vat!).toBe(gross);
    // The tie to the ledger: report − cash − other dates + not in the report (+ unexplained) = the ledger's captures less refunds.
    const tie = page.locator('table.tie');
    expect(await tie.getAttribute('data-ties')).toBe('true');
    const amount = async (row: string) => {
      const cell = tie.locator(`tr.tie-${row} [data-minor-units]`);
      return (await cell.count()) === 0 ? 0 : Number(await cell.getAttribute('data-minor-units'));
    };
    const [report, cash, otherDates, notInReport, unexplained, ledger] = await Promise.all(
      ['report', 'cash', 'other-dates', 'not-in-report', 'unexplained', 'ledger'].map(amount),
    );
    expect(report).toBe(Number(await table.locator('tfoot tr.totals:last-child [data-minor-units]').getAttribute('data-minor-units')));
    expect(report! - cash! - otherDates! + notInReport! + unexplained!).toBe(ledger);
    expect(ledger).not.toBe(0);
    expect(await audit()).toEqual([]);
    await screenshot('vat-report');
  });

  it('VAT report of a ledger without sales data: says so with its code, never an empty report adding up to zero', async () => {
    ready();
    const month = salesLedger.day.slice(0, 7);
    const [from, to] = [`${month}-01`, `${month}-28`];
    const { ledgers } = await gql<{ ledgers: { edges: Array<{ node: { id: string; provider: string } }> } }>(
      '{ ledgers(first: 50) { edges { node { id provider } } } }',
    );
    let without: string | undefined;
    for (const { node } of ledgers.edges.filter((e) => e.node.provider === 'VIPPS_MOBILEPAY')) {
      const res = await fetch(graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          query:
            'query($id: ID!, $from: Date!, $to: Date!) { ledger(id: $id) { vatSummary(from: $from, to: $to) { coverage { eventCount } } } }',
          variables: { id: node.id, from, to },
        }),
      });
      const body = (await res.json()) as { errors?: Array<{ extensions?: { reason?: string } }> };
      if (body.errors?.some((e) => e.extensions?.reason === 'NO_SALES_DATA')) {
        without = node.id;
        break;
      }
    }
    expect(without, 'the sandbox has a Vipps MobilePay ledger without Sales API data').toBeDefined();
    await open(`vat/${encodeURIComponent(without!)}?month=${month}`, '.no-sales');
    expect(await page.locator('.no-sales').innerText()).toContain('NO_SALES_DATA');
    expect(await page.locator('table.vat').count()).toBe(0);
    expect(await audit()).toEqual([]);
    await screenshot('vat-report-no-sales');
  });

  it('CSV export: the button downloads every entry of the day as RFC 4180 CSV', async () => {
    ready();
    await open(`ledgers/${encodeURIComponent(salesLedger.id)}?date=${salesLedger.day}`, 'tr.entry');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const text = (await readFile(await download.path())).toString('utf8');
    const lines = text.split('\r\n').filter((l) => l !== '');
    const all = await gql<{ ledger: { entries: { edges: Array<{ node: { id: string } }> } } }>(
      'query($id: ID!, $date: Date!) { ledger(id: $id) { entries(date: $date, first: 1000) { edges { node { id } } } } }',
      { id: salesLedger.id, date: salesLedger.day },
    );
    expect(lines.length - 1).toBe(all.ledger.entries.edges.length);
    expect(lines[0]).toMatch(/,/);
  });

  it('Settlements: filters, amounts per currency, and an attachment downloaded byte for byte', async () => {
    ready();
    await open('settlements', 'tr.settlement');
    expect(await page.locator('tr.settlement').count()).toBeGreaterThan(0);
    // Filter by payout destination: every row shows it.
    const destination = (await page.locator('tr.settlement td').nth(3).textContent())?.trim() ?? '';
    expect(destination).toMatch(/^PD/);
    await page.getByLabel('Payout destination').fill(destination);
    await page.getByLabel('registered by Dintero').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.url()).toContain(`destination=${destination}`);
    await page.waitForSelector('tr.settlement');
    const destinations = await page
      .locator('tr.settlement')
      .evaluateAll((rows) => rows.map((r) => r.querySelectorAll('td')[3]?.textContent));
    expect(new Set(destinations)).toEqual(new Set([destination]));
    expect(await page.locator('tr.settlement [data-currency]').count()).toBeGreaterThan(0);

    const link = page.locator('tr.settlement .files a').first();
    const settlementId = await link.locator('xpath=ancestor::tr[1]').getAttribute('data-settlement-id');
    const attachmentId = await link.getAttribute('data-attachment-id');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const file = await download.path();
    const bytes = await readFile(file);
    const expected = await dinteroFile(settlementId!, attachmentId!);
    expect(bytes.length).toBeGreaterThan(100);
    expect(bytes.equals(expected)).toBe(true);
    expect(download.suggestedFilename()).toBe(await link.getAttribute('download'));
    expect(await audit()).toEqual([]);
    await screenshot('settlements');
  });

  let ruleId = '';
  it('Payout rule editor: an invalid percentage is shown on its node and nothing is sent upstream', async () => {
    ready();
    await open('payout-rules/new', '.rule-editor');
    await fetch(`${sandbox}/_stats/reset`, { method: 'POST' });
    ruleId = `store-${Date.now().toString(36)}`;
    await page.getByLabel('equals').fill(ruleId);
    const first = page.locator('[data-node-path="destinations[0]"]');
    await first.getByRole('combobox', { name: 'Paid to' }).fill('PD001');
    await first.getByRole('textbox', { name: 'Percentage' }).fill('150');
    await expect.poll(() => first.locator('.field-error').first().textContent(), { timeout: 10_000 }).toMatch(/100/);
    expect(await first.getByRole('textbox', { name: 'Percentage' }).getAttribute('aria-invalid')).toBe('true');
    await screenshot('rule-editor-invalid');
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.getByText('Not saved: Tally refused the rule').waitFor();
    expect(await first.locator('.field-error').first().textContent()).toMatch(/100/);
    expect(posted.filter((body) => body.includes('createPayoutRule'))).toEqual([]);
    expect(payoutRuleWrites(await sandboxStats())).toBe(0);
    expect(await audit()).toEqual([]);
  });

  it('Payout rule editor: the split preview is exact as the person types, and the rule is created once', async () => {
    ready();
    const first = page.locator('[data-node-path="destinations[0]"]');
    await first.getByRole('textbox', { name: 'Percentage' }).fill('30');
    await page.locator('.tree > .add').getByRole('button', { name: 'Add percentage' }).click();
    const second = page.locator('[data-node-path="destinations[1]"]');
    await second.getByRole('combobox', { name: 'Paid to' }).fill('PD002');
    await second.getByRole('textbox', { name: 'Percentage' }).fill('12.5');
    await page.getByLabel('Split an amount of').fill('999.99');
    // 30 % and 12.5 % of 99999 øre, each rounded down, the one øre lost (42499 - 29999 - 12499) to the largest dropped fraction (.875): 29999 and 12500.
    await expect.poll(() => second.locator('output.share').getAttribute('data-minor-units'), { timeout: 10_000 }).toBe('12500');
    expect(await first.locator('output.share').getAttribute('data-minor-units')).toBe('29999');
    await expect.poll(() => page.locator('[data-testid="split"] dd').first().getAttribute('data-minor-units')).toBe('42499');
    expect(await page.locator('.field-error').count()).toBe(0);
    expect(await audit()).toEqual([]);
    await screenshot('rule-editor');

    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.getByText(`Saved rule ${ruleId}.`).waitFor();
    expect(payoutRuleWrites(await sandboxStats())).toBe(1);
    const created = posted.filter((body) => body.includes('createPayoutRule'));
    expect(created).toHaveLength(1);
    expect(JSON.parse(created[0]!).variables.input.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    await page.waitForSelector(`tr[data-rule-id]`);
    expect(await page.locator('table.rules').textContent()).toContain(ruleId);
    expect(await audit()).toEqual([]);
    await screenshot('payout-rules');
  });

  it('Payout rule editor: saving over a newer version shows the current rule instead of overwriting it', async () => {
    ready();
    const row = page.locator('table.rules tr', { hasText: ruleId });
    await row.getByRole('link', { name: /^Edit/ }).click();
    await page.waitForSelector('[data-testid="rule-version"]');
    expect(await page.locator('[data-testid="rule-version"]').textContent()).toBe('1');
    const id = decodeURIComponent(page.url().split('/edit/')[1] ?? '');
    // Someone else saves a new version meanwhile.
    await gql(
      'mutation($id: ID!) { updatePayoutRule(input: { id: $id, destinations: [{ type: PERCENTAGE, value: "50", destination: "PD009" }] }) { payoutRule { ruleVersion } } }',
      { id },
    );
    await page.locator('[data-node-path="destinations[0]"]').getByRole('textbox', { name: 'Percentage' }).fill('40');
    const before = posted.length;
    await page.getByRole('button', { name: 'Save new version' }).click();
    const conflict = page.locator('.conflict');
    await conflict.waitFor();
    expect(await conflict.locator('[data-testid="current-version"]').textContent()).toBe('2');
    expect(await conflict.textContent()).toContain('50 % to PD009');
    // The current rule came in the mutation's own answer (PayoutRuleVersionConflict), not from a
    // second read made to show it (urql may refetch the screen's own rule query afterwards, as the
    // answer names a PayoutRule; that is not what the conflict panel shows).
    const sent = posted.slice(before).map((body) => (JSON.parse(body) as { operationName?: string }).operationName ?? '');
    expect(sent.filter((n) => n === 'WebUpdatePayoutRule')).toHaveLength(1);
    expect(sent.filter((n) => n === 'WebCurrentPayoutRule')).toEqual([]);
    const current = await gql<{ node: { ruleVersion: number; destinations: Array<{ destination: string }> } }>(
      'query($id: ID!) { node(id: $id) { ... on PayoutRule { ruleVersion destinations { destination } } } }',
      { id },
    );
    expect(current.node.ruleVersion).toBe(2);
    expect(current.node.destinations.map((d) => d.destination)).toEqual(['PD009']);
    expect(await audit()).toEqual([]);
    await screenshot('rule-conflict');
  });

  it('Live feed: catches up from the beginning, saves its position, and resumes from it after a reload', async () => {
    ready();
    await page.evaluate(() => localStorage.clear());
    await open(`live/${encodeURIComponent(salesLedger.id)}?every=10`, '.status');
    await page.waitForSelector('.status[data-status="live"]', { timeout: 60_000 });
    expect(await page.locator('table.feed tbody tr[data-entry-id]').count()).toBeGreaterThan(0);
    const ids = await page
      .locator('table.feed tbody tr[data-entry-id]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-entry-id')));
    expect(new Set(ids).size).toBe(ids.length);
    const saved = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tally.feed.')));
    expect(saved).toHaveLength(1);
    expect(await audit()).toEqual([]);
    await screenshot('live-feed');

    await page.reload();
    await page.waitForSelector('.status[data-status="live"]', { timeout: 30_000 });
    expect(await page.locator('.status').textContent()).toContain('Continued from the position saved in this browser');
  });

  it('logged no console error and loaded nothing from outside this machine', () => {
    ready();
    expect(consoleErrors).toEqual([]);
    expect(requested.length).toBeGreaterThan(0);
    expect(remoteRequests(requested)).toEqual([]);
  });
});

/** The file as Dintero serves it: the attachment's `{url}` link, then that link fetched without a token. */
async function dinteroFile(settlementId: string, attachmentId: string): Promise<Buffer> {
  const account = DINTERO_SANDBOX_CREDENTIALS.test;
  const tokenRes = await fetch(`${sandbox}/dintero/v1/accounts/${account.accountId}/auth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${account.clientId}:${account.clientSecret}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ grant_type: 'client_credentials', audience: `https://api.dintero.com/v1/accounts/${account.accountId}` }),
  });
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  const link = await fetch(`${sandbox}/dintero/v1/accounts/${account.accountId}/settlements/${settlementId}/attachments/${attachmentId}`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
  const { url } = (await link.json()) as { url: string };
  return Buffer.from(await (await fetch(url)).arrayBuffer());
}

/** A calendar date `days` away from an ISO date (YYYY-MM-DD), in UTC arithmetic. */
function addDaysIso(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
