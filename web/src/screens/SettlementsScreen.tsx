import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { ErrorNotice, errorsAt } from '../errors';
import { formatDate, formatInstant, formatMoney } from '../format';
import { money } from '../fragments';
import { getFragmentData, type FragmentType } from '../__generated__/fragment-masking';
import { graphql } from '../__generated__/gql';
import { LoadMore, PageRows, usePages, type PageProps } from '../pages';
import { href, navigate } from '../router';
import { TableHead } from '../table';

export const BillingAccountsQuery = graphql(`
  query WebBillingAccounts {
    billingAccounts {
      id
      accountId
      environment
      isTest
    }
  }
`);

/** One settlement's row: dates, provider, amounts per currency and its files. */
const SettlementRowFragment = graphql(`
  fragment SettlementRow on Settlement {
    id
    settlementId
    provider
    providerReference
    paymentStatus
    settledAt
    createdAt
    periodStart
    periodEnd
    payoutDestinationId
    amounts {
      currency
      capture {
        ...MoneyFields
      }
      refund {
        ...MoneyFields
      }
      fee {
        ...MoneyFields
      }
      net {
        ...MoneyFields
      }
    }
    attachments {
      attachmentId
      fileName
      contentType
      extension
      downloadUrl
      downloadUrlExpiresAt
    }
  }
`);

const SettlementsQuery = graphql(`
  query WebSettlements(
    $accountId: String!
    $first: Int!
    $after: String
    $settledFrom: Date
    $settledTo: Date
    $createdFrom: Date
    $createdTo: Date
    $providers: [String!]
    $payoutDestinationId: String
    $search: String
  ) {
    billingAccount(accountId: $accountId) {
      id
      settlements(
        first: $first
        after: $after
        settledFrom: $settledFrom
        settledTo: $settledTo
        createdFrom: $createdFrom
        createdTo: $createdTo
        providers: $providers
        payoutDestinationId: $payoutDestinationId
        search: $search
      ) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            id
            ...SettlementRow
          }
        }
      }
    }
  }
`);

/** The payment providers Dintero settles for; any other name can be typed in. */
const KNOWN_PROVIDERS = ['payex', 'vipps', 'collector', 'bambora', 'swish', 'klarna', 'instabank'];

interface Filters {
  accountId: string;
  basis: 'settled' | 'created';
  from: string;
  to: string;
  providers: string[];
  destination: string;
  search: string;
}

function filtersFrom(params: URLSearchParams, defaultAccount: string): Filters {
  return {
    accountId: params.get('account') ?? defaultAccount,
    basis: params.get('basis') === 'created' ? 'created' : 'settled',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    providers: (params.get('providers') ?? '').split(',').filter(Boolean),
    destination: params.get('destination') ?? '',
    search: params.get('search') ?? '',
  };
}

function toParams(f: Filters): Record<string, string> {
  return {
    account: f.accountId,
    basis: f.basis === 'created' ? 'created' : '',
    from: f.from,
    to: f.to,
    providers: f.providers.join(','),
    destination: f.destination,
    search: f.search,
  };
}

/** Dintero settlements: payouts from payment providers, their totals per currency and report files. */
export function SettlementsScreen({ params }: { params: URLSearchParams }) {
  const [{ data, error, fetching }] = useQuery({ query: BillingAccountsQuery });
  const accounts = data?.billingAccounts ?? [];
  const filters = filtersFrom(params, accounts[0]?.accountId ?? '');
  return (
    <section aria-labelledby="settlements-title">
      <h1 id="settlements-title">Settlements</h1>
      <p className="lead">What payment providers paid out to a Dintero account, with the files they sent.</p>
      <ErrorNotice errors={errorsAt(error)} title="The Dintero accounts could not be listed." />
      {!fetching && !error && accounts.length === 0 ? <p>No Dintero account is configured in this Tally.</p> : null}
      {accounts.length > 0 ? (
        <>
          <SettlementFilters key={params.toString()} filters={filters} accounts={accounts} />
          <SettlementsTable filters={filters} />
        </>
      ) : null}
    </section>
  );
}

function SettlementFilters({ filters, accounts }: { filters: Filters; accounts: Array<{ accountId: string; isTest: boolean }> }) {
  const [f, setF] = useState(filters);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(href(['settlements'], toParams(f)));
  };
  const toggleProvider = (p: string) =>
    setF({ ...f, providers: f.providers.includes(p) ? f.providers.filter((x) => x !== p) : [...f.providers, p] });
  return (
    <form className="filters" onSubmit={submit} aria-label="Filter settlements">
      <label>
        Account
        <select value={f.accountId} onChange={(e) => setF({ ...f, accountId: e.target.value })}>
          {accounts.map((a) => (
            <option key={a.accountId} value={a.accountId}>
              {a.accountId} {a.isTest ? '(test)' : '(production)'}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>Dates are</legend>
        <label>
          <input type="radio" name="basis" checked={f.basis === 'settled'} onChange={() => setF({ ...f, basis: 'settled' })} /> paid out
        </label>
        <label>
          <input type="radio" name="basis" checked={f.basis === 'created'} onChange={() => setF({ ...f, basis: 'created' })} /> registered
          by Dintero
        </label>
      </fieldset>
      <label>
        From
        <input type="date" value={f.from} onChange={(e) => setF({ ...f, from: e.target.value })} />
      </label>
      <label>
        To
        <input type="date" value={f.to} onChange={(e) => setF({ ...f, to: e.target.value })} />
      </label>
      <fieldset className="providers">
        <legend>Providers (none: all)</legend>
        {KNOWN_PROVIDERS.map((p) => (
          <label key={p}>
            <input type="checkbox" checked={f.providers.includes(p)} onChange={() => toggleProvider(p)} /> {p}
          </label>
        ))}
      </fieldset>
      <label>
        Payout destination
        <input type="text" value={f.destination} placeholder="e.g. PD001" onChange={(e) => setF({ ...f, destination: e.target.value })} />
      </label>
      <label>
        Settlement id contains
        <input type="search" value={f.search} onChange={(e) => setF({ ...f, search: e.target.value })} />
      </label>
      <button type="submit">Apply filters</button>
    </form>
  );
}

function SettlementsTable({ filters }: { filters: Filters }) {
  const { cursors, loadAfter } = usePages(JSON.stringify(filters));
  return (
    <table className="data settlements" aria-label="Settlements">
      <TableHead
        columns={[
          'Paid out',
          'Registered',
          'Provider',
          'Destination',
          'Period',
          { label: 'Captured', numeric: true },
          { label: 'Refunded', numeric: true },
          { label: 'Fees', numeric: true },
          { label: 'Net paid', numeric: true },
          'Files',
        ]}
      />
      {cursors.map((after, i) => (
        <SettlementsPage key={after ?? 'first'} filters={filters} after={after} isLast={i === cursors.length - 1} loadAfter={loadAfter} />
      ))}
    </table>
  );
}

function SettlementsPage({ filters, after, isLast, loadAfter }: PageProps & { filters: Filters }) {
  const settled = filters.basis === 'settled';
  const [{ data, fetching, error }, reexecute] = useQuery({
    query: SettlementsQuery,
    variables: {
      accountId: filters.accountId,
      first: 20,
      after,
      settledFrom: settled && filters.from ? filters.from : null,
      settledTo: settled && filters.to ? filters.to : null,
      createdFrom: !settled && filters.from ? filters.from : null,
      createdTo: !settled && filters.to ? filters.to : null,
      providers: filters.providers.length > 0 ? filters.providers : null,
      payoutDestinationId: filters.destination || null,
      search: filters.search || null,
    },
  });
  const connection = data?.billingAccount?.settlements;
  const edges = connection?.edges ?? [];
  return (
    <tbody>
      {edges.map(({ node }) => (
        <SettlementRow key={node.id} settlement={node} onExpired={() => reexecute({ requestPolicy: 'network-only' })} />
      ))}
      <PageRows
        colSpan={10}
        fetching={fetching}
        loading="Loading settlements…"
        errors={errorsAt(error, ['billingAccount'])}
        errorTitle="Settlements could not be read."
        empty={connection && edges.length === 0 && after === null ? 'No settlements match these filters.' : null}
        footer={isLast ? <LoadMore pageInfo={connection?.pageInfo} onMore={loadAfter} label="Load more settlements" /> : null}
      />
    </tbody>
  );
}

function SettlementRow({ settlement, onExpired }: { settlement: FragmentType<typeof SettlementRowFragment>; onExpired: () => void }) {
  const node = getFragmentData(SettlementRowFragment, settlement);
  return (
    <tr className="settlement" data-settlement-id={node.settlementId}>
      <td>{node.paymentStatus === 'POSTPONED' ? <span className="badge">Postponed</span> : formatInstant(node.settledAt)}</td>
      <td>{formatInstant(node.createdAt)}</td>
      <td>
        {node.provider}
        {node.providerReference ? <div className="muted ref">{node.providerReference}</div> : null}
      </td>
      <td>{node.payoutDestinationId ?? '—'}</td>
      <td>
        {node.periodStart ? formatDate(node.periodStart.slice(0, 10)) : '—'} –{' '}
        {node.periodEnd ? formatDate(node.periodEnd.slice(0, 10)) : '—'}
      </td>
      {(['capture', 'refund', 'fee', 'net'] as const).map((k) => (
        <td key={k} className="num">
          {node.amounts.length === 0 ? '—' : null}
          {node.amounts.map((a) => (
            <div key={a.currency} data-currency={a.currency} data-minor-units={money(a[k]).minorUnits}>
              {k === 'refund' || k === 'fee'
                ? money(a[k]).minorUnits === 0
                  ? formatMoney(money(a[k]))
                  : `−${formatMoney(money(a[k]))}`
                : formatMoney(money(a[k]))}
            </div>
          ))}
        </td>
      ))}
      <td className="files">
        {node.attachments.length === 0 ? '—' : null}
        {node.attachments.map((a) => (
          <a
            key={a.attachmentId}
            data-attachment-id={a.attachmentId}
            href={a.downloadUrl}
            download={a.fileName}
            type={a.contentType}
            aria-label={`Download ${a.fileName}`}
            onClick={(e) => {
              // Links are signed and expire; an old page asks for fresh ones instead of sending the person to an error.
              if (Date.parse(a.downloadUrlExpiresAt) <= Date.now()) {
                e.preventDefault();
                onExpired();
              }
            }}
          >
            {(a.extension ?? a.fileName.split('.').pop() ?? 'file').toUpperCase()}
          </a>
        ))}
      </td>
    </tr>
  );
}
