import { useClient, useMutation } from 'urql';
import { getFragmentData } from '../__generated__/fragment-masking';
import { graphql } from '../__generated__/gql';
import { idempotencyKey, type DestinationInput } from '../payout-tree';
import { href, navigate } from '../router';
import { issuesOf } from './issues';
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

// Its answer is a union: a stale expectedVersion comes back as PayoutRuleVersionConflict carrying
// the current rule, so showing it needs no second request.
const UpdateRuleMutation = graphql(`
  mutation WebUpdatePayoutRule($input: UpdatePayoutRuleInput!) {
    payoutRuleUpdate(input: $input) {
      __typename
      ... on UpdatePayoutRulePayload {
        interleavedWrite
        payoutRule {
          ...WebPayoutRuleFields
        }
      }
      ... on PayoutRuleVersionConflict {
        currentRule {
          ...WebPayoutRuleFields
        }
      }
      ... on InvalidInput {
        problems {
          pathText
          message
        }
      }
      ... on WriteProblem {
        code
        message
      }
    }
  }
`);

/**
 * Saving a rule: the gateway's validation first (the split preview, nothing sent upstream, so a
 * tree it refuses is never written), then a create under the form's idempotency key or an update
 * that must still find `expectedVersion`; a conflict answers the current version, shown as it came.
 * Every outcome goes to the form as an action; a saved rule returns to the list.
 */
export function useSaveRule(accountId: string, rule: RuleFields | null, dispatch: (action: RuleFormAction) => void) {
  const client = useClient();
  const [, createRule] = useMutation(CreateRuleMutation);
  const [, updateRule] = useMutation(UpdateRuleMutation);
  const refused = (error: NonNullable<Awaited<ReturnType<typeof createRule>>['error']>) =>
    dispatch({
      type: 'outcome',
      save: issuesOf(error).length > 0 ? { kind: 'refused', issues: issuesOf(error), error } : { kind: 'failed', error },
    });

  return async (state: RuleFormState, destinations: DestinationInput[], amount: number | null): Promise<void> => {
    dispatch({ type: 'outcome', save: { kind: 'saving' } });
    const check = await client
      .query(SplitPreviewQuery, { amount: amount ?? 0, currency: state.currency, destinations }, { requestPolicy: 'network-only' })
      .toPromise();
    if (check.error) return refused(check.error);

    const { ruleType, ruleId } = state;
    if (!rule) {
      const res = await createRule(
        { input: { accountId, ruleType, ruleId, destinations, idempotencyKey: state.idempotencyKey } },
        { additionalTypenames: ['PayoutRule'] },
      );
      if (res.error) return refused(res.error);
      dispatch({ type: 'saved', nextKey: idempotencyKey() });
      navigate(
        href(['payout-rules'], {
          account: accountId,
          saved: res.data ? getFragmentData(RuleFieldsFragment, res.data.createPayoutRule.payoutRule).ruleId : null,
        }),
      );
      return;
    }
    const res = await updateRule({ input: { id: rule.id, ruleType, ruleId, destinations, expectedVersion: state.expectedVersion } });
    if (res.error) return refused(res.error);
    const answer = res.data?.payoutRuleUpdate;
    if (answer?.__typename === 'PayoutRuleVersionConflict')
      return dispatch({ type: 'outcome', save: { kind: 'conflict', current: getFragmentData(RuleFieldsFragment, answer.currentRule) } });
    if (answer?.__typename === 'InvalidInput')
      return dispatch({
        type: 'outcome',
        save: { kind: 'refused', issues: answer.problems.map((p) => ({ path: p.pathText, message: p.message })) },
      });
    if (answer?.__typename === 'WriteOutcomeUnknown')
      return dispatch({ type: 'outcome', save: { kind: 'unknown', message: answer.message } });
    if (answer?.__typename !== 'UpdatePayoutRulePayload') return dispatch({ type: 'outcome', save: { kind: 'idle' } });
    dispatch({ type: 'saved', nextKey: state.idempotencyKey });
    navigate(
      href(['payout-rules'], {
        account: accountId,
        saved: getFragmentData(RuleFieldsFragment, answer.payoutRule).ruleId,
        interleaved: answer.interleavedWrite ? '1' : null,
      }),
    );
  };
}
