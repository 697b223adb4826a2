import { useQuery } from 'urql';
import { ErrorNotice, errorsAt } from '../errors';
import { formatInstant } from '../format';
import { graphql } from '../__generated__/gql';
import { LoadMore, PageRows, usePages, type PageProps } from '../pages';
import { href, navigate } from '../router';
import { getFragmentData } from '../__generated__/fragment-masking';
import { RuleEditor, RuleFieldsFragment } from './RuleEditor';
import { BillingAccountsQuery } from './SettlementsScreen';
import { DeleteRuleButton } from './DeleteRuleButton';
import { TreeSummary } from './TreeSummary';
import { TableHead } from '../table';

const PayoutRulesQuery = graphql(`
  query WebPayoutRules($accountId: String!, $first: Int!, $after: String) {
    billingAccount(accountId: $accountId) {
      id
      payoutRules(first: $first, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            ...WebPayoutRuleFields
          }
        }
      }
    }
  }
`);

const PayoutRuleQuery = graphql(`
  query WebPayoutRule($id: ID!) {
    node(id: $id) {
      __typename
      id
      ...WebPayoutRuleFields
    }
  }
`);

/** Payout rules of a Dintero account: the list, and the editor for a new or an existing rule. */
export function PayoutRulesScreen({ segments, params }: { segments: string[]; params: URLSearchParams }) {
  const [{ data, error, fetching }] = useQuery({ query: BillingAccountsQuery });
  const accounts = data?.billingAccounts ?? [];
  const accountId = params.get('account') ?? accounts[0]?.accountId ?? '';
  const [mode, id] = segments;
  return (
    <section aria-labelledby="rules-title">
      <p className="crumbs">{mode ? <a href={href(['payout-rules'], { account: accountId })}>Payout rules</a> : null}</p>
      <h1 id="rules-title">{mode === 'new' ? 'New payout rule' : mode === 'edit' ? 'Edit payout rule' : 'Payout rules'}</h1>
      <ErrorNotice errors={errorsAt(error)} title="The Dintero accounts could not be listed." />
      {!fetching && !error && accounts.length === 0 ? <p>No Dintero account is configured in this Tally.</p> : null}
      {accountId && mode === 'new' ? <RuleEditor key={`new-${accountId}`} accountId={accountId} rule={null} /> : null}
      {mode === 'edit' && id ? <EditExisting id={id} /> : null}
      {accountId && !mode ? (
        <>
          <div className="toolbar">
            <label>
              Account
              <select value={accountId} onChange={(e) => navigate(href(['payout-rules'], { account: e.target.value }))}>
                {accounts.map((a) => (
                  <option key={a.accountId} value={a.accountId}>
                    {a.accountId} {a.isTest ? '(test)' : '(production)'}
                  </option>
                ))}
              </select>
            </label>
            <a className="button" href={href(['payout-rules', 'new'], { account: accountId })}>
              New rule
            </a>
          </div>
          {params.get('saved') ? (
            <p className="ok" role="status">
              Saved rule {params.get('saved')}.
            </p>
          ) : null}
          {params.get('interleaved') ? (
            <p className="warn" role="alert">
              Someone outside Tally (Dintero Backoffice or another integration) wrote this rule at the same moment, and Dintero cannot
              refuse that: open the rule and check it is what you meant.
            </p>
          ) : null}
          <RulesList accountId={accountId} />
        </>
      ) : null}
    </section>
  );
}

function EditExisting({ id }: { id: string }) {
  const [{ data, error, fetching }] = useQuery({ query: PayoutRuleQuery, variables: { id } });
  const node = data?.node;
  const rule = node && node.__typename === 'PayoutRule' ? getFragmentData(RuleFieldsFragment, node) : null;
  if (fetching) return <p className="loading">Loading the rule…</p>;
  return (
    <>
      <ErrorNotice errors={errorsAt(error)} title="The rule could not be read." />
      {/* Keyed by the rule, not its version: a refused save answers the current rule, which refetches
          this query at the newer version, and the editor must keep the person's edits and show the conflict. */}
      {rule ? <RuleEditor key={rule.id} accountId={rule.accountId} rule={rule} /> : !error ? <p>No such payout rule.</p> : null}
    </>
  );
}

function RulesList({ accountId }: { accountId: string }) {
  const { cursors, loadAfter } = usePages(accountId);
  return (
    <table className="data rules" aria-label="Payout rules">
      <TableHead columns={['Applies to', 'Split', 'Version', 'Last changed', 'Actions']} />
      {cursors.map((after, i) => (
        <RulesPage key={after ?? 'first'} accountId={accountId} after={after} isLast={i === cursors.length - 1} loadAfter={loadAfter} />
      ))}
    </table>
  );
}

/**
 * urql's document cache drops a cached result when a mutation returns a type the result contains.
 * An empty list contains no PayoutRule, so without this the first rule created (or the list after
 * the last one is deleted) would be answered from the stale cache: "No payout rules yet." above
 * "Saved rule". Naming the type makes every PayoutRule mutation refetch the list.
 */
const RULES_CONTEXT = { additionalTypenames: ['PayoutRule'] };

function RulesPage({ accountId, after, isLast, loadAfter }: PageProps & { accountId: string }) {
  const [{ data, error, fetching }] = useQuery({
    query: PayoutRulesQuery,
    variables: { accountId, first: 50, after },
    context: RULES_CONTEXT,
  });
  const connection = data?.billingAccount?.payoutRules;
  const edges = connection?.edges ?? [];
  return (
    <tbody>
      {edges
        .map(({ node: ref }) => getFragmentData(RuleFieldsFragment, ref))
        .map((node) => (
          <tr key={node.id} data-rule-id={node.payoutRuleId}>
            <td>
              <code>{node.ruleType}</code> = <strong>{node.ruleId}</strong>
            </td>
            <td>
              <TreeSummary nodes={node.destinations} />
            </td>
            <td>{node.ruleVersion ?? '—'}</td>
            <td>{formatInstant(node.updatedAt ?? node.createdAt)}</td>
            <td>
              <a href={href(['payout-rules', 'edit', node.id])} aria-label={`Edit the rule for ${node.ruleId}`}>
                Edit
              </a>{' '}
              <DeleteRuleButton id={node.id} ruleId={node.ruleId} version={node.ruleVersion} />
            </td>
          </tr>
        ))}
      <PageRows
        colSpan={5}
        fetching={fetching}
        loading="Loading rules…"
        errors={errorsAt(error, ['billingAccount'])}
        errorTitle="Payout rules could not be read."
        empty={connection && edges.length === 0 && after === null ? 'No payout rules yet.' : null}
        footer={isLast ? <LoadMore pageInfo={connection?.pageInfo} onMore={loadAfter} label="Load more rules" /> : null}
      />
    </tbody>
  );
}
