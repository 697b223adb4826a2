import { createHash } from 'node:crypto';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreatePayoutRuleDocument,
  PayoutRulesDocument,
  UpdatePayoutRuleDocument,
  type CreatePayoutRuleInput,
  type CreatePayoutRuleMutation,
  type PayoutRulesQuery,
  type UpdatePayoutRuleMutation,
} from '../../examples/__generated__/graphql.js';
import { DINTERO_SANDBOX_CREDENTIALS } from '../../src/sandbox/dintero/index.js';
import { countCalls, startHarness, type Harness } from '../helpers/harness.js';

/*
 * Writes that cannot lose money (issue 10): concurrent updates with one expectedVersion, a create
 * whose answer is lost, and idempotency records that belong to the client that made them.
 */

const TEST = DINTERO_SANDBOX_CREDENTIALS.test.accountId;
const RULES_POST = 'dintero POST /v1/accounts/:aid/billing/payout-rules';
const RULES_PUT = 'dintero PUT /v1/accounts/:aid/billing/payout-rules/:id';
const KEY_A = 'client-a-api-key-0123456789';
const KEY_B = 'client-b-api-key-9876543210';
const digest = (key: string) => createHash('sha256').update(key).digest('hex');
const as = (key: string) => ({ authorization: `Bearer ${key}` });

const tree = (seller: string) => [{ type: 'PERCENTAGE' as const, value: '100', destination: seller }];
const input = (ruleId: string, extra: Partial<CreatePayoutRuleInput> = {}): CreatePayoutRuleInput => ({
  accountId: TEST,
  ruleType: 'order.items.store.id',
  ruleId,
  destinations: tree('seller'),
  ...extra,
});

describe('Dintero payout rule writes that cannot lose money', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { TALLY_API_KEY_SHA256: `${digest(KEY_A)},${digest(KEY_B)}`, TALLY_UPSTREAM_TIMEOUT_MS: '400' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  const create = (i: CreatePayoutRuleInput, key = KEY_A) =>
    h.gql<CreatePayoutRuleMutation>(print(CreatePayoutRuleDocument), { input: i }, as(key));
  const update = (id: string, expectedVersion: number, seller: string) =>
    h.gql<UpdatePayoutRuleMutation>(
      print(UpdatePayoutRuleDocument),
      { input: { id, expectedVersion, destinations: tree(seller) } },
      as(KEY_A),
    );
  const rulesOf = async (ruleId: string) =>
    (
      await h.gql<PayoutRulesQuery>(print(PayoutRulesDocument), { accountId: TEST, ruleType: 'order.items.store.id', ruleId }, as(KEY_A))
    ).data?.billingAccount?.payoutRules?.edges.map((e) => e.node) ?? [];

  it('lets exactly one of concurrent updates with the same expectedVersion through; the others get CONFLICT naming the current version', async () => {
    const created = await create(input('store-race'));
    const rule = created.data?.createPayoutRule.payoutRule;
    if (!rule) throw new Error(JSON.stringify(created.errors));
    await h.resetStats();
    const writers = ['seller-1', 'seller-2', 'seller-3', 'seller-4', 'seller-5'];
    const results = await Promise.all(writers.map((seller) => update(rule.id, 1, seller)));
    const won = results.filter((r) => r.data?.updatePayoutRule);
    const lost = results.filter((r) => r.errors);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(writers.length - 1);
    for (const r of lost) {
      expect(r.errors?.[0]?.extensions).toMatchObject({
        code: 'CONFLICT',
        currentVersion: 2,
        expectedVersion: 1,
        path: 'input.expectedVersion',
      });
      expect(r.errors?.[0]?.message).toMatch(/version 2, not 1/);
    }
    const winner = won[0]?.data?.updatePayoutRule;
    expect(winner).toMatchObject({ previousVersion: 1, interleavedWrite: false, payoutRule: { ruleVersion: 2 } });
    // Only the winner wrote; what is stored is the winner's tree, not a later loser's.
    expect(countCalls(await h.stats(), RULES_PUT)).toBe(1);
    const [stored] = await rulesOf('store-race');
    expect(stored?.ruleVersion).toBe(2);
    expect(stored?.destinations[0]?.destination).toBe(winner?.payoutRule.destinations[0]?.destination);

    // Writers that each read the version they saw take turns: 2 then 3 both succeed, in order.
    const [v3, v4] = await Promise.all([update(rule.id, 2, 'seller-x'), update(rule.id, 2, 'seller-y')]);
    expect([v3, v4].filter((r) => r.data?.updatePayoutRule?.payoutRule.ruleVersion === 3)).toHaveLength(1);
    expect([v3, v4].filter((r) => r.errors?.[0]?.extensions?.currentVersion === 3)).toHaveLength(1);
  });

  it("says UPSTREAM_OUTCOME_UNKNOWN when a create's answer is lost, and a retry with the returned key ends with exactly one rule", async () => {
    h.sandbox.faults.set('dintero', { lostReplyRate: 1, endpoints: ['POST /v1/accounts/:aid/billing/payout-rules'] });
    await h.resetStats();
    let lost;
    try {
      lost = await create(input('store-lost-answer'));
    } finally {
      h.sandbox.faults.clear('dintero');
    }
    const error = lost.errors?.[0];
    expect(error?.extensions?.code).toBe('UPSTREAM_OUTCOME_UNKNOWN');
    expect(error?.message).toMatch(/may or may not have applied/);
    expect(error?.message).toMatch(/same idempotency key/);
    const key = error?.extensions?.idempotencyKey;
    expect(typeof key).toBe('string');
    // The sandbox did apply it: the rule exists although nobody was told.
    expect(await rulesOf('store-lost-answer')).toHaveLength(1);
    expect(countCalls(await h.stats(), RULES_POST)).toBe(1);

    const retry = await create(input('store-lost-answer', { idempotencyKey: key as string }));
    expect(retry.errors).toBeUndefined();
    expect(retry.data?.createPayoutRule).toMatchObject({ replayed: true, idempotencyKey: key });
    const again = await create(input('store-lost-answer', { idempotencyKey: key as string }));
    expect(again.data?.createPayoutRule.payoutRule.id).toBe(retry.data?.createPayoutRule.payoutRule.id);
    const rules = await rulesOf('store-lost-answer');
    expect(rules.map((r) => r.id)).toEqual([retry.data?.createPayoutRule.payoutRule.id]);
  });

  it('finds the rule a lost create made even when Dintero does not honour the idempotency key', async () => {
    h.sandbox.faults.set('dintero', { lostReplyRate: 1, endpoints: ['POST /v1/accounts/:aid/billing/payout-rules'] });
    let lost;
    try {
      lost = await create(input('store-lost-no-key-support'));
    } finally {
      h.sandbox.faults.clear('dintero');
    }
    const key = lost.errors?.[0]?.extensions?.idempotencyKey as string;
    expect(lost.errors?.[0]?.extensions?.code).toBe('UPSTREAM_OUTCOME_UNKNOWN');
    await h.resetStats();
    // rule_id is unique per rule type (seed), so the rule this request describes, if Dintero holds it, is the one it created:
    // the retry answers it without sending the create again.
    const retry = await create(input('store-lost-no-key-support', { idempotencyKey: key }));
    expect(retry.data?.createPayoutRule).toMatchObject({
      replayed: true,
      idempotencyKey: key,
      payoutRule: { ruleId: 'store-lost-no-key-support' },
    });
    expect(countCalls(await h.stats(), RULES_POST)).toBe(0);
    expect(await rulesOf('store-lost-no-key-support')).toHaveLength(1);
  });

  it('says UPSTREAM_OUTCOME_UNKNOWN, not UPSTREAM_TIMEOUT, when an update times out after it was sent', async () => {
    const created = await create(input('store-stalled'));
    const rule = created.data?.createPayoutRule.payoutRule;
    if (!rule) throw new Error('not created');
    h.sandbox.faults.set('dintero', { stallRate: 1, endpoints: ['PUT /v1/accounts/:aid/billing/payout-rules/:id'] });
    let res;
    try {
      res = await update(rule.id, 1, 'seller-late');
    } finally {
      h.sandbox.faults.clear('dintero');
    }
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_OUTCOME_UNKNOWN', source: 'dintero' });
    expect(res.errors?.[0]?.message).toMatch(/re-read before repeating/);
  });

  it('keeps an idempotency record to the client that made it: another API key with the same key creates its own rule', async () => {
    const key = 'shared-looking-key-0001';
    // Two stores (rule_id is unique per rule type); the same key text from two clients.
    const a1 = await create(input('store-owner-a', { idempotencyKey: key }), KEY_A);
    const b1 = await create(input('store-owner-b', { idempotencyKey: key }), KEY_B);
    const a2 = await create(input('store-owner-a', { idempotencyKey: key }), KEY_A);
    const b2 = await create(input('store-owner-b', { idempotencyKey: key }), KEY_B);
    for (const r of [a1, b1, a2, b2]) expect(r.errors).toBeUndefined();
    expect([a1, b1, a2, b2].map((r) => r.data?.createPayoutRule.replayed)).toEqual([false, false, true, true]);
    const ruleA = a1.data?.createPayoutRule.payoutRule.id;
    const ruleB = b1.data?.createPayoutRule.payoutRule.id;
    expect(ruleB).not.toBe(ruleA);
    expect(a2.data?.createPayoutRule.payoutRule.id).toBe(ruleA);
    expect(b2.data?.createPayoutRule.payoutRule.id).toBe(ruleB);
    expect((await rulesOf('store-owner-a')).map((r) => r.id)).toEqual([ruleA]);
    expect((await rulesOf('store-owner-b')).map((r) => r.id)).toEqual([ruleB]);
  });
});
