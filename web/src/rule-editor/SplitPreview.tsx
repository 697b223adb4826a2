import { useEffect, useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { ErrorNotice, errorsAt } from '../errors';
import { formatMoney } from '../format';
import { money, type Money } from '../fragments';
import { getFragmentData } from '../__generated__/fragment-masking';
import { graphql } from '../__generated__/gql';
import type { DestinationInput } from '../payout-tree';
import { issuesOf, type Issue } from './issues';
import type { RuleFormAction } from './rule-form';

/** What the preview panel and the tree's share badges show of a split. */
export const SplitFieldsFragment = graphql(`
  fragment WebSplitFields on PayoutSplit {
    allocated {
      ...MoneyFields
    }
    unallocated {
      ...MoneyFields
    }
    allocations {
      path
      amount {
        ...MoneyFields
      }
    }
  }
`);

/** The gateway's split of an unsaved tree; also its validation, run before every save. */
export const SplitPreviewQuery = graphql(`
  query WebSplitPreview($amount: SafeInt!, $currency: String!, $destinations: [PayoutDestinationInput!]!) {
    payoutSplitPreview(amount: $amount, currency: $currency, destinations: $destinations) {
      ...WebSplitFields
    }
  }
`);

export const CURRENCIES = ['NOK', 'SEK', 'DKK', 'EUR'];

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

export interface SplitPreview {
  /** The split, once the gateway has answered for the tree as it was a moment ago. */
  allocated: Money | null;
  unallocated: Money | null;
  /** Each paying node's share, by its allocation path (`destinations[1].destinations[0]`). */
  shares: Map<string, Money>;
  /** The gateway's validation issues of the tree. */
  issues: Issue[];
  /** The answer is for an older tree or amount, or a newer one is on its way. */
  stale: boolean;
  error: ReturnType<typeof useQuery>[0]['error'];
}

/**
 * The gateway's exact split of the tree as the person types (debounced), paused while the tree holds
 * text that is not even a number (`blocked`) or the amount is not one.
 */
export function useSplitPreview(destinations: DestinationInput[], currency: string, amount: number | null, blocked: boolean): SplitPreview {
  const input = useDebounced(
    useMemo(() => ({ destinations, currency, amount }), [destinations, currency, amount]),
    250,
  );
  const [preview] = useQuery({
    query: SplitPreviewQuery,
    variables: { amount: input.amount ?? 0, currency: input.currency, destinations: input.destinations },
    pause: blocked || input.amount === null,
  });
  const split = preview.data ? getFragmentData(SplitFieldsFragment, preview.data.payoutSplitPreview) : null;
  return {
    allocated: split ? money(split.allocated) : null,
    unallocated: split ? money(split.unallocated) : null,
    shares: new Map((split?.allocations ?? []).map((a) => [a.path, money(a.amount)])),
    issues: issuesOf(preview.error),
    stale: input.destinations !== destinations || input.amount !== amount || preview.fetching,
    error: preview.error,
  };
}

/** The preview panel: the amount and currency to split, and what the tree allocates of it. */
export function PreviewPanel({
  preview,
  amountText,
  amount,
  currency,
  exponent,
  hasIssues,
  dispatch,
}: {
  preview: SplitPreview;
  amountText: string;
  amount: number | null;
  currency: string;
  exponent: number;
  hasIssues: boolean;
  dispatch: (action: RuleFormAction) => void;
}) {
  return (
    <aside className="preview" aria-labelledby="preview-title">
      <h2 id="preview-title">Preview</h2>
      <div className="row">
        <label>
          Split an amount of
          <input
            type="text"
            inputMode="decimal"
            value={amountText}
            aria-invalid={amount === null}
            onChange={(e) => dispatch({ type: 'amount', text: e.target.value })}
          />
        </label>
        <label>
          Currency
          <select value={currency} onChange={(e) => dispatch({ type: 'currency', currency: e.target.value })}>
            {CURRENCIES.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </label>
      </div>
      {amount === null ? <p className="field-error">Type an amount with at most {exponent} decimals.</p> : null}
      {hasIssues ? <p className="muted">Complete the destinations (and fix any marked one) to see the split.</p> : null}
      {!hasIssues && preview.allocated && preview.unallocated ? (
        <dl className={`split ${preview.stale ? 'stale' : ''}`} aria-live="polite" data-testid="split">
          <dt>Allocated</dt>
          <dd data-minor-units={preview.allocated.minorUnits}>{formatMoney(preview.allocated)}</dd>
          <dt>Stays with the account</dt>
          <dd data-minor-units={preview.unallocated.minorUnits}>{formatMoney(preview.unallocated)}</dd>
        </dl>
      ) : null}
      <ErrorNotice errors={preview.issues.length > 0 ? [] : errorsAt(preview.error)} title="The preview failed." />
    </aside>
  );
}
