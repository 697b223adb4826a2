import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DINTERO_SANDBOX_CREDENTIALS, dinteroSandboxFacts, type ReportConfig } from '../../src/sandbox/dintero/index.js';
import { countCalls, NOW, startHarness, type Harness } from '../helpers/harness.js';
import { graphql } from '../__generated__/index.js';

/*
 * Nothing silent on Dintero, against the sandbox over real HTTP: every `starting_after` list is
 * followed to its end even when the server answers pages shorter than `limit`, an update of a
 * settlement report configuration changes only what it names, and an attachment answered in the
 * form the Billing API page documents (the file itself) downloads like one behind a link.
 */

const TEST = DINTERO_SANDBOX_CREDENTIALS.test;
/** The sandbox answers at most this many items a page, whatever `limit` (100) asks, and names where to continue. */
const CAP = 4;

/** A direct client of the sandbox's Dintero, for what the gateway cannot do or must not be trusted to check. */
async function sandboxClient(origin: string) {
  const base = `${origin}/dintero/v1/accounts/${TEST.accountId}`;
  const tokenRes = await fetch(`${base}/auth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${TEST.clientId}:${TEST.clientSecret}`).toString('base64')}`,
    },
    body: JSON.stringify({ grant_type: 'client_credentials', audience: `https://api.dintero.com/v1/accounts/${TEST.accountId}` }),
  });
  const { access_token: token } = (await tokenRes.json()) as { access_token: string };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  return { call };
}

type Edges<T> = { edges: Array<{ node: T }>; pageInfo: { hasNextPage: boolean } };

describe('Dintero lists under a server-side page cap', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ sandbox: { vendors: { dintero: { pageCap: CAP } } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('follows starting_after past pages shorter than limit: every billing report, payout rule, report configuration, cost and subscription', async () => {
    const sandbox = await sandboxClient(h.sandbox.origin);
    for (let i = 0; i < 9; i++) {
      await sandbox.call('POST', '/billing/payout-rules', {
        rule_type: 'order.items.store.id',
        rule_id: `store-${i}`,
        destinations: [{ type: 'percentage', value: '100', destination: `seller-${i}` }],
      });
      await sandbox.call('POST', '/settlements/reports/configuration', {
        filetypes: ['pdf'],
        destinations: [],
        providers: [`provider-${i}`],
      });
    }
    await h.resetStats();
    const res = await h.gql<{
      billingAccount: {
        billingReports: Edges<{ reportId: string }>;
        payoutRules: Edges<{ ruleId: string }>;
        settlementReportConfigurations: Edges<{ configurationId: string }>;
        subscriptions: Edges<{ subscriptionId: string }>;
        costs: Edges<{ costId: string }>;
      };
    }>(`{ billingAccount(accountId: "${TEST.accountId}") {
      billingReports(first: 100) { edges { node { reportId } } pageInfo { hasNextPage } }
      payoutRules(first: 100) { edges { node { ruleId } } pageInfo { hasNextPage } }
      settlementReportConfigurations(first: 100) { edges { node { configurationId } } pageInfo { hasNextPage } }
      subscriptions(first: 100) { edges { node { subscriptionId } } pageInfo { hasNextPage } }
      costs(year: 2026, month: 11, type: "payout/transfer", first: 100) { edges { node { costId } } pageInfo { hasNextPage } }
    } }`);
    expect(res.errors).toBeUndefined();
    const account = res.data!.billingAccount;
    const facts = dinteroSandboxFacts(undefined, { today: NOW.slice(0, 10) }).accounts.test;
    // 24 closed months of billing reports, 9 rules, the starting configuration + 9, 6 subscriptions: far more than one capped page each.
    expect(account.billingReports.edges).toHaveLength(24);
    expect(account.payoutRules.edges.map((e) => e.node.ruleId)).toEqual(Array.from({ length: 9 }, (_, i) => `store-${i}`));
    expect(account.settlementReportConfigurations.edges).toHaveLength(facts.reportConfigurationCount + 9);
    expect(account.subscriptions.edges).toHaveLength(6);
    for (const list of Object.values(account)) {
      expect(new Set(list.edges.map((e) => JSON.stringify(e.node))).size).toBe(list.edges.length);
      expect(list.pageInfo.hasNextPage).toBe(false);
    }
    const stats = await h.stats();
    expect(countCalls(stats, 'GET /v1/accounts/:aid/billing/reports')).toBe(Math.ceil(24 / CAP));
    expect(countCalls(stats, 'GET /v1/accounts/:aid/billing/payout-rules')).toBe(Math.ceil(9 / CAP));
  });

  it('lists no deleted rule without includeDeleted, and each deleted one with it, through capped pages', async () => {
    const sandbox = await sandboxClient(h.sandbox.origin);
    // The first capped page, in creation order: store-0 .. store-3.
    const listed = await sandbox.call<{ starting_after?: string; payout_rules: Array<{ id: string; rule_id: string }> }>(
      'GET',
      '/billing/payout-rules?limit=1000',
    );
    expect(listed.payout_rules).toHaveLength(CAP);
    expect(listed.starting_after).toBe(listed.payout_rules.at(-1)?.id);
    for (const r of listed.payout_rules) await sandbox.call('DELETE', `/billing/payout-rules/${r.id}`);
    const res = await h.gql<{
      billingAccount: { active: Edges<{ ruleId: string; isDeleted: boolean }>; all: Edges<{ ruleId: string; isDeleted: boolean }> };
    }>(
      `{ billingAccount(accountId: "${TEST.accountId}") {
        active: payoutRules { edges { node { ruleId isDeleted } } pageInfo { hasNextPage } }
        all: payoutRules(includeDeleted: true) { edges { node { ruleId isDeleted } } pageInfo { hasNextPage } }
      } }`,
    );
    expect(res.errors).toBeUndefined();
    const active = res.data!.billingAccount.active.edges.map((e) => e.node);
    expect(active.map((r) => r.ruleId)).toEqual(['store-4', 'store-5', 'store-6', 'store-7', 'store-8']);
    expect(active.every((r) => !r.isDeleted)).toBe(true);
    expect(res.data!.billingAccount.all.edges.filter((e) => e.node.isDeleted)).toHaveLength(CAP);
  });
});

describe('Dintero settlement report configurations: an update changes only what it names', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const FIELDS = `id fileTypes providers payoutDestinationIds filters { filter value } destinations { destinationId type email }
    sendEveryMilliseconds lastSentAt lastModifiedAt createdAt updatedAt`;

  it('reads every field Dintero stores, and an update of one field leaves every other field of the stored configuration as it was', async () => {
    const sandbox = await sandboxClient(h.sandbox.origin);
    const stored = await sandbox.call<ReportConfig>('POST', '/settlements/reports/configuration', {
      send_every: 86_400_000,
      filetypes: ['pdf', 'x-future-format'],
      destinations: [
        { destination_type: 'account_email', destination_value: 'billing@merchant.example' },
        { destination_type: 'email', destination_value: 'regnskap@example.no' },
      ],
      providers: ['vipps', 'payex'],
      filters: [
        { filter: 'store_id', value: 'S-OSLO' },
        { filter: 'payout_destination_id', value: 'PD001' },
      ],
    });
    const id = Buffer.from(`SettlementReportConfiguration:${TEST.accountId}:${stored.id}`).toString('base64url');

    const read = await h.gql<{ node: Record<string, unknown> }>(
      `query($id: ID!) { node(id: $id) { ... on SettlementReportConfiguration { ${FIELDS} } } }`,
      { id },
    );
    expect(read.errors).toBeUndefined();
    expect(read.data?.node).toEqual({
      id,
      // A format Tally does not know is read as Dintero sent it.
      fileTypes: ['pdf', 'x-future-format'],
      providers: ['vipps', 'payex'],
      payoutDestinationIds: ['PD001'],
      filters: [
        { filter: 'store_id', value: 'S-OSLO' },
        { filter: 'payout_destination_id', value: 'PD001' },
      ],
      destinations: [
        { destinationId: stored.destinations[0]?.id, type: 'ACCOUNT_EMAIL', email: 'billing@merchant.example' },
        { destinationId: stored.destinations[1]?.id, type: 'EMAIL', email: 'regnskap@example.no' },
      ],
      sendEveryMilliseconds: 86_400_000,
      lastSentAt: '1970-01-01T00:00:00.000Z',
      lastModifiedAt: new Date(stored.last_modified_at).toISOString(),
      createdAt: stored.created_at,
      updatedAt: stored.updated_at,
    });

    const updated = await h.op(
      graphql(
        `mutation DinteroCompleteListsUpdateSettlementReportConfiguration($input: UpdateSettlementReportConfigurationInput!) { updateSettlementReportConfiguration(input: $input) { settlementReportConfiguration { fileTypes } } }`,
      ),
      { input: { id, fileTypes: ['csv'] } },
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data?.updateSettlementReportConfiguration.settlementReportConfiguration.fileTypes).toEqual(['csv']);

    // What Dintero holds now: only the file types (and Dintero's own stamps of the change) differ.
    const after = await sandbox.call<ReportConfig>('GET', `/settlements/reports/configuration/${stored.id}`);
    const unchanged = ({ filetypes: _f, updated_at: _u, last_modified_at: _m, ...rest }: ReportConfig) => rest;
    expect(after.filetypes).toEqual(['csv']);
    expect(unchanged(after)).toEqual(unchanged(stored));

    // Replacing the payout destination filters keeps the other kinds of filter.
    const sellers = await h.gql(
      'mutation($input: UpdateSettlementReportConfigurationInput!) { updateSettlementReportConfiguration(input: $input) { settlementReportConfiguration { id } } }',
      {
        input: { id, payoutDestinationIds: ['PD002', 'PD003'] },
      },
    );
    expect(sellers.errors).toBeUndefined();
    const again = await sandbox.call<ReportConfig>('GET', `/settlements/reports/configuration/${stored.id}`);
    expect(again.filters).toEqual([
      { filter: 'store_id', value: 'S-OSLO' },
      { filter: 'payout_destination_id', value: 'PD002' },
      { filter: 'payout_destination_id', value: 'PD003' },
    ]);
    expect({ ...unchanged(again), filters: stored.filters }).toEqual(unchanged(stored));
  });
});

describe("Dintero attachments answered as the file itself (the Billing API page's form)", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ http: true, sandbox: { vendors: { dintero: { attachmentDownload: 'file' } } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('downloads each file type through the gateway link, byte for byte what Dintero sent', async () => {
    const res = await h.gql<{
      billingAccount: {
        settlements: {
          edges: Array<{
            node: {
              settlementId: string;
              attachments: Array<{ attachmentId: string; extension: string; contentType: string; fileName: string; downloadUrl: string }>;
            };
          }>;
        };
      };
    }>(
      `{ billingAccount(accountId: "${TEST.accountId}") { settlements(first: 20) { edges { node { settlementId attachments { attachmentId extension contentType fileName downloadUrl } } } } } }`,
    );
    expect(res.errors).toBeUndefined();
    const sandbox = await sandboxClient(h.sandbox.origin);
    const seenTypes = new Set<string>();
    for (const { node } of res.data!.billingAccount.settlements.edges) {
      for (const a of node.attachments) {
        if (seenTypes.has(a.extension)) continue;
        seenTypes.add(a.extension);
        // The sandbox answers the seed's form: the file's content as a JSON string.
        const sent = await sandbox.call<string>('GET', `/settlements/${node.settlementId}/attachments/${a.attachmentId}`);
        expect(typeof sent).toBe('string');
        const file = await fetch(a.downloadUrl);
        expect(file.status, a.extension).toBe(200);
        expect(file.headers.get('content-type')).toBe(a.contentType);
        expect(file.headers.get('content-disposition')).toContain(a.fileName);
        expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(sent, 'utf8'))).toBe(true);
      }
    }
    expect([...seenTypes].sort()).toEqual(['csv', 'pdf', 'xml']);
  });
});
