import type { CombinedError } from 'urql';
import { describe, expect, it } from 'vitest';
import { placeIssues } from './issues';
import type { RuleFields } from './rule-fields';
import { initialRuleForm, ruleForm } from './rule-form';

const error = {} as CombinedError;
const stored: RuleFields = {
  id: 'UGF5b3V0UnVsZTox',
  payoutRuleId: 'pr_1',
  accountId: 'T12345678',
  ruleType: 'order.items.store.id',
  ruleId: 'store-1',
  ruleVersion: 3,
  isDeleted: false,
  createdAt: null,
  updatedAt: null,
  destinations: [
    { type: 'FLAT_AMOUNT', value: '15000', destination: 'PD001', destinations: [] },
    {
      type: 'REMAINING_AMOUNT',
      value: null,
      destination: null,
      destinations: [{ type: 'PERCENTAGE', value: '12.5', destination: 'PD002', destinations: [] }],
    },
  ],
};

describe('the rule form (one state, changed by actions)', () => {
  it('opens an existing rule with its tree, flat amounts in the currency, and its version to expect', () => {
    const s = initialRuleForm(stored);
    expect(s.expectedVersion).toBe(3);
    expect(s.nodes.map((n) => [n.type, n.value, n.destination])).toEqual([
      ['FLAT_AMOUNT', '150.00', 'PD001'],
      ['REMAINING_AMOUNT', '', ''],
    ]);
    expect(s.nodes[1]!.children.map((n) => n.value)).toEqual(['12.5']);
    expect(initialRuleForm(null).nodes).toHaveLength(1);
  });

  it('an edit of the tree makes a refusal stale, but not a conflict the person has to answer', () => {
    const refused = ruleForm(initialRuleForm(null), { type: 'outcome', save: { kind: 'refused', issues: [], error } });
    expect(ruleForm(refused, { type: 'tree', update: (n) => n }).save.kind).toBe('idle');
    const conflict = ruleForm(initialRuleForm(stored), { type: 'outcome', save: { kind: 'conflict', current: stored } });
    expect(ruleForm(conflict, { type: 'tree', update: (n) => n }).save.kind).toBe('conflict');
  });

  it('loading the current version replaces the tree, the match and the version; overwriting keeps the tree', () => {
    const mine = ruleForm(initialRuleForm({ ...stored, ruleVersion: 1, destinations: [] }), { type: 'ruleId', value: 'mine' });
    const loaded = ruleForm(mine, { type: 'loadCurrent', rule: stored });
    expect([loaded.ruleId, loaded.expectedVersion, loaded.nodes.length, loaded.save.kind]).toEqual(['store-1', 3, 2, 'idle']);
    const kept = ruleForm(mine, { type: 'overwrite', version: 3 });
    expect([kept.ruleId, kept.expectedVersion, kept.nodes.length]).toEqual(['mine', 3, 0]);
  });

  it('a saved create takes a fresh idempotency key for the next rule', () => {
    const s = initialRuleForm(null);
    const next = ruleForm(s, { type: 'saved', nextKey: 'k2' });
    expect(next.idempotencyKey).toBe('k2');
    expect(next.idempotencyKey).not.toBe(s.idempotencyKey);
  });
});

describe("placing the gateway's issues on the tree", () => {
  it('marks a node the person has not touched only once they tried to save, and keeps paths outside the tree apart', () => {
    const { nodes } = initialRuleForm(null);
    const issues = [
      { path: 'destinations[0].value', message: 'Required.' },
      { path: 'input.ruleId', message: 'Too long.' },
    ];
    const before = placeIssues(nodes, new Map(), issues, false);
    expect(before.placed.get('0')).toBeUndefined();
    expect(before.unplaced).toEqual([issues[1]]);
    const after = placeIssues(nodes, new Map([[nodes[0]!.key, 'Type a percentage as a number, e.g. 12.5.']]), issues, true);
    expect(after.placed.get('0')?.value).toEqual(['Required.', 'Type a percentage as a number, e.g. 12.5.']);
  });
});
