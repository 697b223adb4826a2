import { useQuery } from 'urql';
import { errorsAt } from '../errors';
import { getFragmentData, type FragmentType } from '../__generated__/fragment-masking';
import { graphql } from '../__generated__/gql';
import { PROVIDER_NAMES } from './LedgerHeader';
import { LoadMore, PageRows, usePages, type PageProps } from '../pages';
import { formatDate } from '../format';
import { href } from '../router';
import { TableHead } from '../table';

/** One ledger's row in the list of every ledger. */
const LedgerListRowFragment = graphql(`
  fragment LedgerListRow on Ledger {
    id
    ledgerId
    provider
    currency
    timeZone
    today
    owner {
      scheme
      id
    }
    salesUnits {
      name
      recipientHandle
    }
  }
`);

const LedgersQuery = graphql(`
  query WebLedgers($first: Int!, $after: String) {
    ledgers(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          ...LedgerListRow
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** Every ledger across providers, each linking to its entries and its live feed. */
export function LedgersScreen() {
  const { cursors, loadAfter } = usePages('ledgers');
  return (
    <section aria-labelledby="ledgers-title">
      <h1 id="ledgers-title">Ledgers</h1>
      <p className="lead">Every provider account Tally can read, in one list.</p>
      <table className="data" aria-labelledby="ledgers-title">
        <TableHead columns={['Provider', 'Ledger', 'Sales unit', 'Owner', 'Currency', 'Time zone', 'Today', 'Open']} />
        {cursors.map((after, i) => (
          <LedgersPage key={after ?? 'first'} after={after} isLast={i === cursors.length - 1} loadAfter={loadAfter} />
        ))}
      </table>
    </section>
  );
}

function LedgersPage({ after, isLast, loadAfter }: PageProps) {
  const [{ data, fetching, error }] = useQuery({ query: LedgersQuery, variables: { first: 50, after } });
  // A ledger its provider could not read is a null edge; its error shows below the rows.
  const edges = (data?.ledgers?.edges ?? []).flatMap((edge) => (edge ? [edge] : []));
  return (
    <tbody>
      {edges.map(({ node }) => (
        <LedgerRow key={node.id} ledger={node} />
      ))}
      <PageRows
        colSpan={8}
        fetching={fetching}
        loading="Loading ledgers…"
        errors={errorsAt(error)}
        errorTitle="Ledgers could not be listed."
        empty={!error && data && edges.length === 0 && after === null ? 'No ledgers are visible to these credentials.' : null}
        footer={isLast ? <LoadMore pageInfo={data?.ledgers?.pageInfo} onMore={loadAfter} label="More ledgers" /> : null}
      />
    </tbody>
  );
}

function LedgerRow({ ledger }: { ledger: FragmentType<typeof LedgerListRowFragment> }) {
  const node = getFragmentData(LedgerListRowFragment, ledger);
  return (
    <tr data-ledger-id={node.ledgerId} data-provider={node.provider}>
      <td>{PROVIDER_NAMES[node.provider] ?? node.provider}</td>
      <td>
        <a href={href(['ledgers', node.id])}>{node.ledgerId}</a>
      </td>
      <td>{node.salesUnits.map((u) => [u.name, u.recipientHandle].filter(Boolean).join(' · ')).join(', ') || '—'}</td>
      <td>{node.owner ? `${node.owner.id} (${node.owner.scheme})` : '—'}</td>
      <td>{node.currency}</td>
      <td>{node.timeZone}</td>
      <td>{formatDate(node.today)}</td>
      <td className="actions">
        <a href={href(['ledgers', node.id])} aria-label={`Entries of ledger ${node.ledgerId}`}>
          Entries
        </a>
        <a href={href(['payouts', node.id])} aria-label={`Payouts of ledger ${node.ledgerId}`}>
          Payouts
        </a>
        {node.provider === 'VIPPS_MOBILEPAY' ? (
          <a href={href(['vat', node.id])} aria-label={`VAT report of ledger ${node.ledgerId}`}>
            VAT
          </a>
        ) : null}
        {node.provider === 'VIPPS_MOBILEPAY' ? (
          <a href={href(['live', node.id])} aria-label={`Live feed of ledger ${node.ledgerId}`}>
            Live feed
          </a>
        ) : null}
      </td>
    </tr>
  );
}
