import { useClient, useMutation } from 'urql';
import { getFragmentData } from '../__generated__/fragment-masking';
import { graphql } from '../__generated__/gql';
import { idempotencyKey, type DestinationInput } from '../payout-tree';
import { href, navigate } from '../router';
import { isConflict, issuesOf } from './issues';
import { RuleFieldsFragment, type RuleFields } from './rule-fields';
import type { RuleFormAction, RuleFormState } from './rule-form';
import { SplitPreviewQuery } from './SplitPreview';

const CreateRuleMutation = graphql(`
  mutation WebCreatePayoutRule($input: CreatePayoutRuleInput!) {
    createPayoutRule(input: $input) {
      replayed
      payoutRule {
        ...WebPayoutRuleFields
      }
    }
  }
`);

const UpdateRuleMutation = graphql(`
  mutation WebUpdatePayoutRule($input: UpdatePayoutRuleInput!) {
    updatePayoutRule(input: $input) {
      interleavedWrite
      payoutRule {
        ...WebPayoutRuleFields
      }
    }
  }
`);

const CurrentRuleQuery = graphql(`
  query WebCurrentPayoutRule($id: ID!) {
    node(id: $id) {
      __typename
      id
      ...WebPayoutRuleFields
    }
  }
`);

/**
 * Saving a rule: the gateway's validation first (the split preview, nothing sent upstream, so a
 * tree it refuses is never written), then a create under the form's idempotency key or an update
 * that must still find `expectedVersion`; a conflict fetches the current version to show it.
 * Every outcome goes to the form as an action; a saved rule returns to the list.
 */
export function useSaveRule(accountId: string, rule: RuleFields | null, dispatch: (action: RuleFormAction) => void) {
  const client = useClient();
  const [, createRule] = useMutation(CreateRuleMutation);
  const [, updateRule] = useMutation(UpdateRuleMutation);
  const refused = (error: NonNullable<Awaited<ReturnType<typeof createRule>>['error']>) =>
    dispatch({ type: 'outcome', save: issuesOf(error).length > 0 ? { kind: 'refused', issues: issuesOf(error), error } : { kind: 'failed', error } });

  return async (state: RuleFormState, destinations: DestinationInput[], amount: number | null): Promise<void> => {
    dispatch({ type: 'outcome', save: { kind: 'saving' } });
    const check = await client.query(SplitPreviewQuery, { amount: amount ?? 0, currency: state.currency, destinations }, { requestPolicy: 'network-only' }).toPromise();
    if (check.error) return refused(check.error);

    const { ruleType, ruleId } = state;
    if (!rule) {
      const res = await createRule({ input: { accountId, ruleType, ruleId, destinations, idempotencyKey: state.idempotencyKey } }, { additionalTypenames: ['PayoutRule'] });
      if (res.error) return refused(res.error);
      dispatch({ type: 'saved', nextKey: idempotencyKey() });
      navigate(href(['payout-rules'], { account: accountId, saved: res.data ? getFragmentData(RuleFieldsFragment, res.data.createPayoutRule.payoutRule).ruleId : null }));
      return;
    }
    const res = await updateRule({ input: { id: rule.id, ruleType, ruleId, destinations, expectedVersion: state.expectedVersion } });
    if (res.error && isConflict(res.error)) {
      const current = await client.query(CurrentRuleQuery, { id: rule.id }, { requestPolicy: 'network-only' }).toPromise();
      const node = current.data?.node;
      return dispatch({ type: 'outcome', save: { kind: 'conflict', current: node && node.__typename === 'PayoutRule' ? getFragmentData(RuleFieldsFragment, node) : null, error: res.error } });
    }
    if (res.error) return refused(res.error);
    dispatch({ type: 'saved', nextKey: state.idempotencyKey });
    navigate(
      href(['payout-rules'], {
        account: accountId,
        saved: res.data ? getFragmentData(RuleFieldsFragment, res.data.updatePayoutRule.payoutRule).ruleId : null,
        interleaved: res.data?.updatePayoutRule.interleavedWrite ? '1' : null,
      }),
    );
  };
}
