import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreatePayoutRuleDocument,
  PayoutRuleCreateDocument,
  PayoutRuleDeleteDocument,
  PayoutRuleUpdateDocument,
  UpdatePayoutRuleDocument,
  type CreatePayoutRuleInput,
  type CreatePayoutRuleMutation,
  type PayoutRuleCreateMutation,
  type PayoutRuleDeleteMutation,
  type PayoutRuleUpdateMutation,
  type UpdatePayoutRuleMutation,
} from '../../examples/__generated__/graphql.js';
import { DINTERO_SANDBOX_CREDENTIALS } from '../../src/sandbox/dintero/index.js';
import { countCalls, startHarness, type Harness } from '../helpers/harness.js';

/*
 * Issue 22: the expected failures of the payout-rule writes as typed results of the new
 * `payoutRule...` mutations (a stale version carries the current rule, refused input its typed
 * paths, a lost answer the key to repeat with), while the deprecated mutations answer as before.
 */

const TEST = DINTERO_SANDBOX_CREDENTIALS.test.accountId;
const tree = (seller: string) => [{ type: 'PERCENTAGE' as const, value: '100', destination: seller }];
const input = (ruleId: string, extra: Partial<CreatePayoutRuleInput> = {}): CreatePayoutRuleInput => ({
  accountId: TEST,
  ruleType: 'order.items.store.id',
  ruleId,
  destinations: tree('seller'),
  ...extra,
});

describe('typed write problems (payoutRuleCreate / payoutRuleUpdate / payoutRuleDelete)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { TALLY_UPSTREAM_TIMEOUT_MS: '400' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  const createTyped = (i: CreatePayoutRuleInput) => h.gql<PayoutRuleCreateMutation>(print(PayoutRuleCreateDocument), { input: i });
  const updateTyped = (id: string, expectedVersion: number, seller: string) =>
    h.gql<PayoutRuleUpdateMutation>(print(PayoutRuleUpdateDocument), { input: { id, expectedVersion, destinations: tree(seller) } });

  it("answers a stale expectedVersion with the current rule in the mutation's own result, not a top-level error", async () => {
    const created = await createTyped(input('store-typed-conflict'));
    const made = created.data?.payoutRuleCreate;
    if (made?.__typename !== 'CreatePayoutRulePayload') throw new Error(JSON.stringify(created));
    const id = made.payoutRule.id;
    const first = await updateTyped(id, 1, 'seller-new');
    expect(first.data?.payoutRuleUpdate).toMatchObject({
      __typename: 'UpdatePayoutRulePayload',
      previousVersion: 1,
      payoutRule: { ruleVersion: 2 },
    });

    await h.resetStats();
    const stale = await updateTyped(id, 1, 'seller-stale');
    expect(stale.errors).toBeUndefined();
    const answer = stale.data?.payoutRuleUpdate;
    expect(answer).toMatchObject({ __typename: 'PayoutRuleVersionConflict', code: 'CONFLICT', expectedVersion: 1 });
    if (answer?.__typename !== 'PayoutRuleVersionConflict') throw new Error('not a conflict');
    // The rule as it is now, the winner's tree, from the read the refused write made anyway: one
    // upstream read, no write, and no second request needed by the client.
    expect(answer.currentRule).toMatchObject({ id, ruleVersion: 2, destinations: [{ destination: 'seller-new' }] });
    expect(countCalls(await h.stats(), 'dintero GET')).toBe(1);
    expect(countCalls(await h.stats(), 'dintero PUT')).toBe(0);

    const del = await h.gql<PayoutRuleDeleteMutation>(print(PayoutRuleDeleteDocument), { input: { id, expectedVersion: 1 } });
    expect(del.data?.payoutRuleDelete).toMatchObject({
      __typename: 'PayoutRuleVersionConflict',
      currentRule: { ruleVersion: 2, isDeleted: false },
    });
  });

  it('keeps the deprecated updatePayoutRule answering a stale version with the coded CONFLICT error, as old clients expect', async () => {
    const created = await h.gql<CreatePayoutRuleMutation>(print(CreatePayoutRuleDocument), { input: input('store-old-client') });
    const id = created.data?.createPayoutRule.payoutRule.id as string;
    await h.gql(print(UpdatePayoutRuleDocument), { input: { id, expectedVersion: 1, destinations: tree('a') } });
    const old = await h.gql<UpdatePayoutRuleMutation>(print(UpdatePayoutRuleDocument), {
      input: { id, expectedVersion: 1, destinations: tree('b') },
    });
    expect(old.data).toBeNull();
    expect(old.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2, expectedVersion: 1 });
  });

  it('answers refused input with every problem and its typed path into the input, before Dintero is called', async () => {
    await h.resetStats();
    const res = await createTyped(
      input('store-bad', {
        destinations: [
          { type: 'PERCENTAGE', value: '60', destination: 'a' },
          { type: 'PERCENTAGE', value: '40', destination: '' },
        ],
      }),
    );
    expect(res.errors).toBeUndefined();
    const answer = res.data?.payoutRuleCreate;
    if (answer?.__typename !== 'InvalidInput') throw new Error(JSON.stringify(res));
    expect(answer.code).toBe('BAD_USER_INPUT');
    const problem = answer.problems.find((p) => p.pathText === 'input.destinations[1].destination');
    expect(problem?.path).toEqual([
      { field: 'input', index: null },
      { field: 'destinations', index: null },
      { field: null, index: 1 },
      { field: 'destination', index: null },
    ]);
    expect(countCalls(await h.stats(), 'dintero POST /v1/accounts/:aid/billing/payout-rules')).toBe(0);
  });

  it('answers a lost create with the key to repeat it with; repeating with that key makes no second rule', async () => {
    h.sandbox.faults.set('dintero', { lostReplyRate: 1, endpoints: ['POST /v1/accounts/:aid/billing/payout-rules'] });
    let lost;
    try {
      lost = await createTyped(input('store-typed-lost'));
    } finally {
      h.sandbox.faults.clear('dintero');
    }
    expect(lost.errors).toBeUndefined();
    const answer = lost.data?.payoutRuleCreate;
    if (answer?.__typename !== 'WriteOutcomeUnknown') throw new Error(JSON.stringify(lost));
    expect(answer.code).toBe('UPSTREAM_OUTCOME_UNKNOWN');
    expect(typeof answer.idempotencyKeyToRepeat).toBe('string');
    const again = await createTyped(input('store-typed-lost', { idempotencyKey: answer.idempotencyKeyToRepeat }));
    expect(again.data?.payoutRuleCreate).toMatchObject({ __typename: 'CreatePayoutRulePayload', replayed: true });
  });

  it("keeps what is not the caller's to handle a coded top-level error (an account outside the grant)", async () => {
    const res = await createTyped(input('store-x', { accountId: 'T99999999' }));
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
