/**
 * An accountant's daily tasks in the back-office, in headless Chromium against `npm start` (the
 * embedded sandbox), each counted in interactions (a click, filling one field or a key press is
 * one; opening the app at its root is not) and bounded:
 *
 * - a busy day (the sandbox ledger with the most entries on its yesterday, thousands): its totals
 *   by kind are on screen and add up to the API's `summary`, and one capture is found by its
 *   reference, in under three interactions; the kind filter and a search by amount narrow the
 *   rows; a range pages with "Load more entries", which keeps the keyboard focus; on the autumn
 *   DST day every time carries its UTC offset;
 * - the latest payout and its entries, in at most two interactions, with the settled entries in
 *   the ledger's zone and exported as a CSV of one row per entry; a Danish payout found by the
 *   bank reference on the statement; the next payout's balance ties to the ledger's;
 * - the VAT report opens on the last whole month of the ledger's calendar, never shows one
 *   month's figures under another's title while loading, explains the difference to the ledger,
 *   and exports as CSV and as a printed PDF.
 *
 * Every screen passes an axe-core audit with no serious or critical violation; nothing leaves
 * loopback. The counts and screenshots land in test-results/ (tasks-*.png, tasks-interactions.json).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import axe from 'axe-core';
import { type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, remoteRequests, RESULTS, startServer, type RunningServer } from './harness.js';

let server: RunningServer | undefined;
let browser: Browser | undefined;
let page: Page;
let app = '';
let graphqlUrl = '';
let setupError: unknown;
const consoleErrors: string[] = [];
const requested: string[] = [];
const counts: Record<string, number> = {};

interface LedgerInfo {
  id: string;
  ledgerId: string;
  provider: string;
  currency: string;
  today: string;
  timeZone: string;
}
let ledgers: LedgerInfo[] = [];
/** The Vipps MobilePay ledger with the most entries on its yesterday (the day the app opens on). */
let busy: LedgerInfo & { day: string; count: number };

function ready(): void {
  if (setupError) throw setupError;
}

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: T; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data;
}

const dayBefore = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** Counts what the person does: every click, every field filled and every key pressed is one interaction. */
let interactions = 0;
const act = {
  click: async (l: Locator) => {
    interactions++;
    await l.click();
  },
  fill: async (l: Locator, text: string) => {
    interactions++;
    await l.fill(text);
  },
  press: async (key: string) => {
    interactions++;
    await page.keyboard.press(key);
  },
};

/** The app at its root, the Ledgers list, with the interaction counter at zero. */
async function startAtRoot(): Promise<void> {
  await page.goto(`${app}#/ledgers`);
  await page.waitForSelector('tr[data-ledger-id]', { timeout: 30_000 });
  interactions = 0;
}

async function audit(): Promise<Array<{ id: string; nodes: string[] }>> {
  await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
}

const screenshot = (name: string, fullPage = false) => page.screenshot({ path: path.join(RESULTS, `tasks-${name}.png`), fullPage });

beforeAll(async () => {
  try {
    browser = await launchChromium();
    server = startServer('npm', ['start']);
    app = await server.waitFor(/Back-office app: (http:\/\/\S+)/, 120_000);
    graphqlUrl = await server.waitFor(/GraphQL endpoint: (http:\/\/\S+)/);
    const data = await gql<{ ledgers: { edges: Array<{ node: LedgerInfo }> } }>(
      '{ ledgers(first: 50) { edges { node { id ledgerId provider currency today timeZone } } } }',
    );
    ledgers = data.ledgers.edges.map((e) => e.node);
    let best: typeof busy | undefined;
    for (const l of ledgers.filter((x) => x.provider === 'VIPPS_MOBILEPAY')) {
      const day = dayBefore(l.today);
      const s = await gql<{ ledger: { entries: { summary: { count: number } } } }>(
        'query($id: ID!, $d: Date!) { ledger(id: $id) { entries(date: $d, first: 1) { summary { count } } } }',
        { id: l.id, d: day },
      );
      if (!best || s.ledger.entries.summary.count > best.count) best = { ...l, day, count: s.ledger.entries.summary.count };
    }
    busy = best!;
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-GB', acceptDownloads: true });
    page = await context.newPage();
    page.on('request', (r) => requested.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(String(err)));
  } catch (err) {
    setupError = err;
  }
}, 180_000);

afterAll(async () => {
  await writeFile(path.join(RESULTS, 'tasks-interactions.json'), `${JSON.stringify(counts, null, 2)}\n`).catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe("an accountant's tasks (headless Chromium, interactions counted)", () => {
  it('a busy day: its totals by kind, and one capture found by reference, in under three interactions', async () => {
    ready();
    expect(busy.count, 'the sandbox has a busy day: thousands of entries').toBeGreaterThan(1000);
    const api = await gql<{
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
      'query($id: ID!, $d: Date!) { ledger(id: $id) { entries(date: $d, first: 1) { summary { count net { minorUnits } byKind { kind count sum { minorUnits } } } } } }',
      { id: busy.id, d: busy.day },
    );
    const captures = await gql<{
      ledger: { entries: { edges: Array<{ node: { id: string; reference: string | null; pspReference: string } }> } };
    }>(
      'query($id: ID!, $d: Date!) { ledger(id: $id) { entries(date: $d, kinds: [CAPTURE], first: 1000) { edges { node { id reference pspReference } } } } }',
      { id: busy.id, d: busy.day },
    );
    const target = captures.ledger.entries.edges[Math.floor(captures.ledger.entries.edges.length / 2)]!.node;
    const reference = target.reference ?? target.pspReference;

    await startAtRoot();
    await act.click(page.locator(`tr[data-ledger-id="${busy.ledgerId}"] a`, { hasText: 'Entries' }));
    const totals = page.locator('table.day-totals');
    await totals.waitFor({ timeout: 60_000 });
    // The totals by kind are the API's summary of the whole day, and they add up.
    expect(Number(await totals.getAttribute('data-count'))).toBe(busy.count);
    const kinds = await totals
      .locator('tr.kind-total')
      .evaluateAll((rows) =>
        rows.map(
          (r) => [r.getAttribute('data-kind'), Number(r.getAttribute('data-count')), Number(r.getAttribute('data-minor-units'))] as const,
        ),
      );
    expect(kinds).toEqual(api.ledger.entries.summary.byKind.map((k) => [k.kind, k.count, k.sum.minorUnits]));
    expect(kinds.reduce((s, [, n]) => s + n, 0)).toBe(busy.count);
    expect(kinds.reduce((s, [, , m]) => s + m, 0)).toBe(Number(await totals.getAttribute('data-net-minor-units')));
    expect(Number(await totals.getAttribute('data-net-minor-units'))).toBe(api.ledger.entries.summary.net.minorUnits);
    await screenshot('busy-day-totals');

    await act.fill(page.getByRole('searchbox', { name: 'Find by reference, pspReference or amount' }), reference);
    const row = page.locator(`tr.entry[data-entry-id="${target.id}"]`);
    await row.waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('tr.entry').count(), { timeout: 60_000 }).toBe(1);
    expect(await row.getAttribute('data-kind')).toBe('CAPTURE');
    expect(await row.locator('td.ref').textContent()).toBe(reference);
    expect(interactions).toBeLessThan(3);
    counts.busyDayTotalsAndCaptureByReference = interactions;
    expect(await audit()).toEqual([]);
    await screenshot('busy-day-capture-found');
  });

  it('a busy day is read whole in steps of 1000, the same entries in the same order as the API; a search by amount and the kind filter narrow it', async () => {
    ready();
    await page.goto(`${app}#/ledgers/${encodeURIComponent(busy.id)}?date=${busy.day}`);
    await page.waitForSelector('.status[data-all="true"]', { timeout: 90_000 });
    const ids = await page.locator('tr.entry').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-entry-id')));
    expect(ids).toHaveLength(busy.count);
    expect(new Set(ids).size).toBe(ids.length);
    const whole: string[] = [];
    let after: string | null = null;
    do {
      const res: {
        ledger: { entries: { edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
      } = await gql(
        'query($id: ID!, $d: Date!, $after: String) { ledger(id: $id) { entries(date: $d, first: 1000, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }',
        { id: busy.id, d: busy.day, after },
      );
      whole.push(...res.ledger.entries.edges.map((e) => e.node.id));
      after = res.ledger.entries.pageInfo.hasNextPage ? res.ledger.entries.pageInfo.endCursor : null;
    } while (after);
    expect(ids).toEqual(whole);

    // By amount: every row shown has that amount (either sign), and every such entry of the day is shown.
    const amounts = await page
      .locator('tr.entry[data-kind="CAPTURE"]')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-minor-units'))));
    const minor = amounts[Math.floor(amounts.length / 3)]!;
    const all = await page.locator('tr.entry').evaluateAll((rows) => rows.map((r) => Math.abs(Number(r.getAttribute('data-minor-units')))));
    await page.getByRole('searchbox', { name: 'Find by reference, pspReference or amount' }).fill((minor / 100).toFixed(2));
    await expect.poll(() => page.locator('tr.entry').count()).toBe(all.filter((m) => m === minor).length);
    const shown = await page
      .locator('tr.entry')
      .evaluateAll((rows) => rows.map((r) => Math.abs(Number(r.getAttribute('data-minor-units')))));
    expect(new Set(shown)).toEqual(new Set([minor]));
    await page.getByRole('searchbox', { name: 'Find by reference, pspReference or amount' }).fill('');

    // The kind filter: only refunds, as many as the totals say.
    const refunds = Number(await page.locator('tr.kind-total[data-kind="REFUND"]').getAttribute('data-count'));
    await page
      .locator('tr.kind-total[data-kind="REFUND"]')
      .getByRole('link', { name: /Only these: refund/ })
      .click();
    await page.waitForSelector('.status[data-all="true"]', { timeout: 60_000 });
    await expect.poll(() => page.locator('tr.entry').count()).toBe(refunds);
    expect(new Set(await page.locator('tr.entry').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind'))))).toEqual(
      new Set(['REFUND']),
    );
    expect(await audit()).toEqual([]);
  });

  it('a range pages in steps of 1000: "Load more entries" by keyboard adds the next step and keeps the focus', async () => {
    ready();
    // Two busy days: a range is read a step at a time.
    const from = dayBefore(busy.day);
    await page.goto(`${app}#/ledgers/${encodeURIComponent(busy.id)}?from=${from}&to=${busy.day}`);
    const more = page.locator('button.more[aria-disabled="false"]');
    await more.waitFor({ timeout: 120_000 });
    expect(await page.locator('tr.entry').count()).toBe(1000);
    await more.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('tr.entry').count(), { timeout: 120_000 }).toBe(2000);
    await more.waitFor({ timeout: 120_000 });
    // The focus is where the person left it, ready for the next step.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Load more entries');
    const ids = await page.locator('tr.entry').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-entry-id')));
    expect(new Set(ids).size).toBe(ids.length);
    expect(await audit()).toEqual([]);
  }, 180_000);

  it('the autumn DST day: every time carries its UTC offset, so the repeated hour reads in order', async () => {
    ready();
    const zone = busy.timeZone;
    expect(zone).toBe('Europe/Oslo');
    await page.goto(`${app}#/ledgers/${encodeURIComponent(busy.id)}?date=2026-10-25`);
    await page.waitForSelector('.status[data-all="true"]', { timeout: 90_000 });
    const times = await page.locator('tr.entry td:first-child').allTextContents();
    expect(times.length).toBeGreaterThan(0);
    expect(times.every((t) => /GMT\+[12]$/.test(t))).toBe(true);
    expect(times.some((t) => t.endsWith('GMT+2'))).toBe(true);
    expect(times.some((t) => t.endsWith('GMT+1'))).toBe(true);
    expect(await page.locator('table.entries thead').textContent()).toContain('the clocks changed');
    await page
      .locator('tr.entry td:first-child', { hasText: /GMT\+1$/ })
      .first()
      .scrollIntoViewIfNeeded();
    await screenshot('dst-day');
    // An ordinary day shows none.
    await page.goto(`${app}#/ledgers/${encodeURIComponent(busy.id)}?date=${busy.day}`);
    await page.waitForSelector('.status[data-all="true"]', { timeout: 90_000 });
    expect(await page.locator('tr.entry td:first-child').first().textContent()).not.toMatch(/GMT/);
  });

  it('the latest payout and its entries in at most two interactions, times in the ledger zone, and its entries exported', async () => {
    ready();
    const latest = await gql<{
      ledger: {
        payouts: {
          edges: Array<{ node: { id: string; ledgerDate: string; entries: { summary: { count: number; net: { minorUnits: number } } } } }>;
        };
      };
    }>(
      'query($id: ID!) { ledger(id: $id) { payouts(first: 1, order: NEWEST_FIRST) { edges { node { id ledgerDate entries(first: 1) { summary { count net { minorUnits } } } } } } } }',
      { id: busy.id },
    );
    const payout = latest.ledger.payouts.edges[0]!.node;
    await startAtRoot();
    await act.click(page.locator(`tr[data-ledger-id="${busy.ledgerId}"] a`, { hasText: 'Payouts' }));
    const card = page.locator('.latest-payout');
    await card.locator('tr.settled').first().waitFor({ timeout: 90_000 });
    expect(await card.getAttribute('data-payout-id')).toBe(payout.id);
    expect(await card.getAttribute('data-ledger-date')).toBe(payout.ledgerDate);
    expect(await card.locator('.settles').getAttribute('data-settles-adds-up')).toBe('true');
    expect(Number(await card.locator('table.totals-check [data-minor-units]').getAttribute('data-minor-units'))).toBe(
      payout.entries.summary.net.minorUnits,
    );
    expect(await card.locator('table[aria-label^="Entries settled by payout"] thead').textContent()).toContain(`Time (${busy.timeZone})`);
    expect(interactions).toBeLessThanOrEqual(2);
    counts.latestPayoutAndItsEntries = interactions;
    await screenshot('latest-payout');

    // What the next payout will hold: retained + what came in since = the ledger's balance now.
    const next = page.locator('.next-payout');
    await next.locator('table.since').waitFor({ timeout: 90_000 });
    expect(await next.locator('.ok-mark').count()).toBe(1);

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 90_000 }),
      act.click(card.getByRole('button', { name: "Export this payout's entries (CSV)" })),
    ]);
    const lines = (await readFile(await download.path()))
      .toString('utf8')
      .split('\r\n')
      .filter((l) => l !== '');
    expect(lines.length - 1).toBe(payout.entries.summary.count);
    const amountAt = lines[0]!.split(',').indexOf('amount');
    const cents = lines.slice(1).reduce((s, l) => s + Number(l.split(',')[amountAt]!.replace('.', '')), 0);
    expect(cents).toBe(payout.entries.summary.net.minorUnits);
    counts.latestPayoutEntriesExported = interactions;
    expect(await audit()).toEqual([]);
  });

  it('a Danish payout found by the bank reference on the statement', async () => {
    ready();
    const dk = ledgers.find((l) => l.currency === 'DKK')!;
    const list = await gql<{ ledger: { payouts: { edges: Array<{ node: { id: string; bankReference: string } }> } } }>(
      'query($id: ID!) { ledger(id: $id) { payouts(first: 10, order: NEWEST_FIRST) { edges { node { id bankReference } } } } }',
      { id: dk.id },
    );
    const wanted = list.ledger.payouts.edges.at(-1)!.node;
    await startAtRoot();
    await act.click(page.locator(`tr[data-ledger-id="${dk.ledgerId}"] a`, { hasText: 'Payouts' }));
    await act.fill(page.getByRole('searchbox', { name: /Bank reference/ }), wanted.bankReference);
    await act.press('Enter');
    const found = page.locator(`table.found tr.payout[data-payout-id="${wanted.id}"]`);
    await found.waitFor({ timeout: 60_000 });
    expect(await found.textContent()).toContain(wanted.bankReference);
    expect(interactions).toBeLessThanOrEqual(3);
    counts.payoutByBankReference = interactions;
    expect(await audit()).toEqual([]);
    await screenshot('payout-by-bank-reference');
  });

  it("VAT: the ledger's last whole month, no stale figures while a month loads, why it differs from the ledger, exported as CSV and PDF", async () => {
    ready();
    const [y, m] = busy.today.split('-').map(Number) as [number, number];
    const lastMonth = new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
    await startAtRoot();
    await act.click(page.locator(`tr[data-ledger-id="${busy.ledgerId}"] a`, { hasText: 'VAT' }));
    await page.waitForSelector('table.vat', { timeout: 90_000 });
    expect(await page.locator('.vat-report').getAttribute('data-month')).toBe(lastMonth);
    expect(await page.locator('table.vat caption').textContent()).toContain(lastMonth);
    expect(await page.locator('.why').textContent()).toMatch(/Why the report and the ledger differ/);
    counts.vatOpen = interactions;
    await screenshot('vat');

    // Another month: from the click on, only that month's figures or none at all, never the
    // previous month's gross under the new month's title.
    const grossCell = 'table.vat tfoot tr.totals:last-child [data-minor-units]';
    const previousGross = await page.locator(grossCell).getAttribute('data-minor-units');
    const earlier = new Date(Date.UTC(y, m - 3, 1)).toISOString().slice(0, 7);
    await page.locator('input[type="month"]').fill(earlier);
    await page.getByRole('button', { name: 'Show VAT' }).click();
    const seen = new Set<string>();
    for (let i = 0; i < 200 && (await page.locator('.loading').count()) + (await page.locator('table.vat').count()) > 0; i++) {
      const shown = await page.locator(grossCell).evaluateAll((cells) => cells.map((c) => c.getAttribute('data-minor-units') ?? ''));
      shown.forEach((g) => seen.add(g));
      if ((await page.locator('.loading').count()) === 0 && shown.length > 0) break;
      await page.waitForTimeout(50);
    }
    await page.locator(`.vat-report[data-month="${earlier}"] table.vat`).waitFor({ timeout: 90_000 });
    const newGross = await page.locator(grossCell).getAttribute('data-minor-units');
    expect(newGross).not.toBe(previousGross);
    expect([...seen]).toEqual([newGross]);

    await page.goto(`${app}#/vat/${encodeURIComponent(busy.id)}?month=${lastMonth}`);
    await page.waitForSelector('table.vat', { timeout: 90_000 });
    const gross = await page.locator('table.vat tfoot tr.totals:last-child [data-minor-units]').getAttribute('data-minor-units');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export VAT report (CSV)' }).click()]);
    const rows = (await readFile(await csv.path())).toString('utf8').split('\r\n');
    const all = rows.find((r) => r.startsWith('gross of all sales,'))!.split(',');
    expect(Number(all.at(-1)!.replace('.', ''))).toBe(Number(gross));
    expect(rows.filter((r) => r.startsWith('rate,')).length).toBe(await page.locator('tr.vat-row').count());

    // The printed page (the PDF route): no navigation, forms or buttons; the report with its heading.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Export VAT report (CSV)' }).isVisible()).toBe(false);
    expect(await page.locator('.print-only').textContent()).toContain(lastMonth);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await writeFile(path.join(RESULTS, 'tasks-vat-report.pdf'), pdf);
    await page.emulateMedia({ media: 'screen' });
    expect(await audit()).toEqual([]);
  });

  it('logged no console error and loaded nothing from outside this machine', () => {
    ready();
    expect(consoleErrors).toEqual([]);
    expect(remoteRequests(requested)).toEqual([]);
  });
});
