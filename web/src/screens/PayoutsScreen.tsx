import { useEffect, useState, type FormEvent } from 'react';
import { useClient, useQuery, type CombinedError, type OperationResult } from 'urql';
import { ErrorNotice, errorsAt } from '../errors';
import { addDays, formatDate, formatInstant, formatMoney, minorToDecimal, zonedTimestamp } from '../format';
import { kindLabel } from '../kinds';
import { money, type Money } from '../fragments';
import { getFragmentData, type FragmentType } from '../__generated__/fragment-masking';
import { graphql } from '../__generated__/gql';
import type { PayoutRowFragment, WebEntriesSincePayoutQuery, WebPayoutSettlesQuery } from '../__generated__/graphql';
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
    ledgerDate
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

/** The latest payout and what has come in since: the overview the screen opens on. */
const PayoutOverviewQuery = graphql(`
  query WebPayoutOverview($id: ID!) {
    ledger(id: $id) {
      id
      payouts(first: 3, order: NEWEST_FIRST) {
        edges {
          node {
            id
            ledgerDate
            entry {
              id
            }
            ...PayoutRow
          }
        }
      }
    }
  }
`);

/** The entries after the latest payout: what the next payout will hold. */
const SincePayoutQuery = graphql(`
  query WebEntriesSincePayout($id: ID!, $from: Date!, $first: Int!, $after: String) {
    ledger(id: $id) {
      id
      entries(from: $from, first: $first, after: $after) {
        final
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            time
            kind
            amount {
              ...MoneyFields
            }
            balanceAfter {
              ...MoneyFields
            }
          }
        }
      }
    }
  }
`);

const PayoutByBankReferenceQuery = graphql(`
  query WebPayoutByBankReference($id: ID!, $reference: String!) {
    ledger(id: $id) {
      id
      payoutByBankReference(reference: $reference) {
        id
        ...PayoutRow
      }
    }
  }
`);

/** A ledger's payouts, each with what it settles and the totals that must add up. */
export function PayoutsScreen({ id, params }: { id: string; params: URLSearchParams }) {
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const { ref, ledger, error } = useLedgerHeader(id);
  const timeZone = ledger?.timeZone ?? 'UTC';
  return (
    <section aria-labelledby="payouts-title">
      <LedgerHeader id={id} ledger={ref} error={error} screen="payouts" heading="Payouts" titleId="payouts-title" />
      <p className="lead">Money sent to the bank, and the entries each payout settles.</p>
      {ledger ? (
        <>
          <PayoutOverview id={id} timeZone={timeZone} today={ledger.today} />
          <FindPayout key={id} id={id} norwegian={ledger.currency === 'NOK'} timeZone={timeZone} />
        </>
      ) : null}
      <h2 id="all-payouts">All payouts, newest first</h2>
      <PayoutFilters key={params.toString()} id={id} from={from} to={to} />
      <PayoutsTable id={id} from={from} to={to} timeZone={timeZone} />
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

function PayoutsTable({ id, from, to, timeZone }: { id: string; from: string; to: string; timeZone: string }) {
  const { cursors, loadAfter } = usePages(JSON.stringify([id, from, to]));
  return (
    <table className="data payouts" aria-label="Payouts">
      <TableHead
        columns={[
          'Ledger date',
          'Payout',
          { label: 'Balance before', numeric: true },
          { label: 'Paid out', numeric: true },
          { label: 'Retained', numeric: true },
          'Settles',
        ]}
      />
      {cursors.map((after, i) => (
        <PayoutsPage
          key={after ?? 'first'}
          id={id}
          from={from}
          to={to}
          timeZone={timeZone}
          after={after}
          isLast={i === cursors.length - 1}
          loadAfter={loadAfter}
        />
      ))}
    </table>
  );
}

function PayoutsPage({
  id,
  from,
  to,
  timeZone,
  after,
  isLast,
  loadAfter,
}: PageProps & { id: string; from: string; to: string; timeZone: string }) {
  const [{ data, fetching, error }] = useQuery({
    query: PayoutsQuery,
    variables: { id, from: from || null, to: to || null, first: 20, after },
  });
  const [open, setOpen] = useState<string | null>(null);
  const connection = data?.ledger?.payouts;
  const edges = connection?.edges ?? [];
  return (
    <tbody>
      {edges.map(({ node }) => (
        <PayoutRows
          key={node.id}
          payout={node}
          timeZone={timeZone}
          open={open === node.id}
          onToggle={() => setOpen(open === node.id ? null : node.id)}
        />
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
                <p className="warn stopped">
                  This page stopped at the gateway's upstream-call budget before the range was read: more payouts may follow.
                </p>
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

function PayoutRows({
  payout: ref,
  timeZone,
  open,
  onToggle,
}: {
  payout: FragmentType<typeof PayoutRowFragment>;
  timeZone: string;
  open: boolean;
  onToggle: () => void;
}) {
  const node = getFragmentData(PayoutRowFragment, ref);
  const amount = money(node.amount);
  return (
    <>
      <tr className="payout" data-payout-id={node.id} data-ledger-date={node.ledgerDate}>
        <td>{formatDate(node.ledgerDate)}</td>
        <td>
          {payoutName(node)}
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
            <PayoutSettles payout={node} timeZone={timeZone} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function PayoutSettles({ payout, timeZone }: { payout: PayoutRow; timeZone: string }) {
  const [{ data, fetching, error }] = useQuery({
    query: PayoutSettlesQuery,
    variables: { id: payout.id, first: 50, after: null, withSummary: true },
  });
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
    <div
      className="settles"
      data-settles-adds-up={settledAddsUp === null ? undefined : String(settledAddsUp)}
      data-paid-adds-up={paidAddsUp === null ? undefined : String(paidAddsUp)}
    >
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
      <div className="toolbar-inline">
        <ExportPayoutEntries payout={payout} timeZone={timeZone} />
      </div>
      <table className="data" aria-label={`Entries settled by payout ${payoutName(payout)}`}>
        <TableHead columns={[`Time (${timeZone})`, 'Kind', 'Reference', { label: 'Amount', numeric: true }]} />
        {cursors.map((after, i) => (
          <SettledPage
            key={after ?? 'first'}
            payoutId={payout.id}
            timeZone={timeZone}
            after={after}
            isLast={i === cursors.length - 1}
            loadAfter={loadAfter}
          />
        ))}
      </table>
    </div>
  );
}

function SettledPage({ payoutId, timeZone, after, isLast, loadAfter }: PageProps & { payoutId: string; timeZone: string }) {
  // The first page is the summary's query (same variables), so it comes from the cache.
  const [{ data, fetching, error }] = useQuery({
    query: PayoutSettlesQuery,
    variables: { id: payoutId, first: 50, after, withSummary: after === null },
  });
  const node = data?.node && 'entries' in data.node ? data.node : null;
  const edges = node?.entries?.edges ?? [];
  return (
    <tbody>
      {edges.map(({ node: e }) => (
        <SettledRow key={e.id} entry={e} timeZone={timeZone} />
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

function SettledRow({ entry, timeZone }: { entry: FragmentType<typeof SettledEntryFragment>; timeZone: string }) {
  const e = getFragmentData(SettledEntryFragment, entry);
  const amount = money(e.amount);
  return (
    <tr className="settled" data-entry-id={e.id} data-minor-units={amount.minorUnits}>
      <td>{formatInstant(e.time, timeZone)}</td>
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

/** How a person names a payout: its number (the Norwegian bank line's), else its Easypay batch. */
function payoutName(p: { payoutNumber?: string | null; transferBatch?: string | null; ledgerDate: string }): string {
  return p.payoutNumber ? `No. ${p.payoutNumber}` : p.transferBatch ? `Batch ${p.transferBatch}` : `of ${formatDate(p.ledgerDate)}`;
}

/**
 * What the screen opens on: the latest payout with what it settles (no click needed), and what has
 * come in since, which the next payout will hold.
 */
function PayoutOverview({ id, timeZone, today }: { id: string; timeZone: string; today: string }) {
  const [{ data, fetching, error }] = useQuery({ query: PayoutOverviewQuery, variables: { id } });
  const edges = data?.ledger?.payouts?.edges ?? [];
  const latest = edges[0]?.node;
  const row = latest ? getFragmentData(PayoutRowFragment, latest) : null;
  const dates = edges.map((e) => e.node.ledgerDate);
  return (
    <div className="overview">
      {fetching && !data ? <p className="loading">Finding the latest payout…</p> : null}
      <ErrorNotice errors={errorsAt(error, ['ledger'])} title="The latest payouts could not be read." />
      {data && !latest && !error ? <p>No payout in the last 31 days.</p> : null}
      {latest && row ? (
        <div className="cards">
          <section
            className="card latest-payout"
            aria-labelledby="latest-payout-title"
            data-payout-id={row.id}
            data-ledger-date={row.ledgerDate}
          >
            <h2 id="latest-payout-title">
              Latest payout: {formatDate(row.ledgerDate)} · {payoutName(row)}
            </h2>
            <p className="big" data-minor-units={money(row.amount).minorUnits}>
              {formatMoney(money(row.amount))} <span className="muted">paid out</span>
            </p>
            {row.bankReference ? (
              <p>
                On the bank statement as <code className="ref">{row.bankReference}</code>
              </p>
            ) : null}
            <PayoutSettles payout={row} timeZone={timeZone} />
          </section>
          <UnpaidSince
            id={id}
            since={latest.ledgerDate}
            payoutEntryId={latest.entry.id}
            retained={money(row.retained)}
            timeZone={timeZone}
            today={today}
            dates={dates}
          />
        </div>
      ) : null}
    </div>
  );
}

interface SinceTotals {
  byKind: Map<string, { count: number; minor: number }>;
  count: number;
  net: number;
  last: { time: string; balance: Money | null } | null;
  exponent: number;
  currency: string;
  final: boolean;
}

/**
 * The entries after the latest payout's own entry, up to now: the balance the next payout starts
 * from. Read in pages of 1000 from the payout's date (the entries before the payout entry on that
 * date belong to it and are skipped); summed in exact minor units.
 */
function UnpaidSince({
  id,
  since,
  payoutEntryId,
  retained,
  timeZone,
  today,
  dates,
}: {
  id: string;
  since: string;
  payoutEntryId: string;
  retained: Money | null;
  timeZone: string;
  today: string;
  dates: string[];
}) {
  const client = useClient();
  const [state, setState] = useState<{ totals: SinceTotals | null; error: CombinedError | null; loading: boolean }>({
    totals: null,
    error: null,
    loading: true,
  });
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const totals: SinceTotals = {
        byKind: new Map(),
        count: 0,
        net: 0,
        last: null,
        exponent: retained?.exponent ?? 2,
        currency: retained?.currency ?? '',
        final: true,
      };
      let after: string | null = null;
      let passedPayout = false;
      for (let pages = 0; pages < 50; pages++) {
        const res: OperationResult<WebEntriesSincePayoutQuery> = await client
          .query(SincePayoutQuery, { id, from: since, first: 1000, after })
          .toPromise();
        if (cancelled) return;
        const conn = res.data?.ledger?.entries;
        if (!conn) return setState({ totals: null, error: res.error ?? null, loading: false });
        totals.final = totals.final && conn.final;
        for (const { node } of conn.edges) {
          if (!passedPayout) {
            passedPayout = node.id === payoutEntryId;
            continue;
          }
          const amount = money(node.amount);
          const k = totals.byKind.get(node.kind) ?? { count: 0, minor: 0 };
          totals.byKind.set(node.kind, { count: k.count + 1, minor: k.minor + amount.minorUnits });
          totals.count++;
          totals.net += amount.minorUnits;
          totals.exponent = amount.exponent;
          totals.currency = amount.currency;
          totals.last = { time: node.time, balance: money(node.balanceAfter) };
        }
        if (!conn.pageInfo.hasNextPage || !conn.pageInfo.endCursor) break;
        after = conn.pageInfo.endCursor;
      }
      setState({ totals, error: null, loading: false });
    })();
    return () => {
      cancelled = true;
    };
  }, [client, id, since, payoutEntryId, retained]);
  const t = state.totals;
  const asMoney = (minor: number): Money => ({
    minorUnits: minor,
    currency: t?.currency ?? '',
    exponent: t?.exponent ?? 2,
    amount: minorToDecimal(minor, t?.exponent ?? 2),
  });
  // The usual gap between the latest payouts: the Report API has no payout schedule, so the next date is an estimate.
  const gaps = dates.slice(0, -1).map((d, i) => (Date.parse(`${d}T00:00:00Z`) - Date.parse(`${dates[i + 1]}T00:00:00Z`)) / 86_400_000);
  const gap = gaps.length > 0 && gaps.every((g) => g === gaps[0]) ? gaps[0]! : null;
  const expected = gap && dates[0] ? addDays(dates[0], gap) : null;
  const holds = t ? (retained?.minorUnits ?? 0) + t.net : null;
  return (
    <section
      className="card next-payout"
      aria-labelledby="next-payout-title"
      data-count={t?.count}
      data-holds-minor-units={holds ?? undefined}
    >
      <h2 id="next-payout-title">Next payout</h2>
      {expected ? (
        <p>
          Expected {expected < today ? 'any day now' : `on ${formatDate(expected)}`}{' '}
          <span className="muted">(the last payouts came every {gap === 1 ? 'day' : `${gap} days`}; the API has no payout schedule)</span>
        </p>
      ) : (
        <p className="muted">The API has no payout schedule; the latest payouts came at uneven intervals.</p>
      )}
      {state.loading ? <p className="loading">Adding up what has come in since the latest payout…</p> : null}
      <ErrorNotice errors={errorsAt(state.error ?? undefined, ['ledger'])} title="The entries since the latest payout could not be read." />
      {t && holds !== null ? (
        <>
          <table className="data since" aria-label="What the next payout will hold">
            <tbody>
              <tr>
                <th scope="row">Retained at the latest payout</th>
                <td className="num">{formatMoney(retained)}</td>
              </tr>
              {[...t.byKind.entries()].map(([kind, k]) => (
                <tr key={kind} data-kind={kind}>
                  <th scope="row">
                    + {k.count.toLocaleString()} × {kindLabel(kind).toLowerCase()}
                  </th>
                  <td className={`num ${k.minor < 0 ? 'neg' : ''}`}>{formatMoney(asMoney(k.minor))}</td>
                </tr>
              ))}
              <tr className="totals">
                <th scope="row">= Balance now{t.last ? `, after the entry at ${formatInstant(t.last.time, timeZone)}` : ''}</th>
                <td className="num" data-minor-units={holds}>
                  {formatMoney(asMoney(holds))}
                  {t.last?.balance ? (
                    t.last.balance.minorUnits === holds ? (
                      <span className="check ok-mark">matches the ledger's balance</span>
                    ) : (
                      <span className="check bad-mark">the ledger says {formatMoney(t.last.balance)}</span>
                    )
                  ) : null}
                </td>
              </tr>
            </tbody>
          </table>
          <p className="muted">
            The next payout pays this balance out, less any reserve the provider keeps
            {t.final ? '' : '; today is still open, so more will come in'}.
          </p>
        </>
      ) : null}
    </section>
  );
}

/**
 * A payout from a line on the bank statement. Danish and Finnish statements carry the payout's
 * bank reference, which the API finds directly; a Norwegian line carries the payout number, which
 * is matched against the payouts of the last 31 days.
 */
function FindPayout({ id, norwegian, timeZone }: { id: string; norwegian: boolean; timeZone: string }) {
  const [text, setText] = useState('');
  const [asked, setAsked] = useState<string | null>(null);
  const cleaned = (asked ?? '').replace(/\s+/g, '');
  const byNumber = norwegian || /^\d{1,10}$/.test(cleaned);
  const [byRef] = useQuery({ query: PayoutByBankReferenceQuery, variables: { id, reference: cleaned }, pause: !asked || byNumber });
  const [list] = useQuery({
    query: PayoutsQuery,
    variables: { id, from: null, to: null, first: 100, after: null },
    pause: !asked || !byNumber,
  });
  let found: FragmentType<typeof PayoutRowFragment> | null = null;
  if (asked && !byNumber) found = byRef.data?.ledger?.payoutByBankReference ?? null;
  if (asked && byNumber)
    found =
      list.data?.ledger?.payouts?.edges.map((e) => e.node).find((n) => getFragmentData(PayoutRowFragment, n).payoutNumber === cleaned) ??
      null;
  const result = byNumber ? list : byRef;
  return (
    <div className="find-payout">
      <form
        role="search"
        aria-label="Find a payout"
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setAsked(text.trim() || null);
        }}
      >
        <label>
          {norwegian
            ? 'Payout number from the bank statement (Utb. … Vippsnr …)'
            : 'Bank reference or payout number from the bank statement'}
          <input
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={norwegian ? 'e.g. 2002530' : 'e.g. 02000622260010512265'}
          />
        </label>
        <button type="submit">Find payout</button>
      </form>
      {asked && result.fetching ? <p className="loading">Looking for the payout…</p> : null}
      {asked ? <ErrorNotice errors={errorsAt(result.error, ['ledger'])} title="The payout could not be looked up." /> : null}
      {asked && !result.fetching && !result.error && !found ? (
        <p role="status">No payout {byNumber ? `numbered ${cleaned} in the last 31 days` : `with the bank reference ${cleaned}`}.</p>
      ) : null}
      {found ? (
        <table className="data payouts found" aria-label="The payout found">
          <TableHead
            columns={[
              'Ledger date',
              'Payout',
              { label: 'Balance before', numeric: true },
              { label: 'Paid out', numeric: true },
              { label: 'Retained', numeric: true },
              'Settles',
            ]}
          />
          <tbody>
            <FoundPayout payout={found} timeZone={timeZone} />
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function FoundPayout({ payout, timeZone }: { payout: FragmentType<typeof PayoutRowFragment>; timeZone: string }) {
  const [open, setOpen] = useState(true);
  return <PayoutRows payout={payout} timeZone={timeZone} open={open} onToggle={() => setOpen(!open)} />;
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * Every entry one payout settles as a CSV file, read page by page (1000 a page) from the API and
 * written with the exact decimal amounts it sends; nothing is added up in floating point.
 */
function ExportPayoutEntries({ payout, timeZone }: { payout: PayoutRow; timeZone: string }) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CombinedError | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    const lines = [
      [
        'payout',
        'payout ledger date',
        'time (UTC)',
        `time (${timeZone})`,
        'ledger date',
        'kind',
        'entry type',
        'reference',
        'pspReference',
        'currency',
        'amount',
      ].join(','),
    ];
    let after: string | null = null;
    for (;;) {
      const res: OperationResult<WebPayoutSettlesQuery> = await client
        .query(PayoutSettlesQuery, { id: payout.id, first: 1000, after, withSummary: false }, { requestPolicy: 'network-only' })
        .toPromise();
      const node = res.data?.node && 'entries' in res.data.node ? res.data.node : null;
      if (!node?.entries) {
        setBusy(false);
        setError(res.error ?? null);
        return;
      }
      for (const { node: ref } of node.entries.edges) {
        const e = getFragmentData(SettledEntryFragment, ref);
        const amount = money(e.amount);
        lines.push(
          [
            payout.payoutNumber ?? payout.transferBatch ?? '',
            payout.ledgerDate,
            e.time,
            zonedTimestamp(e.time, timeZone),
            e.ledgerDate,
            e.kind,
            e.entryType,
            e.reference ?? '',
            e.pspReference ?? '',
            amount.currency,
            amount.amount,
          ]
            .map(csvField)
            .join(','),
        );
      }
      if (!node.entries.pageInfo.hasNextPage || !node.entries.pageInfo.endCursor) break;
      after = node.entries.pageInfo.endCursor;
    }
    const url = URL.createObjectURL(new Blob([`${lines.join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `payout-${payout.payoutNumber ?? payout.transferBatch ?? payout.ledgerDate}-entries.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setBusy(false);
  };
  return (
    <span className="export">
      <button type="button" onClick={() => void run()} disabled={busy}>
        {busy ? 'Preparing…' : `Export this payout's entries (CSV)`}
      </button>
      <ErrorNotice errors={errorsAt(error ?? undefined)} title="The export failed." />
    </span>
  );
}
