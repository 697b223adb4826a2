import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreatePayoutRuleDocument,
  DeletePayoutRuleDocument,
  PayoutRuleSplitPreviewDocument,
  PayoutRulesDocument,
  PreviewPayoutSplitDocument,
  UpdatePayoutRuleDocument,
  type CreatePayoutRuleInput,
  type CreatePayoutRuleMutation,
  type DeletePayoutRuleMutation,
  type PayoutDestinationInput,
  type PayoutRuleSplitPreviewQuery,
  type PayoutRulesQuery,
  type PreviewPayoutSplitQuery,
  type UpdatePayoutRuleMutation,
} from '../../examples/__generated__/graphql.js';
import { DINTERO_SANDBOX_CREDENTIALS } from '../../src/sandbox/dintero/index.js';
import { countCalls, startHarness, type Harness } from '../helpers/harness.js';
import { graphql } from '../__generated__/index.js';

const TEST = DINTERO_SANDBOX_CREDENTIALS.test.accountId;
const PROD = DINTERO_SANDBOX_CREDENTIALS.production.accountId;
const RULES_POST = 'dintero POST /v1/accounts/:aid/billing/payout-rules';

/** The commission example of dintero quirk 11 (docs/upstreams/dintero.md), with every node type. */
const TREE: PayoutDestinationInput[] = [
  { type: 'FLAT_AMOUNT', value: '500', destination: 'platform-fixed' },
  { type: 'PERCENTAGE', value: '2.5', destination: 'platform' },
  {
    type: 'REMAINING_AMOUNT',
    destinations: [
      { type: 'PERCENTAGE', value: '10', destination: 'marketing' },
      {
        type: 'REMAINING_AMOUNT',
        destinations: [
          { type: 'PERCENTAGE', value: '50', destination: 'seller-a' },
          { type: 'PERCENTAGE', value: '50', destination: 'seller-b' },
        ],
      },
    ],
  },
];

function input(overrides: Partial<CreatePayoutRuleInput> = {}): CreatePayoutRuleInput {
  return {
    accountId: TEST,
    ruleType: 'order.items.store.id',
    ruleId: 'store-oslo',
    destinations: TREE,
    metadata: [{ key: 'contract', value: 'K-2026-17' }],
    ...overrides,
  };
}

describe('Dintero payout rules and report configurations through the gateway', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const create = (i: CreatePayoutRuleInput) => h.gql<CreatePayoutRuleMutation>(print(CreatePayoutRuleDocument), { input: i });
  const list = (vars: { accountId?: string; ruleId?: string; includeDeleted?: boolean }) =>
    h.gql<PayoutRulesQuery>(print(PayoutRulesDocument), { accountId: TEST, ruleType: 'order.items.store.id', ...vars });

  it('runs the lifecycle: create, read, update with a version bump, delete, visible only with includeDeleted', async () => {
    await h.resetStats();
    const created = await create(input({ ruleId: 'store-lifecycle' }));
    expect(created.errors).toBeUndefined();
    const rule = created.data?.createPayoutRule.payoutRule;
    if (!rule) throw new Error('not created');
    expect(created.data?.createPayoutRule.replayed).toBe(false);
    expect(rule).toMatchObject({
      accountId: TEST,
      ruleType: 'order.items.store.id',
      ruleId: 'store-lifecycle',
      ruleVersion: 1,
      isDeleted: false,
      deletedAt: null,
      metadata: [{ key: 'contract', value: 'K-2026-17' }],
    });
    expect(rule.createdBy).toBe(DINTERO_SANDBOX_CREDENTIALS.test.clientId);
    expect(rule.destinations.map((d) => [d.type, d.value, d.destination])).toEqual([
      ['FLAT_AMOUNT', '500', 'platform-fixed'],
      ['PERCENTAGE', '2.5', 'platform'],
      ['REMAINING_AMOUNT', null, null],
    ]);
    expect(rule.destinations[2]?.destinations[1]?.destinations.map((d) => d.destination)).toEqual(['seller-a', 'seller-b']);
    expect(countCalls(await h.stats(), RULES_POST)).toBe(1);

    const read = await list({ ruleId: 'store-lifecycle' });
    expect(read.data?.billingAccount?.payoutRules?.edges.map((e) => e.node)).toEqual([rule]);
    const refetched = await h.op(
      graphql(`query DinteroPayoutRulesNode($id: ID!) { node(id: $id) { ... on PayoutRule { payoutRuleId ruleVersion } } }`),
      { id: rule.id },
    );
    expect(refetched.data?.node).toEqual({ payoutRuleId: rule.payoutRuleId, ruleVersion: 1 });

    const updated = await h.gql<UpdatePayoutRuleMutation>(print(UpdatePayoutRuleDocument), {
      input: {
        id: rule.id,
        expectedVersion: 1,
        destinations: [
          { type: 'PERCENTAGE', value: '5', destination: 'platform' },
          { type: 'REMAINING_AMOUNT', destinations: [{ type: 'PERCENTAGE', value: '100', destination: 'seller-a' }] },
        ],
      },
    });
    expect(updated.errors).toBeUndefined();
    const v2 = updated.data?.updatePayoutRule.payoutRule;
    expect(v2).toMatchObject({ id: rule.id, ruleVersion: 2, ruleType: rule.ruleType, ruleId: rule.ruleId, metadata: rule.metadata });
    expect(Date.parse(v2?.updatedAt ?? '')).toBeGreaterThan(Date.parse(rule.updatedAt ?? ''));
    expect(v2?.destinations.map((d) => d.value)).toEqual(['5', null]);

    // A stale expectedVersion is refused without writing.
    await h.resetStats();
    const stale = await h.gql<UpdatePayoutRuleMutation>(print(UpdatePayoutRuleDocument), {
      input: { id: rule.id, expectedVersion: 1, destinations: TREE },
    });
    expect(stale.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      path: 'input.expectedVersion',
      currentVersion: 2,
      expectedVersion: 1,
    });
    expect(countCalls(await h.stats(), 'PUT')).toBe(0);

    const deleted = await h.gql<DeletePayoutRuleMutation>(print(DeletePayoutRuleDocument), { input: { id: rule.id } });
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data?.deletePayoutRule).toMatchObject({ deletedPayoutRuleId: rule.id, payoutRule: { isDeleted: true, ruleVersion: 2 } });
    expect(deleted.data?.deletePayoutRule.payoutRule.deletedAt).not.toBeNull();

    const active = await list({ ruleId: 'store-lifecycle' });
    expect(active.data?.billingAccount?.payoutRules?.edges).toEqual([]);
    const withDeleted = await list({ ruleId: 'store-lifecycle', includeDeleted: true });
    expect(withDeleted.data?.billingAccount?.payoutRules?.edges.map((e) => [e.node.id, e.node.ruleVersion, e.node.isDeleted])).toEqual([
      [rule.id, 2, true],
    ]);
    // Deleted rules stay refetchable by id, and cannot be updated.
    const gone = await h.op(graphql(`query DinteroPayoutRulesNode2($id: ID!) { node(id: $id) { ... on PayoutRule { isDeleted } } }`), {
      id: rule.id,
    });
    expect(gone.data?.node).toEqual({ isDeleted: true });
    const again = await h.gql(print(UpdatePayoutRuleDocument), { input: { id: rule.id, destinations: TREE } });
    expect(again.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('creates once for a repeated idempotency key, and refuses the key with another body', async () => {
    await h.resetStats();
    const key = 'c0ffee00-0000-4000-8000-000000000001';
    const first = await create(input({ ruleId: 'store-idempotent', idempotencyKey: key }));
    const second = await create(input({ ruleId: 'store-idempotent', idempotencyKey: key }));
    expect(first.errors).toBeUndefined();
    expect(second.errors).toBeUndefined();
    expect(second.data?.createPayoutRule.payoutRule.id).toBe(first.data?.createPayoutRule.payoutRule.id);
    expect([first.data?.createPayoutRule.replayed, second.data?.createPayoutRule.replayed]).toEqual([false, true]);
    expect(second.data?.createPayoutRule.idempotencyKey).toBe(key);
    const rules = await list({ ruleId: 'store-idempotent' });
    expect(rules.data?.billingAccount?.payoutRules?.edges).toHaveLength(1);
    // The repeat is answered from Tally's idempotency record: one POST, nothing retried.
    expect(countCalls(await h.stats(), RULES_POST)).toBe(1);

    const conflict = await create(input({ ruleId: 'store-other', idempotencyKey: key }));
    expect(conflict.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: 'input.idempotencyKey' });
    expect(conflict.errors?.[0]?.message).toMatch(/already used for another request/);
    expect(countCalls(await h.stats(), RULES_POST)).toBe(1);
    // Without a key, each create gets its own generated key: two creates are two rules, and repeating one with its key is safe.
    const a = await create(input({ ruleId: 'store-no-key' }));
    const b = await create(input({ ruleId: 'store-no-key-2' }));
    const generated = a.data?.createPayoutRule.idempotencyKey;
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.data?.createPayoutRule.idempotencyKey).not.toBe(generated);
    const repeat = await create(input({ ruleId: 'store-no-key', idempotencyKey: generated }));
    expect(repeat.data?.createPayoutRule).toMatchObject({ replayed: true, payoutRule: { id: a.data?.createPayoutRule.payoutRule.id } });
    expect(b.data?.createPayoutRule.payoutRule.id).not.toBe(a.data?.createPayoutRule.payoutRule.id);
    expect((await list({ ruleId: 'store-no-key' })).data?.billingAccount?.payoutRules?.edges).toHaveLength(1);
    // rule_id is unique per rule type (seed): a second rule for it is refused by Dintero, not created.
    const duplicate = await create(input({ ruleId: 'store-no-key' }));
    expect(duplicate.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', source: 'dintero', status: 409 });
    expect((await list({ ruleId: 'store-no-key' })).data?.billingAccount?.payoutRules?.edges).toHaveLength(1);
  });

  const deep = (levels: number): PayoutDestinationInput => {
    let node: PayoutDestinationInput = { type: 'PERCENTAGE', value: '100', destination: 'leaf' };
    for (let i = 0; i < levels; i++) node = { type: 'REMAINING_AMOUNT', destinations: [node] };
    return node;
  };

  it.each<[string, Partial<CreatePayoutRuleInput>, string]>([
    ['a percentage of 0', { destinations: [{ type: 'PERCENTAGE', value: '0', destination: 'a' }] }, 'input.destinations[0].value'],
    ['a percentage above 100', { destinations: [{ type: 'PERCENTAGE', value: '101', destination: 'a' }] }, 'input.destinations[0].value'],
    [
      'percentages above 100 on a nested level',
      {
        destinations: [
          {
            type: 'REMAINING_AMOUNT',
            destinations: [
              { type: 'PERCENTAGE', value: '60', destination: 'a' },
              { type: 'PERCENTAGE', value: '41', destination: 'b' },
            ],
          },
        ],
      },
      'input.destinations[0].destinations',
    ],
    [
      'a fractional flat amount',
      { destinations: [{ type: 'FLAT_AMOUNT', value: '99.5', destination: 'a' }] },
      'input.destinations[0].value',
    ],
    [
      'a negative flat amount',
      {
        destinations: [
          { type: 'PERCENTAGE', value: '10', destination: 'a' },
          { type: 'FLAT_AMOUNT', value: '-100', destination: 'b' },
        ],
      },
      'input.destinations[1].value',
    ],
    ['remaining_amount without children', { destinations: [{ type: 'REMAINING_AMOUNT' }] }, 'input.destinations[0].destinations'],
    [
      'remaining_amount with a value',
      { destinations: [{ type: 'REMAINING_AMOUNT', value: '20', destinations: [{ type: 'PERCENTAGE', value: '100', destination: 'a' }] }] },
      'input.destinations[0].value',
    ],
    [
      'a tree deeper than 5 levels',
      { destinations: [deep(5)] },
      'input.destinations[0].destinations[0].destinations[0].destinations[0].destinations[0].destinations',
    ],
    ['11 metadata properties', { metadata: Array.from({ length: 11 }, (_, i) => ({ key: `k${i}`, value: 'v' })) }, 'input.metadata'],
    ['an empty rule type', { ruleType: ' ' }, 'input.ruleType'],
    ['a malformed account id', { accountId: 'T1234' }, 'input.accountId'],
  ])('refuses %s with BAD_USER_INPUT naming the path, sending nothing', async (_name, overrides, path) => {
    await h.resetStats();
    const res = await create(input(overrides));
    expect(res.data).toBeNull();
    const error = res.errors?.[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    if (path !== 'input.accountId') {
      expect(error?.extensions?.path).toBe(path);
      expect(error?.message.startsWith(`${path}: `)).toBe(true);
    } else {
      expect(error?.extensions?.argument).toBe(path);
    }
    // Not even a token was requested: the sandbox's counters hold no Dintero request at all.
    expect(countCalls(await h.stats(), 'dintero')).toBe(0);
  });

  it('refuses an account without credentials with FORBIDDEN before sending', async () => {
    await h.resetStats();
    const res = await create(input({ accountId: 'P00000001' }));
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(countCalls(await h.stats(), 'dintero')).toBe(0);
  });

  it('keeps rules of the test and production accounts apart', async () => {
    const prod = await create(input({ accountId: PROD, ruleId: 'store-prod' }));
    expect(prod.errors).toBeUndefined();
    expect((await list({ ruleId: 'store-prod' })).data?.billingAccount?.payoutRules?.edges).toEqual([]);
    expect((await list({ accountId: PROD, ruleId: 'store-prod' })).data?.billingAccount?.payoutRules?.edges).toHaveLength(1);
  });

  it('lists all 250 rules of an account through every upstream page, and node(id:) finds any of them', async () => {
    // Written straight into the sandbox, as another Dintero client would: 250 rules are three upstream pages of 100.
    const creds = DINTERO_SANDBOX_CREDENTIALS.production;
    const base = `${h.sandbox.origin}/dintero/v1/accounts/${PROD}`;
    const token = await fetch(`${base}/auth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Basic ${Buffer.from(`${creds.clientId}:${creds.clientSecret}`).toString('base64')}`,
      },
      body: JSON.stringify({ grant_type: 'client_credentials', audience: `https://api.dintero.com/v1/accounts/${PROD}` }),
    }).then(async (r) => ((await r.json()) as { access_token: string }).access_token);
    const ids: string[] = [];
    for (let i = 0; i < 250; i++) {
      const r = await fetch(`${base}/billing/payout-rules`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          rule_type: 'order.bulk',
          rule_id: `store-${i}`,
          destinations: [{ type: 'percentage', value: '100', destination: `seller-${i}` }],
        }),
      });
      ids.push(((await r.json()) as { id: string }).id);
    }
    await h.resetStats();
    const all = await h.gql<PayoutRulesQuery>(print(PayoutRulesDocument), { accountId: PROD, ruleType: 'order.bulk', first: 250 });
    expect(all.errors).toBeUndefined();
    const nodes = all.data?.billingAccount?.payoutRules?.edges.map((e) => e.node) ?? [];
    expect(nodes.map((n) => n.payoutRuleId)).toEqual(ids);
    expect(all.data?.billingAccount?.payoutRules?.pageInfo.hasNextPage).toBe(false);
    expect(countCalls(await h.stats(), 'GET /v1/accounts/:aid/billing/payout-rules')).toBe(3);

    // Small GraphQL pages resume inside and across upstream pages without a gap or a repeat.
    const walked: string[] = [];
    let after: string | null | undefined;
    do {
      const page: Awaited<ReturnType<typeof list>> = await h.gql<PayoutRulesQuery>(print(PayoutRulesDocument), {
        accountId: PROD,
        ruleType: 'order.bulk',
        first: 70,
        after,
      });
      walked.push(...(page.data?.billingAccount?.payoutRules?.edges.map((e) => e.node.payoutRuleId) ?? []));
      after = page.data?.billingAccount?.payoutRules?.pageInfo.hasNextPage ? page.data.billingAccount.payoutRules.pageInfo.endCursor : null;
    } while (after);
    expect(walked).toEqual(ids);

    for (const index of [0, 149, 249]) {
      const node = nodes[index];
      const found = await h.op(
        graphql(`query DinteroPayoutRulesNode3($id: ID!) { node(id: $id) { ... on PayoutRule { payoutRuleId ruleId } } }`),
        { id: node!.id },
      );
      expect(found.data?.node).toEqual({ payoutRuleId: ids[index], ruleId: `store-${index}` });
    }
  });

  describe('split preview', () => {
    it('splits a saved rule with every node type exactly, per destination', async () => {
      const created = await create(input({ ruleId: 'store-preview' }));
      const id = created.data?.createPayoutRule.payoutRule.id as string;
      await h.resetStats();
      const res = await h.gql<PayoutRuleSplitPreviewQuery>(print(PayoutRuleSplitPreviewDocument), { id, amount: 49_990, currency: 'NOK' });
      expect(res.errors).toBeUndefined();
      const node = res.data?.node;
      if (!node || !('splitPreview' in node)) throw new Error('no preview');
      const split = node.splitPreview;
      // 49990 - 500 flat = 49490; 2.5% = 1237.25 -> 1237; 48253 left; 10% = 4825.3 -> 4825; 43428 left; 50/50 = 21714 each.
      expect(split.allocations.map((a) => [a.path, a.type, a.destination, a.amount.minorUnits])).toEqual([
        ['destinations[0]', 'FLAT_AMOUNT', 'platform-fixed', 500],
        ['destinations[1]', 'PERCENTAGE', 'platform', 1237],
        ['destinations[2].destinations[0]', 'PERCENTAGE', 'marketing', 4825],
        ['destinations[2].destinations[1].destinations[0]', 'PERCENTAGE', 'seller-a', 21_714],
        ['destinations[2].destinations[1].destinations[1]', 'PERCENTAGE', 'seller-b', 21_714],
      ]);
      expect(split.allocations[1]?.amount.amount).toBe('12.37');
      expect(split.allocated.minorUnits).toBe(49_990);
      expect(split.unallocated.minorUnits).toBe(0);
      expect(split.amount).toEqual({ minorUnits: 49_990, amount: '499.90', currency: 'NOK' });
      // One read of the rule list for the node, nothing written.
      expect(countCalls(await h.stats(), 'GET /v1/accounts/:aid/billing/payout-rules')).toBe(1);
      expect(countCalls(await h.stats(), 'POST')).toBe(0);
    });

    it('previews an unsaved tree without any upstream call, always allocating the whole amount', async () => {
      await h.resetStats();
      for (const amount of [0, 1, 3, 999, 49_990, 2_147_483_648_00]) {
        const res = await h.gql<PreviewPayoutSplitQuery>(print(PreviewPayoutSplitDocument), {
          destinations: TREE,
          amount,
          currency: 'NOK',
        });
        expect(res.errors).toBeUndefined();
        const split = res.data?.payoutSplitPreview;
        const sum = split?.allocations.reduce((s, a) => s + a.amount.minorUnits, 0);
        expect(sum).toBe(amount);
        expect(split?.allocated.minorUnits).toBe(amount);
      }
      // A level whose percentages do not reach 100 and has no remainder node leaves money unallocated, and says so.
      const partial = await h.gql<PreviewPayoutSplitQuery>(print(PreviewPayoutSplitDocument), {
        destinations: [
          { type: 'PERCENTAGE', value: '30', destination: 'a' },
          { type: 'FLAT_AMOUNT', value: '100', destination: 'b' },
        ],
        amount: 1000,
        currency: 'NOK',
      });
      expect(partial.data?.payoutSplitPreview.allocations.map((a) => a.amount.minorUnits)).toEqual([270, 100]);
      expect(partial.data?.payoutSplitPreview.unallocated.minorUnits).toBe(630);
      // An invalid tree is refused with its path, like a create.
      const bad = await h.gql(print(PreviewPayoutSplitDocument), {
        destinations: [{ type: 'PERCENTAGE', value: '150', destination: 'a' }],
        amount: 100,
        currency: 'NOK',
      });
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: 'destinations[0].value' });
      const badCurrency = await h.gql(print(PreviewPayoutSplitDocument), { destinations: TREE, amount: 100, currency: 'kroner' });
      expect(badCurrency.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(countCalls(await h.stats(), 'dintero')).toBe(0);
    });
  });

  describe('settlement report configurations', () => {
    const fields = 'id configurationId fileTypes providers payoutDestinationIds destinations { type email } updatedAt';

    it('creates, reads, updates and deletes, with e-mail destinations validated before sending', async () => {
      const before = await h.gql<{ billingAccount: { settlementReportConfigurations: { edges: Array<{ node: { id: string } }> } } }>(
        `{ billingAccount(accountId: "${TEST}") { settlementReportConfigurations { edges { node { id } } } } }`,
      );
      const startCount = before.data?.billingAccount.settlementReportConfigurations.edges.length ?? 0;
      expect(startCount).toBeGreaterThan(0);

      const created = await h.gql<{
        createSettlementReportConfiguration: {
          settlementReportConfiguration: {
            id: string;
            fileTypes: string[];
            destinations: unknown;
            payoutDestinationIds: string[];
            updatedAt: string;
          };
        };
      }>(
        `mutation($input: CreateSettlementReportConfigurationInput!) { createSettlementReportConfiguration(input: $input) { settlementReportConfiguration { ${fields} } } }`,
        {
          input: {
            accountId: TEST,
            fileTypes: ['pdf', 'csv'],
            destinations: [{ type: 'EMAIL', email: 'regnskap@example.no' }, { type: 'ACCOUNT_EMAIL' }],
            providers: ['payex'],
            payoutDestinationIds: ['PD002'],
          },
        },
      );
      expect(created.errors).toBeUndefined();
      const config = created.data?.createSettlementReportConfiguration.settlementReportConfiguration;
      if (!config) throw new Error('not created');
      expect(config).toMatchObject({
        fileTypes: ['pdf', 'csv'],
        payoutDestinationIds: ['PD002'],
        destinations: [
          { type: 'EMAIL', email: 'regnskap@example.no' },
          { type: 'ACCOUNT_EMAIL', email: null },
        ],
      });

      const listed = await h.gql<{ billingAccount: { settlementReportConfigurations: { edges: Array<{ node: { id: string } }> } } }>(
        `{ billingAccount(accountId: "${TEST}") { settlementReportConfigurations(first: 1) { edges { node { id } } pageInfo { hasNextPage } } } }`,
      );
      expect(listed.errors).toBeUndefined();
      const all = await h.gql<{ billingAccount: { settlementReportConfigurations: { edges: Array<{ node: { id: string } }> } } }>(
        `{ billingAccount(accountId: "${TEST}") { settlementReportConfigurations { edges { node { id } } } } }`,
      );
      expect(all.data?.billingAccount.settlementReportConfigurations.edges.map((e) => e.node.id)).toContain(config.id);
      expect(all.data?.billingAccount.settlementReportConfigurations.edges).toHaveLength(startCount + 1);

      await h.resetStats();
      const invalid = await h.gql(
        'mutation($input: UpdateSettlementReportConfigurationInput!) { updateSettlementReportConfiguration(input: $input) { settlementReportConfiguration { id } } }',
        { input: { id: config.id, fileTypes: ['xml'], destinations: [{ type: 'EMAIL', email: 'regnskap.example.no' }] } },
      );
      expect(invalid.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', path: 'input.destinations[0].email' });
      expect(countCalls(await h.stats(), 'dintero')).toBe(0);

      const updated = await h.gql<{
        updateSettlementReportConfiguration: {
          settlementReportConfiguration: { id: string; fileTypes: string[]; providers: string[]; updatedAt: string };
        };
      }>(
        `mutation($input: UpdateSettlementReportConfigurationInput!) { updateSettlementReportConfiguration(input: $input) { settlementReportConfiguration { ${fields} } } }`,
        { input: { id: config.id, fileTypes: ['xml'], destinations: [] } },
      );
      expect(updated.errors).toBeUndefined();
      expect(updated.data?.updateSettlementReportConfiguration.settlementReportConfiguration).toMatchObject({
        id: config.id,
        fileTypes: ['xml'],
        destinations: [],
        providers: ['payex'],
        payoutDestinationIds: ['PD002'],
      });
      const node = await h.op(
        graphql(`query DinteroPayoutRulesNode4($id: ID!) { node(id: $id) { ... on SettlementReportConfiguration { fileTypes } } }`),
        { id: config.id },
      );
      expect(node.data?.node).toEqual({ fileTypes: ['xml'] });

      const deleted = await h.op(
        graphql(
          `mutation DinteroPayoutRulesDeleteSettlementReportConfiguration($input: DeleteSettlementReportConfigurationInput!) { deleteSettlementReportConfiguration(input: $input) { deletedSettlementReportConfigurationId } }`,
        ),
        { input: { id: config.id } },
      );
      expect(deleted.data?.deleteSettlementReportConfiguration.deletedSettlementReportConfigurationId).toBe(config.id);
      const afterDelete = await h.op(graphql(`query DinteroPayoutRulesNode5($id: ID!) { node(id: $id) { id } }`), { id: config.id });
      expect(afterDelete.data?.node).toBeNull();
      expect(afterDelete.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    });
  });

  describe('costs, billing reports and subscriptions', () => {
    it('follows every upstream page of each list through the engine, with exact decimal prices and totals', async () => {
      type Cost = {
        costId: string;
        startAt: string;
        type: string;
        totalCount: number;
        totalAmount: string;
        currency: string;
        plan: { prices: Array<{ amount: string; upTo: string }> };
      };
      const res = await h.gql<{
        billingAccount: {
          costs: { edges: Array<{ node: Cost }>; pageInfo: { hasNextPage: boolean } };
          billingReports: { edges: Array<{ node: { reportId: string; startAt: string; endAt: string; createdBy: string } }> };
          subscriptions: {
            edges: Array<{ node: { namespace: string; metricName: string; prices: Array<{ currency: string; amount: string }> } }>;
          };
        };
      }>(`{ billingAccount(accountId: "${TEST}") {
        costs(year: 2026, month: 10, first: 1000) { edges { node { costId startAt type totalCount totalAmount currency plan { prices { amount upTo } } } } pageInfo { hasNextPage } }
        billingReports(first: 50) { edges { node { reportId startAt endAt createdBy } } }
        subscriptions(namespace: "checkout") { edges { node { namespace metricName prices { currency amount } } } }
      } }`);
      expect(res.errors).toBeUndefined();
      const costs = res.data?.billingAccount.costs.edges.map((e) => e.node) ?? [];
      // A whole month of daily costs is several upstream pages of 100, each continued after the last cost's id.
      expect(costs.length).toBeGreaterThan(100);
      expect(res.data?.billingAccount.costs.pageInfo.hasNextPage).toBe(false);
      expect(new Set(costs.map((c) => c.costId)).size).toBe(costs.length);
      expect(costs.every((c) => c.startAt.startsWith('2026-10-') && c.currency === 'NOK')).toBe(true);
      // Decimal strings, exact: a Vipps capture costs 0.0125 NOK, and each total is count x price to the last digit.
      expect(costs.some((c) => c.plan.prices[0]?.amount === '0.0125')).toBe(true);
      const scaled = (d: string) => {
        const [whole, frac = ''] = d.split('.');
        return BigInt(whole + frac.padEnd(4, '0'));
      };
      for (const c of costs) expect(scaled(c.totalAmount)).toBe(BigInt(c.totalCount) * scaled(c.plan.prices[0]?.amount ?? 'x'));
      const reports = res.data?.billingAccount.billingReports.edges.map((e) => e.node) ?? [];
      expect(reports).toHaveLength(24);
      expect(reports[0]).toMatchObject({
        startAt: '2026-10-01T00:00:00.000Z',
        endAt: '2026-11-01T00:00:00.000Z',
        createdBy: 'dintero-billing',
      });
      const subs = res.data?.billingAccount.subscriptions.edges.map((e) => e.node) ?? [];
      expect(subs.length).toBeGreaterThan(1);
      expect(subs.every((s) => s.namespace === 'checkout')).toBe(true);
      expect(subs[0]?.prices).toEqual([{ currency: 'NOK', amount: '0.0125' }]);

      const filtered = await h.gql<{ billingAccount: { costs: { edges: Array<{ node: { startAt: string; type: string } }> } } }>(
        `{ billingAccount(accountId: "${TEST}") { costs(year: 2026, month: 10, type: "checkout/capture", date: "2026-10-07") { edges { node { startAt type } } } } }`,
      );
      const day = filtered.data?.billingAccount.costs.edges.map((e) => e.node) ?? [];
      expect(day.length).toBeGreaterThan(0);
      expect(day.every((c) => c.startAt.startsWith('2026-10-07') && c.type === 'checkout/capture')).toBe(true);

      await h.resetStats();
      const refused = await h.gql(
        `{ billingAccount(accountId: "${TEST}") { costs(year: 2026, month: 10, date: "2026-10-07") { edges { node { type } } } } }`,
      );
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'date' });
      const ruleIdAlone = await h.gql(`{ billingAccount(accountId: "${TEST}") { payoutRules(ruleId: "x") { edges { node { id } } } } }`);
      expect(ruleIdAlone.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'ruleId' });
      expect(countCalls(await h.stats(), 'dintero')).toBe(0);
    });
  });
});

describe('Dintero writes under rate limiting', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      sandbox: {
        vendors: {
          dintero: { rateLimit: { everyNthRequest: 1, retryAfterSeconds: 1, endpoints: ['POST /v1/accounts/:aid/billing/payout-rules'] } },
        },
      },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('never retries a create: one POST, then UPSTREAM_RATE_LIMITED with the Retry-After for the client', async () => {
    await h.resetStats();
    const res = await h.gql<CreatePayoutRuleMutation>(print(CreatePayoutRuleDocument), { input: input({ ruleId: 'store-throttled' }) });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', source: 'dintero', retryAfterSeconds: 1 });
    expect(countCalls(await h.stats(), RULES_POST)).toBe(1);
  });
});
