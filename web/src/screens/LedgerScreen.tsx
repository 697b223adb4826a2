import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { errorsAt } from '../errors';
import { addDays, formatDate, formatInstant, formatMoney } from '../format';
import { money } from '../fragments';
import { getFragmentData, type FragmentType } from '../__generated__/fragment-masking';
import { graphql } from '../__generated__/gql';
import { LoadMore, PageRows, usePages, type PageProps } from '../pages';
import { href, navigate } from '../router';
import { ExportButton } from './ExportButton';
import { SaleDetails } from './SaleDetails';
import { LedgerHeader, useLedgerHeader } from './LedgerHeader';
import { TableHead } from '../table';

/** One row of the entries table. */
const EntryRowFragment = graphql(`
  fragment EntryRow on Entry {
    id
    provider
    time
    ledgerDate
    kind
    entryType
    pspReference
    reference
    recipientHandle
    amount {
      ...MoneyFields
    }
    balanceAfter {
      ...MoneyFields
    }
  }
`);

const LedgerEntriesQuery = graphql(`
  query WebLedgerEntries($id: ID!, $date: Date, $from: Date, $to: Date, $topic: LedgerTopic!, $first: Int!, $after: String) {
    ledger(id: $id) {
      id
      entries(date: $date, from: $from, to: $to, topic: $topic, first: $first, after: $after) {
        final
        tryLater
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          cursor
          node {
            id
            ...EntryRow
          }
        }
      }
    }
  }
`);

/** Entries per page: small enough to read, so "Load more" is part of the everyday walk. */
export const ENTRIES_PAGE_SIZE = 25;

const KIND_LABELS: Record<string, string> = {
  CAPTURE: 'Capture',
  REFUND: 'Refund',
  FEE: 'Fee',
  FEES_RETAINED: 'Fees retained',
  FEES_INVOICED: 'Fees invoiced',
  PAYOUT: 'Payout',
  PAYOUT_ABORTED: 'Payout aborted',
  TOP_UP: 'Top-up',
  CORRECTION: 'Correction',
  CREDIT_NOTE: 'Credit note',
  DISPUTE: 'Dispute',
  CHARGEBACK: 'Chargeback',
  REVERSAL: 'Reversal',
  SPLIT: 'Split',
  TRANSFER: 'Transfer',
  MANUAL_ADJUSTMENT: 'Manual adjustment',
  OTHER: 'Other',
};

interface Selection {
  date: string | null;
  from: string | null;
  to: string | null;
  topic: 'FUNDS' | 'FEES';
}

function selectionFrom(params: URLSearchParams, today: string): Selection {
  const from = params.get('from');
  const to = params.get('to');
  const range = Boolean(from);
  // Without a choice: yesterday in the ledger's own calendar, a whole day that is usually closed already.
  const date = range ? null : (params.get('date') ?? addDays(today, -1));
  return { date, from: range ? from : null, to: range ? to : null, topic: params.get('topic') === 'FEES' ? 'FEES' : 'FUNDS' };
}

/** One ledger: a day or a range of its entries, with the sale behind each capture. */
export function LedgerScreen({ id, params }: { id: string; params: URLSearchParams }) {
  const { ref, ledger, error } = useLedgerHeader(id);
  const selection = ledger ? selectionFrom(params, ledger.today) : null;
  return (
    <section aria-labelledby="ledger-title">
      <LedgerHeader id={id} ledger={ref} error={error} screen="entries" titleId="ledger-title" />
      {ledger && selection ? (
        <>
          <SelectionForm key={params.toString()} id={id} selection={selection} hasBooks={ledger.provider !== 'EASYPAY'} />
          <div className="toolbar-inline">
            <ExportButton id={id} from={selection.date ?? selection.from ?? ''} to={selection.date ?? selection.to ?? ledger.today} topic={selection.topic} />
          </div>
          <EntriesTable id={id} selection={selection} timeZone={ledger.timeZone} />
        </>
      ) : null}
    </section>
  );
}

function SelectionForm({ id, selection, hasBooks }: { id: string; selection: Selection; hasBooks: boolean }) {
  const [mode, setMode] = useState<'day' | 'range'>(selection.from ? 'range' : 'day');
  const [date, setDate] = useState(selection.date ?? '');
  const [from, setFrom] = useState(selection.from ?? '');
  const [to, setTo] = useState(selection.to ?? '');
  const [topic, setTopic] = useState(selection.topic);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(href(['ledgers', id], mode === 'day' ? { date, topic: topic === 'FEES' ? topic : null } : { from, to, topic: topic === 'FEES' ? topic : null }));
  };
  return (
    <form className="filters" onSubmit={submit} aria-label="Which entries">
      <fieldset>
        <legend>Show</legend>
        <label>
          <input type="radio" name="mode" checked={mode === 'day'} onChange={() => setMode('day')} /> One day
        </label>
        <label>
          <input type="radio" name="mode" checked={mode === 'range'} onChange={() => setMode('range')} /> A range of days
        </label>
      </fieldset>
      {mode === 'day' ? (
        <label>
          Ledger date
          <input type="date" value={date} required onChange={(e) => setDate(e.target.value)} />
        </label>
      ) : (
        <>
          <label>
            From
            <input type="date" value={from} required onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            To (empty: today)
            <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
        </>
      )}
      {hasBooks ? (
        <label>
          Book
          <select value={topic} onChange={(e) => setTopic(e.target.value === 'FEES' ? 'FEES' : 'FUNDS')}>
            <option value="FUNDS">Funds</option>
            <option value="FEES">Fees</option>
          </select>
        </label>
      ) : null}
      <button type="submit">Show entries</button>
    </form>
  );
}

function EntriesTable({ id, selection, timeZone }: { id: string; selection: Selection; timeZone: string }) {
  const key = JSON.stringify([id, selection]);
  const { cursors, loadAfter } = usePages(key);
  const period = selection.date ? formatDate(selection.date) : `${formatDate(selection.from)} – ${selection.to ? formatDate(selection.to) : 'today'}`;
  return (
    <table className="data entries" aria-label={`Entries, ${period}`}>
      <caption>
        Entries of the {selection.topic === 'FEES' ? 'fees' : 'funds'} book, {period}
      </caption>
      <TableHead columns={[<>Time ({timeZone})</>, 'Ledger date', 'Kind', 'Reference', { label: 'Amount', numeric: true }, { label: 'Balance after', numeric: true }, 'Sale']} />
      {cursors.map((after, i) => (
        <EntriesPage key={after ?? 'first'} id={id} selection={selection} timeZone={timeZone} after={after} isLast={i === cursors.length - 1} loadAfter={loadAfter} />
      ))}
    </table>
  );
}

function EntriesPage({ id, selection, timeZone, after, isLast, loadAfter }: PageProps & { id: string; selection: Selection; timeZone: string }) {
  const [{ data, fetching, error }] = useQuery({
    query: LedgerEntriesQuery,
    variables: { id, ...selection, first: ENTRIES_PAGE_SIZE, after },
  });
  const [open, setOpen] = useState<Set<string>>(new Set());
  const entries = data?.ledger?.entries;
  const edges = entries?.edges ?? [];
  const toggle = (entryId: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(entryId)) next.delete(entryId);
      else next.add(entryId);
      return next;
    });
  return (
    <tbody>
      {edges.map(({ node }) => (
        <EntryRows key={node.id} entry={node} timeZone={timeZone} withSale={selection.topic === 'FUNDS'} expanded={open.has(node.id)} onToggle={() => toggle(node.id)} />
      ))}
      <PageRows
        colSpan={7}
        fetching={fetching}
        loading="Loading entries…"
        errors={errorsAt(error, ['ledger', 'entries'])}
        errorTitle="Entries could not be read."
        empty={entries && edges.length === 0 && after === null ? `No entries ${selection.date ? 'on this day' : 'in this range'}.` : null}
        footer={
          isLast && entries ? (
            <>
              <span className={`finality ${entries.final ? 'closed' : 'open'}`} data-final={entries.final}>
                {entries.final ? 'Closed: these entries can no longer change.' : 'Open: these entries can still change, and more can arrive.'}
              </span>
              {entries.tryLater && !entries.pageInfo.hasNextPage ? <span className="muted"> Nothing more yet; look again later.</span> : null}
              <LoadMore pageInfo={entries.pageInfo} onMore={loadAfter} label="Load more entries" />
            </>
          ) : null
        }
      />
    </tbody>
  );
}

/** An entry's row, and below it the sale behind it when expanded. */
function EntryRows({ entry: ref, timeZone, withSale, expanded, onToggle }: { entry: FragmentType<typeof EntryRowFragment>; timeZone: string; withSale: boolean; expanded: boolean; onToggle: () => void }) {
  const node = getFragmentData(EntryRowFragment, ref);
  const amount = money(node.amount);
  const canHaveSale = node.provider === 'VIPPS_MOBILEPAY' && (node.kind === 'CAPTURE' || node.kind === 'REFUND') && withSale;
  return (
    <>
      <tr className="entry" data-entry-id={node.id} data-kind={node.kind} data-minor-units={amount.minorUnits}>
        <td>{formatInstant(node.time, timeZone)}</td>
        <td>{formatDate(node.ledgerDate)}</td>
        <td>
          <span className={`kind kind-${node.kind.toLowerCase()}`}>{KIND_LABELS[node.kind] ?? node.kind}</span>
          {node.kind === 'OTHER' ? <span className="muted"> ({node.entryType})</span> : null}
        </td>
        <td className="ref">{node.reference ?? node.pspReference ?? '—'}</td>
        <td className={`num ${amount.minorUnits < 0 ? 'neg' : ''}`}>{formatMoney(amount)}</td>
        <td className="num">{formatMoney(money(node.balanceAfter))}</td>
        <td>
          {canHaveSale ? (
            <button type="button" className="link" aria-expanded={expanded} aria-controls={`sale-${node.id}`} onClick={onToggle}>
              {expanded ? 'Hide sale' : 'Show sale'}
            </button>
          ) : null}
        </td>
      </tr>
      {expanded ? (
        <tr id={`sale-${node.id}`} className="sale-row">
          <td colSpan={7}>
            <SaleDetails entryId={node.id} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
