import type { DestinationInput } from '../payout-tree';
import { TreeSummary } from '../screens/TreeSummary';
import type { RuleFields } from './rule-fields';

/** A save refused because someone saved the rule since it was opened: the current version, and the two ways on. */
export function Conflict({
  current,
  onLoad,
  onOverwrite,
}: {
  current: RuleFields | null;
  onLoad: (r: RuleFields) => void;
  onOverwrite: (r: RuleFields) => void;
}) {
  return (
    <div className="conflict" role="alert">
      <p>
        <strong>Not saved: someone changed this rule since you opened it.</strong>{' '}
        {current ? (
          <>
            It is now at version <strong data-testid="current-version">{current.ruleVersion}</strong>:
          </>
        ) : (
          'It may have been deleted.'
        )}
      </p>
      {current ? (
        <>
          <TreeSummary nodes={current.destinations as DestinationInput[]} />
          <button type="button" onClick={() => onLoad(current)}>
            Edit the current version instead
          </button>{' '}
          <button type="button" onClick={() => onOverwrite(current)}>
            Keep my changes (save over version {current.ruleVersion})
          </button>
        </>
      ) : null}
    </div>
  );
}
