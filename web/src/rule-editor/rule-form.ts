import type { CombinedError } from 'urql';
import { currencyExponent } from '../format';
import { fromDestinations, idempotencyKey, newNode, type DestinationInput, type TreeNode } from '../payout-tree';
import type { Issue } from './issues';
import type { RuleFields } from './rule-fields';

/** Where the last save stands. */
export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'refused'; issues: Issue[]; error?: CombinedError }
  // The current rule, from the update's own answer (PayoutRuleVersionConflict).
  | { kind: 'conflict'; current: RuleFields | null }
  // The write was sent and its answer lost: it may or may not have happened.
  | { kind: 'unknown'; message: string }
  | { kind: 'failed'; error: CombinedError };

/** Everything the rule editor holds while the person works: one value, changed only by `ruleForm`. */
export interface RuleFormState {
  /** The currency of the preview, and of the flat amounts as the person types them. */
  currency: string;
  ruleType: string;
  ruleId: string;
  nodes: TreeNode[];
  /** The amount the preview splits, as typed. */
  amountText: string;
  /** The version an update must still find (null for a new rule). */
  expectedVersion: number | null;
  /** One key per rule being created: repeating a create whose answer was lost cannot make a second rule. */
  idempotencyKey: string;
  save: SaveState;
  /** Untouched nodes are marked wrong only once the person has tried to save. */
  triedToSave: boolean;
}

export type RuleFormAction =
  | { type: 'currency'; currency: string }
  | { type: 'ruleType'; value: string }
  | { type: 'ruleId'; value: string }
  | { type: 'amount'; text: string }
  | { type: 'tree'; update: (nodes: TreeNode[]) => TreeNode[] }
  | { type: 'submit' }
  | { type: 'saved'; nextKey: string }
  | { type: 'outcome'; save: SaveState }
  | { type: 'loadCurrent'; rule: RuleFields }
  | { type: 'overwrite'; version: number | null };

export function initialRuleForm(rule: RuleFields | null, currency = 'NOK'): RuleFormState {
  return {
    currency,
    ruleType: rule?.ruleType ?? 'order.items.store.id',
    ruleId: rule?.ruleId ?? '',
    nodes: rule ? fromDestinations(rule.destinations as DestinationInput[], currencyExponent(currency)) : [newNode()],
    amountText: '1000.00',
    expectedVersion: rule?.ruleVersion ?? null,
    idempotencyKey: idempotencyKey(),
    save: { kind: 'idle' },
    triedToSave: false,
  };
}

/** The editor's transitions. Any edit of the tree makes the last refusal stale: the preview validates it as it is now. */
export function ruleForm(state: RuleFormState, action: RuleFormAction): RuleFormState {
  switch (action.type) {
    case 'currency':
      return { ...state, currency: action.currency };
    case 'ruleType':
      return { ...state, ruleType: action.value };
    case 'ruleId':
      return { ...state, ruleId: action.value };
    case 'amount':
      return { ...state, amountText: action.text };
    case 'tree':
      return {
        ...state,
        nodes: action.update(state.nodes),
        save: state.save.kind === 'refused' || state.save.kind === 'failed' ? { kind: 'idle' } : state.save,
      };
    case 'submit':
      return { ...state, triedToSave: true };
    case 'outcome':
      return { ...state, save: action.save };
    case 'saved':
      // The next create is another rule: a fresh key (made by the caller, so this stays pure).
      return { ...state, idempotencyKey: action.nextKey, save: { kind: 'idle' } };
    case 'loadCurrent':
      return {
        ...state,
        nodes: fromDestinations(action.rule.destinations as DestinationInput[], currencyExponent(state.currency)),
        ruleType: action.rule.ruleType,
        ruleId: action.rule.ruleId,
        expectedVersion: action.rule.ruleVersion ?? null,
        save: { kind: 'idle' },
      };
    case 'overwrite':
      return { ...state, expectedVersion: action.version, save: { kind: 'idle' } };
  }
}
