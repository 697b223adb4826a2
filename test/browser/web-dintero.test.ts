/**
 * The back-office app's robustness and its Dintero screens, in headless Chromium against `npm start`
 * (the embedded sandbox): an invalid date in the address shows what is wrong instead of a blank
 * page; keyboard users can skip the header; the first payout rule of an account shows in the list
 * once saved, and a rule can be deleted; the live feed shows its latest entries again after a
 * reload; the costs, billing reports, subscriptions and settlement report configurations of a
 * Dintero account, each figure as GraphQL gives it, and a configuration edited, created and
 * deleted. Every screen passes an axe-core audit with no serious or critical violation.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import axe from 'axe-core';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../helpers/csv.js';
import { launchChromium, RESULTS, startServer, type RunningServer } from './harness.js';

let server: RunningServer | undefined;
let browser: Browser | undefined;
let page: Page;
let app = '';
let graphqlUrl = '';
let sandbox = '';
let setupError: unknown;
const consoleErrors: string[] = [];
let ledger: { id: string; ledgerId: string; today: string };
const ACCOUNT = 'P87654321';

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

async function open(route: string, selector: string): Promise<void> {
  await page.goto(`${app}#/${route}`);
  await page.waitForSelector(selector, { timeout: 30_000 });
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

const screenshot = (name: string) => page.screenshot({ path: path.join(RESULTS, `web-${name}.png`), fullPage: true });

async function sandboxCalls(pattern: RegExp): Promise<number> {
  const stats = (await (await fetch(`${sandbox}/_stats`)).json()) as { byEndpoint: Record<string, number> };
  return Object.entries(stats.byEndpoint)
    .filter(([endpoint]) => pattern.test(endpoint))
    .reduce((sum, [, n]) => sum + n, 0);
}

beforeAll(async () => {
  try {
    browser = await launchChromium();
    server = startServer('npm', ['start']);
    app = await server.waitFor(/Back-office app: (http:\/\/\S+)/, 120_000);
    graphqlUrl = await server.waitFor(/GraphQL endpoint: (http:\/\/\S+)/);
    sandbox = await server.waitFor(/embedded sandbox at (http:\/\/\S+)/);
    const { ledgers } = await gql<{
      ledgers: { edges: Array<{ node: { id: string; ledgerId: string; provider: string; today: string } }> };
    }>('{ ledgers(first: 50) { edges { node { id ledgerId provider today } } } }');
    ledger = ledgers.edges.map((e) => e.node).find((l) => l.provider === 'VIPPS_MOBILEPAY')!;
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-GB', acceptDownloads: true });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(String(err)));
  } catch (err) {
    setupError = err;
  }
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('back-office robustness (headless Chromium)', () => {
  it('an invalid date in the address says what is wrong, keeps the header, and offers the screen without it', async () => {
    ready();
    await open(`ledgers/${encodeURIComponent(ledger.id)}?date=2026-13-45`, '.address-error');
    const notice = await page.locator('.address-error').innerText();
    expect(notice).toContain('date=2026-13-45');
    expect(notice).toContain('BAD_USER_INPUT');
    expect(await page.getByRole('navigation', { name: 'Sections' }).count()).toBe(1);
    expect(await audit()).toEqual([]);
    await screenshot('invalid-date');
    await page.getByRole('link', { name: 'Open this screen without it' }).click();
    await page.waitForSelector('tr.entry', { timeout: 30_000 });
    // February 30th is as wrong as month 13.
    await open(`ledgers/${encodeURIComponent(ledger.id)}?from=2026-02-30`, '.address-error');
  });

  it('a skip link is the first stop of the keyboard and moves focus to the content', async () => {
    ready();
    await page.goto('about:blank');
    await open('ledgers', 'tr[data-ledger-id]');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // The next Tab lands inside the content, past the header's links.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('main')))).toBe(true);
    expect(page.url()).toContain('#/ledgers');
  });

  it('the first payout rule of an account shows in the list once saved, and deleting it empties the list again', async () => {
    ready();
    await open(`payout-rules?account=${ACCOUNT}`, 'table.rules');
    await page.getByText('No payout rules yet.').waitFor();
    await page.getByRole('link', { name: 'New rule' }).click();
    await page.waitForSelector('.rule-editor');
    const ruleId = `store-${Date.now().toString(36)}`;
    await page.getByLabel('equals').fill(ruleId);
    const first = page.locator('[data-node-path="destinations[0]"]');
    await first.getByRole('combobox', { name: 'Paid to' }).fill('PD001');
    await first.getByRole('textbox', { name: 'Percentage' }).fill('100');
    await page.getByRole('button', { name: 'Create rule' }).click();
    await page.getByText(`Saved rule ${ruleId}.`).waitFor();
    // The list that said "No payout rules yet." before is read again: the rule is in it.
    await page.waitForSelector(`table.rules tr[data-rule-id]`, { timeout: 15_000 });
    expect(await page.locator('table.rules').innerText()).toContain(ruleId);
    expect(await page.getByText('No payout rules yet.').count()).toBe(0);
    expect(await audit()).toEqual([]);
    await screenshot('first-rule-saved');

    const deletesBefore = await sandboxCalls(/^dintero DELETE .*payout-rules/);
    await page.getByRole('button', { name: `Delete the rule for ${ruleId}` }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByText('No payout rules yet.').waitFor({ timeout: 15_000 });
    expect(await sandboxCalls(/^dintero DELETE .*payout-rules/)).toBe(deletesBefore + 1);
    const { billingAccount } = await gql<{
      billingAccount: { payoutRules: { edges: Array<{ node: { ruleId: string; isDeleted: boolean } }> } };
    }>(
      'query($a: String!) { billingAccount(accountId: $a) { payoutRules(includeDeleted: true) { edges { node { ruleId isDeleted } } } } }',
      { a: ACCOUNT },
    );
    expect(billingAccount.payoutRules.edges.map((e) => e.node)).toEqual([{ ruleId, isDeleted: true }]);
  });

  it("the rule editor offers the account's known payout destinations and marks a new one", async () => {
    ready();
    await open(`payout-rules/new?account=${ACCOUNT}`, '.rule-editor');
    const input = page.locator('[data-node-path="destinations[0]"]').getByRole('combobox', { name: 'Paid to' });
    const listId = await input.getAttribute('list');
    expect(listId).toBeTruthy();
    // The destinations the account's settlements name (Dintero has no list of them).
    const { billingAccount } = await gql<{
      billingAccount: { settlements: { edges: Array<{ node: { payoutDestinationId: string | null } }> } };
    }>('query($a: String!) { billingAccount(accountId: $a) { settlements(first: 100) { edges { node { payoutDestinationId } } } } }', {
      a: ACCOUNT,
    });
    const paid = [
      ...new Set(billingAccount.settlements.edges.flatMap((e) => (e.node.payoutDestinationId ? [e.node.payoutDestinationId] : []))),
    ].sort();
    expect(paid.length).toBeGreaterThan(0);
    const options = () =>
      page.locator(`datalist[id="${listId}"] option`).evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    await expect.poll(options).toEqual(paid);
    await input.fill(`${paid[0]}-typo`);
    await page.getByText('not among the payout destinations this account is known to pay').waitFor();
    await input.fill(paid[0]!);
    expect(await page.getByText('not among the payout destinations this account is known to pay').count()).toBe(0);
    expect(await audit()).toEqual([]);
  });

  it('the live feed shows its latest entries again after a reload, before anything new arrives', async () => {
    ready();
    await page.evaluate(() => localStorage.clear());
    await open(`live/${encodeURIComponent(ledger.id)}?every=300`, '.status');
    await page.waitForSelector('.status[data-status="live"]', { timeout: 60_000 });
    const before = await page
      .locator('table.feed tbody tr[data-entry-id]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-entry-id')));
    expect(before.length).toBeGreaterThan(0);
    await page.reload();
    await page.waitForSelector('.status[data-status="live"]', { timeout: 60_000 });
    const after = await page
      .locator('table.feed tbody tr[data-entry-id]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-entry-id')));
    // Nothing new arrived in between (the sandbox's clock stands still at this pace): the same entries, in the same order.
    expect(after.slice(-before.length)).toEqual(before.slice(-after.length));
    expect(after.length).toBe(before.length);
    expect(await page.locator('.status').innerText()).toContain('Continued from the position saved in this browser');
    expect(await audit()).toEqual([]);
  });
});

describe("an accountant's export (headless Chromium)", () => {
  it('exports a month in the Norwegian format; opened with a CSV parser set to ";", its figures equal GraphQL\'s to the øre', async () => {
    ready();
    const { ledgers } = await gql<{
      ledgers: { edges: Array<{ node: { id: string; provider: string; currency: string; today: string } }> };
    }>('{ ledgers(first: 50) { edges { node { id provider currency today } } } }');
    const nok = ledgers.edges.map((e) => e.node).find((l) => l.provider === 'VIPPS_MOBILEPAY' && l.currency === 'NOK')!;
    const [y, m] = nok.today.split('-').map(Number) as [number, number];
    const month = new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7);
    const [from, to] = [`${month}-01`, new Date(Date.UTC(y, m - 1, 0)).toISOString().slice(0, 10)];
    await open(`ledgers/${encodeURIComponent(nok.id)}`, 'tr.entry');
    // Three interactions: the format, the month, the button.
    await page.getByLabel('File format').selectOption('CSV_NORDIC');
    await page.getByLabel('or a whole month').fill(month);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.getByRole('button', { name: 'Export month' }).click(),
    ]);
    const bytes = await readFile(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(bytes.toString('utf8'), { separator: ';', bom: true });
    const col = (name: string) => header!.indexOf(name);
    const { ledger: api } = await gql<{
      ledger: {
        entries: {
          summary: {
            count: number;
            net: { minorUnits: number };
            byKind: Array<{ kind: string; count: number; sum: { minorUnits: number } }>;
          };
          edges: Array<{ node: { amount: { amount: string }; balanceAfter: { amount: string } } }>;
        };
      };
    }>(
      'query($id: ID!, $from: Date!, $to: Date!) { ledger(id: $id) { entries(from: $from, to: $to, first: 1000) { summary { count net { minorUnits } byKind { kind count sum { minorUnits } } } edges { node { amount { amount } balanceAfter { amount } } } } } }',
      { id: nok.id, from, to },
    );
    expect(rows.length).toBe(api.entries.summary.count);
    // Øre from the decimal-comma text, without a float.
    const ore = (text: string) => BigInt(text.replace(',', ''));
    expect(rows.reduce((sum, r) => sum + ore(r[col('amount')]!), 0n)).toBe(BigInt(api.entries.summary.net.minorUnits));
    for (const k of api.entries.summary.byKind) {
      const ofKind = rows.filter((r) => r[col('kind')] === k.kind);
      expect([ofKind.length, ofKind.reduce((sum, r) => sum + ore(r[col('amount')]!), 0n)], k.kind).toEqual([
        k.count,
        BigInt(k.sum.minorUnits),
      ]);
    }
    api.entries.edges.forEach(({ node }, i) => {
      expect(rows[i]![col('amount')]).toBe(node.amount.amount.replace('.', ','));
      expect(rows[i]![col('balance_after')]).toBe(node.balanceAfter.amount.replace('.', ','));
    });
    expect(new Set(rows.map((r) => r[col('ledger_date')]!.slice(0, 7)))).toEqual(new Set([month]));
    expect(await audit()).toEqual([]);
    await screenshot('export-nordic');
  });
});

describe('Dintero billing screens (headless Chromium)', () => {
  it('Costs: every cost of the month as GraphQL gives it, and the exact total per currency', async () => {
    ready();
    const month = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    const [y, m] = month.split('-').map(Number);
    const { billingAccount } = await gql<{
      billingAccount: { costs: { edges: Array<{ node: { costId: string; totalAmount: string; currency: string } }> } };
    }>(
      'query($a: String!, $y: Int!, $m: Int!) { billingAccount(accountId: $a) { costs(year: $y, month: $m, first: 1000) { edges { node { costId totalAmount currency } } } } }',
      { a: ACCOUNT, y, m },
    );
    const costs = billingAccount.costs.edges.map((e) => e.node);
    expect(costs.length).toBeGreaterThan(1);
    await open(`billing?account=${ACCOUNT}&view=costs&month=${month}`, 'tr.cost');
    const rows = await page.locator('tr.cost').evaluateAll((trs) =>
      trs.map((r) => ({
        costId: r.getAttribute('data-cost-id'),
        totalAmount: r.getAttribute('data-amount'),
        currency: r.getAttribute('data-currency'),
      })),
    );
    expect(rows).toEqual(costs);
    // The total, added exactly in ten-thousandths of an øre (Dintero prices are finer than a minor unit).
    const scale = 10n ** 8n;
    const exact = (d: string) => {
      const [w, f = ''] = d.split('.');
      return BigInt(w!) * scale + BigInt(f.padEnd(8, '0'));
    };
    for (const currency of new Set(costs.map((c) => c.currency))) {
      const want = costs.filter((c) => c.currency === currency).reduce((s, c) => s + exact(c.totalAmount), 0n);
      const shown = await page.locator(`tr.cost-total[data-currency="${currency}"]`).getAttribute('data-amount');
      expect(exact(shown!)).toBe(want);
    }
    // The month by type: each type's total is the exact sum of its costs.
    const types = await page
      .locator('tr.cost-type')
      .evaluateAll((trs) => trs.map((r) => [r.getAttribute('data-type'), r.getAttribute('data-amount')] as const));
    expect(types.length).toBeGreaterThan(1);
    const typed = await gql<{ billingAccount: { costs: { edges: Array<{ node: { type: string; totalAmount: string } }> } } }>(
      'query($a: String!, $y: Int!, $m: Int!) { billingAccount(accountId: $a) { costs(year: $y, month: $m, first: 1000) { edges { node { type totalAmount } } } } }',
      { a: ACCOUNT, y, m },
    );
    for (const [type, amount] of types) {
      expect(exact(amount!)).toBe(
        typed.billingAccount.costs.edges.filter((e) => e.node.type === type).reduce((s, e) => s + exact(e.node.totalAmount), 0n),
      );
    }
    expect(await audit()).toEqual([]);
    await screenshot('billing-costs');
  });

  it('Billing reports and subscriptions: each one listed, prices exact', async () => {
    ready();
    await page.getByRole('link', { name: 'Billing reports' }).click();
    await page.waitForSelector('tr.billing-report');
    const { billingAccount } = await gql<{
      billingAccount: {
        billingReports: { edges: Array<{ node: { reportId: string } }> };
        subscriptions: { edges: Array<{ node: { subscriptionId: string; prices: Array<{ amount: string }> } }> };
      };
    }>(
      'query($a: String!) { billingAccount(accountId: $a) { billingReports(first: 1000) { edges { node { reportId } } } subscriptions(first: 1000) { edges { node { subscriptionId prices { amount } } } } } }',
      { a: ACCOUNT },
    );
    expect(await page.locator('tr.billing-report').evaluateAll((trs) => trs.map((r) => r.getAttribute('data-report-id')))).toEqual(
      billingAccount.billingReports.edges.map((e) => e.node.reportId),
    );
    expect(await audit()).toEqual([]);
    await screenshot('billing-reports');

    await page.getByRole('link', { name: 'Subscriptions' }).click();
    await page.waitForSelector('tr.subscription');
    expect(await page.locator('tr.subscription').evaluateAll((trs) => trs.map((r) => r.getAttribute('data-subscription-id')))).toEqual(
      billingAccount.subscriptions.edges.map((e) => e.node.subscriptionId),
    );
    // 0.0125 NOK a capture is shown as it is, not rounded to an øre.
    expect(billingAccount.subscriptions.edges.some((e) => e.node.prices.some((p) => p.amount === '0.0125'))).toBe(true);
    expect(await page.locator('tr.subscription .price').allInnerTexts()).toContainEqual(expect.stringContaining('NOK 0.0125'));
    expect(await audit()).toEqual([]);
    await screenshot('billing-subscriptions');
  });

  it('Settlement report configurations: edited (a format added), created and deleted, each as Dintero then holds it', async () => {
    ready();
    const read = async () =>
      (
        await gql<{
          billingAccount: {
            settlementReportConfigurations: {
              edges: Array<{
                node: {
                  configurationId: string;
                  fileTypes: string[];
                  payoutDestinationIds: string[];
                  destinations: Array<{ type: string; email: string | null }>;
                };
              }>;
            };
          };
        }>(
          'query($a: String!) { billingAccount(accountId: $a) { settlementReportConfigurations { edges { node { configurationId fileTypes payoutDestinationIds destinations { type email } } } } } }',
          { a: ACCOUNT },
        )
      ).billingAccount.settlementReportConfigurations.edges.map((e) => e.node);
    const [existing] = await read();
    expect(existing).toBeDefined();
    await page.getByRole('link', { name: 'Settlement reports' }).click();
    const card = page.locator(`article.config[data-configuration-id="${existing!.configurationId}"]`);
    await card.waitFor();
    expect(await audit()).toEqual([]);
    await card.getByRole('button', { name: /^Edit/ }).click();
    const form = page.getByRole('form', { name: `Edit configuration ${existing!.configurationId}` });
    await form.getByRole('checkbox', { name: 'CSV' }).check();
    await form.getByRole('combobox', { name: /Payout destinations/ }).fill('PD002');
    expect(await audit()).toEqual([]);
    await screenshot('settlement-report-edit');
    await form.getByRole('button', { name: 'Save configuration' }).click();
    await expect.poll(() => card.locator('.file-types').innerText(), { timeout: 15_000 }).toContain('csv');
    const edited = (await read()).find((c) => c.configurationId === existing!.configurationId)!;
    expect(edited.fileTypes).toEqual([...existing!.fileTypes, 'csv']);
    expect(edited.payoutDestinationIds).toEqual(['PD002']);
    expect(edited.destinations).toEqual(existing!.destinations);

    await page.getByRole('button', { name: 'New settlement report configuration' }).click();
    const create = page.getByRole('form', { name: 'New settlement report configuration' });
    await create.getByRole('checkbox', { name: 'XML' }).check();
    await create.getByRole('textbox', { name: /Other e-mail addresses/ }).fill('accounts@example.com');
    await create.getByRole('button', { name: 'Create configuration' }).click();
    await expect.poll(async () => (await read()).length, { timeout: 15_000 }).toBe(2);
    const made = (await read()).find((c) => c.configurationId !== existing!.configurationId)!;
    expect(made.fileTypes).toEqual(['pdf', 'xml']);
    expect(made.destinations).toEqual([
      { type: 'ACCOUNT_EMAIL', email: null },
      { type: 'EMAIL', email: 'accounts@example.com' },
    ]);
    const madeCard = page.locator(`article.config[data-configuration-id="${made.configurationId}"]`);
    await madeCard.waitFor({ timeout: 15_000 });
    expect(await audit()).toEqual([]);
    await screenshot('settlement-reports');

    await madeCard.getByRole('button', { name: /^Delete/ }).click();
    await madeCard.getByRole('button', { name: 'Yes, delete it' }).click();
    await madeCard.waitFor({ state: 'detached', timeout: 15_000 });
    expect((await read()).map((c) => c.configurationId)).toEqual([existing!.configurationId]);
  });

  it('logged no console error', () => {
    ready();
    expect(consoleErrors).toEqual([]);
  });
});
