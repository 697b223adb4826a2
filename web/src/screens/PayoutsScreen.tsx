import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { ErrorNotice, errorsAt } from '../errors';
import { formatDate, formatInstant, formatMoney } from '../format';
import { money } from '../fragments';
import { getFragmentData, type FragmentType } from '../__generated__/fragment-masking';
import { graphql } from '../__generated__/gql';
import type { PayoutRowFragment } from '../__generated__/graphql';
import { LedgerHeader, useLedgerHeader } from './LedgerHeader';
import { LoadMore, PageRows, usePages, type PageProps } from '../pages';
import { href, navigate } from '../router';
import { TableHead } from '../table';

/** A payout's row, and what its "What it settles" check adds up against. */
const PayoutRowFragment = graphql(`
  fragment PayoutRow on Payout {
    id
    ledgerDate
    payoutNumber
    bankReference
    transferBatch
    amount {
      ...MoneyFields
    }
    balanceBefore {
      ...MoneyFields
    }
    retained {
      ...MoneyFields
    }
  }
`);

/** One entry a payout settles. */
const SettledEntryFragment = graphql(`
  fragment SettledEntry on Entry {
    id
    time
    kind
    entryType
    reference
    pspReference
    amount {
      ...MoneyFields
    }
  }
`);

const PayoutsQuery = graphql(`
  query WebPayouts($id: ID!, $from: Date, $to: Date, $first: Int!, $after: String) {
    ledger(id: $id) {
      id
      payouts(from: $from, to: $to, first: $first, after: $after, order: NEWEST_FIRST) {
        stoppedAtBudget
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            id
            ...PayoutRow
          }
        }
      }
    }
  }
`);

const PayoutSettlesQuery = graphql(`
  query WebPayoutSettles($id: ID!, $first: Int!, $after: String, $withSummary: Boolean!) {
    node(id: $id) {
      id
      ... on Payout {
        previous @include(if: $withSummary) {
          id
          ledgerDate
          retained {
            ...MoneyFields
          }
        }
        entries(first: $first, after: $after) {
          summary @include(if: $withSummary) {
            count
            final
            net {
              ...MoneyFields
            }
            byKind {
              kind
              count
              sum {
                ...MoneyFields
              }
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
          edges {
            node {
              id
              ...SettledEntry
            }
          }
        }
      }
    }
  }
`);

/** A ledger's payouts, each with what it settles and the totals that must add up. */
export function PayoutsScreen({ id, params }: { id: string; params: URLSearchParams }) {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const { ref, error } = useLedgerHeader(id);
  return (
    <section aria-labelledby="payouts-title">
      <LedgerHeader id={id} ledger={ref} error={error} screen="payouts" heading="Payouts" titleId="payouts-title" />
      <p className="lead">Money sent to the bank, and the entries each payout settles.</p>
      <PayoutFilters key={params.toString()} id={id} from={from} to={to} />
      <PayoutsTable id={id} from={from} to={to} />
    </section>
  );
}

function PayoutFilters({ id, from: initialFrom, to: initialTo }: { id: string; from: string; to: string }) {
  const [from, setFrom] = useState(initialFrom);
  const [to, setTo] = useState(initialTo);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(href(['payouts', id], { from, to }));
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Which payouts">
      <label>
        From (empty: 31 days before the end)
        <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
      </label>
      <label>
        To (empty: today)
        <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
      <button type="submit">Show payouts</button>
    </form>
  );
}

function PayoutsTable({ id, from, to }: { id: string; from: string; to: string }) {
  const { cursors, loadAfter } = usePages(JSON.stringify([id, from, to]));
  return (
    <table className="data payouts" aria-label="Payouts">
      <TableHead columns={['Ledger date', 'Payout', { label: 'Balance before', numeric: true }, { label: 'Paid out', numeric: true }, { label: 'Retained', numeric: true }, 'Settles']} />
      {cursors.map((after, i) => (
        <PayoutsPage key={after ?? 'first'} id={id} from={from} to={to} after={after} isLast={i === cursors.length - 1} loadAfter={loadAfter} />
      ))}
    </table>
  );
}

function PayoutsPage({ id, from, to, after, isLast, loadAfter }: PageProps & { id: string; from: string; to: string }) {
  const [{ data, fetching, error }] = useQuery({ query: PayoutsQuery, variables: { id, from: from || null, to: to || null, first: 20, after } });
  const [open, setOpen] = useState<string | null>(null);
  const connection = data?.ledger?.payouts;
  const edges = connection?.edges ?? [];
  return (
    <tbody>
      {edges.map(({ node }) => (
        <PayoutRows key={node.id} payout={node} open={open === node.id} onToggle={() => setOpen(open === node.id ? null : node.id)} />
      ))}
      <PageRows
        colSpan={6}
        fetching={fetching}
        loading="Loading payouts…"
        errors={errorsAt(error, ['ledger', 'payouts'])}
        errorTitle="Payouts could not be read."
        empty={connection && edges.length === 0 && after === null && !connection.pageInfo.hasNextPage ? 'No payouts in this range.' : null}
        footer={
          isLast ? (
            <>
              {connection?.stoppedAtBudget ? (
                <p className="warn stopped">This page stopped at the gateway's upstream-call budget before the range was read: more payouts may follow.</p>
              ) : null}
              <LoadMore pageInfo={connection?.pageInfo} onMore={loadAfter} label="Load more payouts" />
            </>
          ) : null
        }
      />
    </tbody>
  );
}

type PayoutRow = PayoutRowFragment;

function PayoutRows({ payout: ref, open, onToggle }: { payout: FragmentType<typeof PayoutRowFragment>; open: boolean; onToggle: () => void }) {
  const node = getFragmentData(PayoutRowFragment, ref);
  const amount = money(node.amount);
  return (
    <>
      <tr className="payout" data-payout-id={node.id} data-ledger-date={node.ledgerDate}>
        <td>{formatDate(node.ledgerDate)}</td>
        <td>
          {node.payoutNumber ? `No. ${node.payoutNumber}` : node.transferBatch ? `Batch ${node.transferBatch}` : '—'}
          {node.bankReference ? <div className="muted ref">{node.bankReference}</div> : null}
        </td>
        <td className="num">{formatMoney(money(node.balanceBefore))}</td>
        <td className="num" data-minor-units={amount.minorUnits}>
          {formatMoney(amount)}
        </td>
        <td className="num">{formatMoney(money(node.retained))}</td>
        <td>
          <button type="button" className="link" aria-expanded={open} onClick={onToggle}>
            {open ? 'Hide' : 'What it settles'}
          </button>
        </td>
      </tr>
      {open ? (
        <tr className="sale-row">
          <td colSpan={6}>
            <PayoutSettles payout={node} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function PayoutSettles({ payout }: { payout: PayoutRow }) {
  const [{ data, fetching, error }] = useQuery({ query: PayoutSettlesQuery, variables: { id: payout.id, first: 50, after: null, withSummary: true } });
  const { cursors, loadAfter } = usePages(payout.id);
  if (fetching) return <p className="loading">Adding up what this payout settles…</p>;
  const node = data?.node && 'entries' in data.node ? data.node : null;
  const summary = node?.entries?.summary;
  const previous = node?.previous ?? null;
  const balanceBefore = payout.balanceBefore;
  // Without an earlier payout in reach, nothing was retained before: the settled entries alone make the balance.
  const previousRetained = money(previous?.retained)?.minorUnits ?? 0;
  const balanceBeforeMoney = money(balanceBefore);
  const net = money(summary?.net);
  const paid = money(payout.amount);
  const retained = money(payout.retained);
  const settledAddsUp = net && balanceBeforeMoney ? previousRetained + net.minorUnits === balanceBeforeMoney.minorUnits : null;
  const paidAddsUp = balanceBeforeMoney && retained ? balanceBeforeMoney.minorUnits - paid.minorUnits === retained.minorUnits : null;
  return (
    <div className="settles" data-settles-adds-up={settledAddsUp === null ? undefined : String(settledAddsUp)} data-paid-adds-up={paidAddsUp === null ? undefined : String(paidAddsUp)}>
      <ErrorNotice errors={errorsAt(error, ['node'])} title="Part of what this payout settles could not be read." />
      {summary ? (
        <table className="data totals-check" aria-label="How the payout adds up">
          <tbody>
            <tr>
              <th scope="row">Retained after the previous payout{previous ? ` (${formatDate(previous.ledgerDate)})` : ''}</th>
              <td className="num">{previous?.retained ? formatMoney(money(previous.retained)) : 'none found within 93 days: 0'}</td>
            </tr>
            <tr>
              <th scope="row">+ the {summary.count} entries it settles (net)</th>
              <td className="num" data-minor-units={net?.minorUnits}>
                {formatMoney(net)}
              </td>
            </tr>
            <tr className="totals">
              <th scope="row">= balance before the payout</th>
              <td className="num">
                {formatMoney(balanceBeforeMoney)} <Check ok={settledAddsUp} />
              </td>
            </tr>
            <tr>
              <th scope="row">− paid out</th>
              <td className="num">{formatMoney(paid)}</td>
            </tr>
            <tr className="totals">
              <th scope="row">= retained</th>
              <td className="num">
                {formatMoney(retained)} <Check ok={paidAddsUp} />
              </td>
            </tr>
          </tbody>
        </table>
      ) : null}
      {summary ? (
        <p className="muted">
          {summary.byKind.map((k) => `${k.count} × ${k.kind.toLowerCase().replace(/_/g, ' ')} ${formatMoney(money(k.sum))}`).join(' · ')}
          {summary.final ? '' : ' · includes an open date: these totals can still change'}
        </p>
      ) : null}
      <table className="data" aria-label="Entries settled by this payout">
        <TableHead columns={['Time (UTC)', 'Kind', 'Reference', { label: 'Amount', numeric: true }]} />
        {cursors.map((after, i) => (
          <SettledPage key={after ?? 'first'} payoutId={payout.id} after={after} isLast={i === cursors.length - 1} loadAfter={loadAfter} />
        ))}
      </table>
    </div>
  );
}

function SettledPage({ payoutId, after, isLast, loadAfter }: PageProps & { payoutId: string }) {
  // The first page is the summary's query (same variables), so it comes from the cache.
  const [{ data, fetching, error }] = useQuery({ query: PayoutSettlesQuery, variables: { id: payoutId, first: 50, after, withSummary: after === null } });
  const node = data?.node && 'entries' in data.node ? data.node : null;
  const edges = node?.entries?.edges ?? [];
  return (
    <tbody>
      {edges.map(({ node: e }) => (
        <SettledRow key={e.id} entry={e} />
      ))}
      <PageRows
        colSpan={4}
        fetching={fetching}
        loading="Loading entries…"
        errors={errorsAt(error, ['node', 'entries'])}
        errorTitle="Entries could not be read."
        empty={node?.entries && edges.length === 0 && after === null && !node.entries.pageInfo.hasNextPage ? 'No entries.' : null}
        footer={isLast ? <LoadMore pageInfo={node?.entries?.pageInfo} onMore={loadAfter} label="Load more settled entries" /> : null}
      />
    </tbody>
  );
}

function SettledRow({ entry }: { entry: FragmentType<typeof SettledEntryFragment> }) {
  const e = getFragmentData(SettledEntryFragment, entry);
  const amount = money(e.amount);
  return (
    <tr className="settled" data-entry-id={e.id} data-minor-units={amount.minorUnits}>
      <td>{formatInstant(e.time)}</td>
      <td>{e.kind === 'OTHER' ? e.entryType : e.kind.toLowerCase().replace(/_/g, ' ')}</td>
      <td className="ref">{e.reference ?? e.pspReference ?? '—'}</td>
      <td className="num">{formatMoney(amount)}</td>
    </tr>
  );
}

function Check({ ok }: { ok: boolean | null }) {
  if (ok === null) return null;
  return ok ? <span className="check ok-mark">adds up</span> : <span className="check bad-mark">does not add up</span>;
}
