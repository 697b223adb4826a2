import { useState } from 'react';
import { useMutation } from 'urql';
import { ErrorNotice, errorsAt } from '../errors';
import { graphql } from '../__generated__/gql';

const DeleteRuleMutation = graphql(`
  mutation WebDeletePayoutRule($input: DeletePayoutRuleInput!) {
    deletePayoutRule(input: $input) {
      deletedPayoutRuleId
      payoutRule {
        id
        isDeleted
        deletedAt
      }
    }
  }
`);

/**
 * Deletes a payout rule after a second click that says what happens (Dintero keeps it, soft-deleted,
 * and it stops applying). Sent with the version shown, so a rule someone changed since is not
 * deleted unseen (`CONFLICT`).
 */
export function DeleteRuleButton({
  id,
  ruleId,
  version,
  onDeleted,
}: {
  id: string;
  ruleId: string;
  version: number | null | undefined;
  onDeleted?: () => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [state, remove] = useMutation(DeleteRuleMutation);
  if (!confirming) {
    return (
      <button type="button" className="link danger" onClick={() => setConfirming(true)} aria-label={`Delete the rule for ${ruleId}`}>
        Delete
      </button>
    );
  }
  return (
    <span className="confirm-delete" role="group" aria-label={`Delete the rule for ${ruleId}?`}>
      <span>It stops applying (Dintero keeps it as deleted). </span>
      <button
        type="button"
        className="danger"
        disabled={state.fetching}
        onClick={async () => {
          // The list refetches: the answer names the PayoutRule type it shows.
          const res = await remove({ input: { id, expectedVersion: version ?? null } }, { additionalTypenames: ['PayoutRule'] });
          if (!res.error) {
            setConfirming(false);
            onDeleted?.();
          }
        }}
      >
        {state.fetching ? 'Deleting…' : 'Yes, delete'}
      </button>{' '}
      <button type="button" onClick={() => setConfirming(false)}>
        Keep
      </button>
      <ErrorNotice errors={errorsAt(state.error)} title="Not deleted." />
    </span>
  );
}
