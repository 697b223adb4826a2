import { memo, useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useClient, useQuery, type CombinedError } from 'urql';
import { ErrorNotice, errorsAt, type ShownError } from '../errors';
import { addDays, formatDate, formatInstant, formatMoney, searchedMinorUnits, spansOffsetChange } from '../format';
import { money } from '../fragments';
import { KIND_LABELS, kindLabel } from '../kinds';
import { getFragmentData, type FragmentType } from '../__generated__/fragment-masking';
import { graphql } from '../__generated__/gql';
import type { EntryKind, EntryRowFragment as EntryRowData } from '../__generated__/graphql';
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

/** The totals of the selected day or range, per kind: what the screen shows first. */
const DayTotalsFragment = graphql(`
  fragment DayTotals on EntrySummary {
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
`);

const DayTotalsQuery = graphql(`
  query WebLedgerDayTotals($id: ID!, $date: Date, $from: Date, $to: Date, $topic: LedgerTopic!) {
    ledger(id: $id) {
      id
      entries(date: $date, from: $from, to: $to, topic: $topic, first: 1) {
        summary {
          ...DayTotals
        }
      }
    }
  }
`);

const LedgerEntriesQuery = graphql(`
  query WebLedgerEntries($id: ID!, $date: Date, $from: Date, $to: Date, $topic: LedgerTopic!, $kinds: [EntryKind!], $first: Int!, $after: String, $withTotals: Boolean! = false) {
    ledger(id: $id) {
      id
      # A range's totals walk every page of the range: deferred, so its first rows show before they
      # are added up. Without the kinds filter, as the totals by kind are also the filter's choices.
      ... @defer(label: "rangeTotals") @include(if: $withTotals) {
        rangeTotals: entries(date: $date, from: $from, to: $to, topic: $topic, first: 1) {
          summary {
            ...DayTotals
          }
        }
      }
      entries(date: $date, from: $from, to: $to, topic: $topic, kinds: $kinds, first: $first, after: $after) {
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

/**
 * The sale lookups by the merchant's order reference and by pspReference: they find a capture or
 * refund on any date of the ledger, through the sale's own funds entry.
 */
const ReferenceLookupQuery = graphql(`
  query WebEntryByReference($id: ID!, $reference: String!) {
    ledger(id: $id) {
      id
      salesEventsByReference(reference: $reference) {
        id
        entry {
          id
          ledgerDate
          ...EntryRow
        }
      }
      salesEventByPspReference(pspReference: $reference) {
        id
        entry {
          id
          ledgerDate
          ...EntryRow
        }
      }
    }
  }
`);

/** Entries per request: the API's largest page, so a busy day of 2,829 entries is three requests. */
export const ENTRIES_STEP = 1000;
/** A day is read whole without asking (up to this many entries), so the search and the filter cover all of it. */
export const READ_WHOLE_DAY_UP_TO = 10_000;

interface Selection {
  date: string | null;
  from: string | null;
  to: string | null;
  topic: 'FUNDS' | 'FEES';
  kinds: EntryKind[];
}

function selectionFrom(params: URLSearchParams, today: string): Selection {
  const from = params.get('from');
  const to = params.get('to');
  const range = Boolean(from);
  // Without a choice: yesterday in the ledger's own calendar, a whole day that is usually closed already.
  const date = range ? null : (params.get('date') ?? addDays(today, -1));
  const kinds = (params.get('kinds') ?? '').split(',').filter((k): k is EntryKind => k in KIND_LABELS);
  return { date, from: range ? from : null, to: range ? to : null, topic: params.get('topic') === 'FEES' ? 'FEES' : 'FUNDS', kinds };
}

function selectionParams(s: Selection, change: Partial<Selection> = {}): Record<string, string | null> {
  const n = { ...s, ...change };
  return n.date
    ? { date: n.date, topic: n.topic === 'FEES' ? n.topic : null, kinds: n.kinds.join(',') || null }
    : { from: n.from, to: n.to, topic: n.topic === 'FEES' ? n.topic : null, kinds: n.kinds.join(',') || null };
}

/** One ledger: a day or a range of its entries, its totals by kind first, with the sale behind each capture. */
export function LedgerScreen({ id, params }: { id: string; params: URLSearchParams }) {
  const { ref, ledger, error } = useLedgerHeader(id);
  const selection = ledger ? selectionFrom(params, ledger.today) : null;
  return (
    <section aria-labelledby="ledger-title">
      <LedgerHeader id={id} ledger={ref} error={error} screen="entries" titleId="ledger-title" />
      {ledger && selection ? (
        <>
          <SelectionForm key={params.toString()} id={id} selection={selection} hasBooks={ledger.provider !== 'EASYPAY'} />
          {/* A range's totals come with its first entries (deferred), not from a query of their own. */}
          {selection.date ? <DayTotals id={id} selection={selection} /> : null}
          <Entries key={JSON.stringify(selection)} id={id} selection={selection} timeZone={ledger.timeZone} today={ledger.today} />
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
    const kinds = selection.kinds.join(',') || null;
    navigate(
      href(
        ['ledgers', id],
        mode === 'day'
          ? { date, topic: topic === 'FEES' ? topic : null, kinds }
          : { from, to, topic: topic === 'FEES' ? topic : null, kinds },
      ),
    );
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

/**
 * The totals of the whole day (or range) by kind, from the API's `summary`, before any entry is
 * read: each kind is also the filter that shows only its entries.
 */
function DayTotals({ id, selection }: { id: string; selection: Selection }) {
  const { date, from, to, topic } = selection;
  const [{ data, fetching, error }] = useQuery({ query: DayTotalsQuery, variables: { id, date, from, to, topic } });
  return (
    <TotalsByKind
      id={id}
      selection={selection}
      totals={data?.ledger?.entries?.summary ?? null}
      pending={fetching}
      errors={errorsAt(error, ['ledger'])}
    />
  );
}

type TotalsRef = FragmentType<typeof DayTotalsFragment>;

/** The totals table of a day (its own query) or of a range (the deferred part of the range's first step). */
function TotalsByKind({
  id,
  selection,
  totals,
  pending,
  errors,
}: {
  id: string;
  selection: Selection;
  totals: TotalsRef | null;
  pending: boolean;
  errors: ShownError[];
}) {
  const summary = totals ? getFragmentData(DayTotalsFragment, totals) : null;
  const { date, from, to } = selection;
  const period = date ? formatDate(date) : `${formatDate(from)} – ${to ? formatDate(to) : 'today'}`;
  const net = money(summary?.net);
  const filtered = new Set(selection.kinds);
  const kindHref = (kinds: EntryKind[]) => href(['ledgers', id], selectionParams(selection, { kinds }));
  return (
    <div className="day-totals-wrap">
      {pending && !summary ? <p className="loading">Adding up {period}…</p> : null}
      <ErrorNotice errors={errors} title="The totals could not be made." />
      {summary && net ? (
        <table
          className="data day-totals"
          aria-label={`Totals by kind, ${period}`}
          data-testid={selection.date ? 'day-totals' : 'range-totals'}
          data-count={summary.count}
          data-net-minor-units={net.minorUnits}
        >
          <caption>
            Totals by kind, {period} · {summary.final ? 'closed: can no longer change' : 'open: can still change'}
          </caption>
          <TableHead columns={['Kind', { label: 'Entries', numeric: true }, { label: 'Sum', numeric: true }, 'Show']} />
          <tbody>
            {summary.byKind.map((k) => {
              const sum = money(k.sum);
              const only = filtered.size === 1 && filtered.has(k.kind);
              return (
                <tr key={k.kind} className="kind-total" data-kind={k.kind} data-count={k.count} data-minor-units={sum.minorUnits}>
                  <th scope="row">
                    <span className={`kind kind-${k.kind.toLowerCase()}`}>{kindLabel(k.kind)}</span>
                  </th>
                  <td className="num">{k.count.toLocaleString()}</td>
                  <td className={`num ${sum.minorUnits < 0 ? 'neg' : ''}`}>{formatMoney(sum)}</td>
                  <td>
                    {only ? (
                      <a href={kindHref([])} aria-current="true">
                        Showing only these · show all
                      </a>
                    ) : (
                      <a href={kindHref([k.kind])} aria-label={`Only these: ${kindLabel(k.kind).toLowerCase()} (${k.count})`}>
                        Only these
                      </a>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr className="totals">
              <th scope="row">All kinds</th>
              <td className="num">{summary.count.toLocaleString()}</td>
              <td className={`num ${net.minorUnits < 0 ? 'neg' : ''}`}>{formatMoney(net)}</td>
              <td>{filtered.size > 0 ? <a href={kindHref([])}>Show all kinds</a> : null}</td>
            </tr>
          </tfoot>
        </table>
      ) : null}
    </div>
  );
}

type EntryRef = FragmentType<typeof EntryRowFragment>;

interface Walk {
  entries: Array<{ ref: EntryRef; data: EntryRowData }>;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null } | null;
  final: boolean | null;
  tryLater: boolean;
  loading: boolean;
  error: CombinedError | null;
  /** A range's totals by kind, from the deferred part of its first step. */
  totals: TotalsRef | null;
  totalsPending: boolean;
  totalsError: CombinedError | null;
}

/**
 * Each part of a step's answer as it arrives: the rows first, a range's deferred totals later.
 * Resolves as soon as `onPart` says the rows are in (or at the last part), so the next step
 * ("Load more") never waits for the totals; the subscription lasts until the last part.
 * (`toPromise()` would wait for the last part, and the rows with it.)
 */
function eachPart<T extends { hasNext: boolean; stale: boolean }>(
  source: { subscribe(f: (r: T) => void): { unsubscribe(): void } },
  onPart: (r: T) => boolean,
): Promise<void> {
  return new Promise((resolve) => {
    let last = false;
    // A holder: a cached answer arrives before subscribe() returns, while the subscription is unset.
    const held: { sub?: { unsubscribe(): void } } = {};
    held.sub = source.subscribe((r) => {
      const rowsIn = onPart(r);
      last = !r.hasNext && !r.stale;
      if (rowsIn || last) resolve();
      // Ended a task later, not from inside the last part: the multipart body is still read to its
      // closing boundary then, and ending earlier aborts that read (an unhandled AbortError).
      if (last) setTimeout(() => held.sub?.unsubscribe(), 0);
    });
  });
}

/**
 * The selection's entries, read in steps of `ENTRIES_STEP`. One day is read to its end at once
 * (three requests for a busy day of 2,829), so the search sees all of it; a range reads one step
 * and continues a step per "Load more".
 */
function useEntryWalk(id: string, selection: Selection) {
  const client = useClient();
  const [walk, setWalk] = useState<Walk>({
    entries: [],
    pageInfo: null,
    final: null,
    tryLater: false,
    loading: true,
    error: null,
    totals: null,
    totalsPending: false,
    totalsError: null,
  });
  const busy = useRef(false);
  const { date, from, to, topic, kinds } = selection;

  const step = useCallback(
    async (after: string | null, whole: boolean) => {
      if (busy.current) return;
      busy.current = true;
      setWalk((w) => ({ ...w, loading: true, error: null }));
      let cursor = after;
      let read = 0;
      try {
        for (;;) {
          const withTotals = from !== null && cursor === null;
          // Set from the callback below (a holder, as TypeScript does not follow assignments made in callbacks).
          const got: { conn: { pageInfo: { hasNextPage: boolean; endCursor?: string | null } } | null } = { conn: null };
          await eachPart(
            client.query(LedgerEntriesQuery, {
              id,
              date,
              from,
              to,
              topic,
              kinds: kinds.length > 0 ? kinds : null,
              first: ENTRIES_STEP,
              after: cursor,
              withTotals,
            }),
            (res) => {
              const part = res.data?.ledger;
              const totals = part?.rangeTotals?.summary ?? null;
              if (withTotals)
                setWalk((w) => ({ ...w, totals: totals ?? w.totals, totalsPending: res.hasNext, totalsError: res.error ?? null }));
              // The rows once, from the first part that has them; later parts only add the totals.
              if (got.conn) return true;
              const page = part?.entries;
              if (!page) {
                if (!res.hasNext) setWalk((w) => ({ ...w, loading: false, error: res.error ?? null }));
                return false;
              }
              got.conn = page;
              const fresh = page.edges.map((e) => ({ ref: e.node as EntryRef, data: getFragmentData(EntryRowFragment, e.node) }));
              read += fresh.length;
              setWalk((w) => ({
                ...w,
                entries: [...w.entries, ...fresh],
                pageInfo: page.pageInfo,
                final: page.final,
                tryLater: page.tryLater,
                loading: false,
                error: res.error ?? null,
              }));
              return true;
            },
          );
          const conn = got.conn;
          if (!conn) return;
          cursor = conn.pageInfo.endCursor ?? null;
          if (!conn.pageInfo.hasNextPage || !cursor || !whole || read >= READ_WHOLE_DAY_UP_TO) return;
          setWalk((w) => ({ ...w, loading: true }));
        }
      } finally {
        busy.current = false;
      }
    },
    [client, id, date, from, to, topic, kinds],
  );

  useEffect(() => {
    void step(null, date !== null);
  }, [step, date]);

  const more = useCallback(() => {
    if (walk.pageInfo?.endCursor) void step(walk.pageInfo.endCursor, false);
  }, [step, walk.pageInfo]);
  return { walk, more };
}

function matches(e: EntryRowData, needle: string, minor: number | null): boolean {
  if (needle && ((e.reference ?? '').toLowerCase().includes(needle) || (e.pspReference ?? '').toLowerCase().includes(needle))) return true;
  return minor !== null && Math.abs(money(e.amount).minorUnits) === minor;
}

/** Rows per `<tbody>`: the browser skips laying out bodies scrolled out of view (content-visibility). */
const CHUNK = 100;

function Entries({ id, selection, timeZone, today }: { id: string; selection: Selection; timeZone: string; today: string }) {
  const { walk, more } = useEntryWalk(id, selection);
  const [query, setQuery] = useState('');
  const statusRef = useRef<HTMLParagraphElement>(null);
  const moreRef = useRef<HTMLButtonElement>(null);
  const hadFocus = useRef(false);
  // "Load more" keeps the focus while it reads (it stays in place below the table); when the last
  // step removes it, the focus moves to the status line that says how many entries there are now.
  useEffect(() => {
    if (walk.loading) return;
    if (hadFocus.current && !walk.pageInfo?.hasNextPage) statusRef.current?.focus();
    hadFocus.current = false;
  }, [walk.loading, walk.pageInfo]);
  const loadMore = () => {
    hadFocus.current = document.activeElement === moreRef.current;
    more();
  };
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = useCallback(
    (entryId: string) =>
      setOpen((s) => {
        const next = new Set(s);
        if (next.has(entryId)) next.delete(entryId);
        else next.add(entryId);
        return next;
      }),
    [],
  );
  const exponent = walk.entries[0] ? money(walk.entries[0].data.amount).exponent : 2;
  const needle = query.trim().toLowerCase();
  const minor = needle ? searchedMinorUnits(needle, exponent) : null;
  const shown = useMemo(
    () => (needle ? walk.entries.filter((e) => matches(e.data, needle, minor)) : walk.entries),
    [walk.entries, needle, minor],
  );
  // Offsets only where they tell something: when the clocks changed within what is shown.
  const withOffset = useMemo(
    () =>
      spansOffsetChange(
        walk.entries.map((e) => e.data.time),
        timeZone,
      ),
    [walk.entries, timeZone],
  );
  const chunks = useMemo(() => {
    const out: Array<typeof shown> = [];
    for (let i = 0; i < shown.length; i += CHUNK) out.push(shown.slice(i, i + CHUNK));
    return out;
  }, [shown]);
  const period = selection.date
    ? formatDate(selection.date)
    : `${formatDate(selection.from)} – ${selection.to ? formatDate(selection.to) : 'today'}`;
  const all = walk.pageInfo !== null && !walk.pageInfo.hasNextPage;
  const kindsText = selection.kinds.length > 0 ? ` (${selection.kinds.map((k) => kindLabel(k).toLowerCase()).join(', ')} only)` : '';
  const status = walk.loading
    ? `Reading entries… ${walk.entries.length.toLocaleString()} so far.`
    : `${walk.entries.length.toLocaleString()} entries${kindsText}${all ? '' : ' read so far'}${needle ? `; ${shown.length.toLocaleString()} match “${query.trim()}”` : ''}.`;
  return (
    <>
      {selection.from !== null ? (
        <TotalsByKind
          id={id}
          selection={selection}
          totals={walk.totals}
          pending={walk.totalsPending}
          errors={errorsAt(walk.totalsError ?? undefined, ['ledger', 'rangeTotals'])}
        />
      ) : null}
      <div className="toolbar-inline entries-tools">
        <form role="search" aria-label="Find entries" onSubmit={(e) => e.preventDefault()}>
          <label>
            Find by reference, pspReference or amount
            <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="e.g. 112530000500 or 349.00" />
          </label>
        </form>
        <ExportButton
          id={id}
          from={selection.date ?? selection.from ?? ''}
          to={selection.date ?? selection.to ?? today}
          topic={selection.topic}
          today={today}
        />
      </div>
      <p
        className="status"
        role="status"
        aria-live="polite"
        tabIndex={-1}
        ref={statusRef}
        data-loaded={walk.entries.length}
        data-all={String(all)}
      >
        {status}
      </p>
      <ErrorNotice errors={errorsAt(walk.error ?? undefined, ['ledger', 'entries'])} title="Entries could not be read." />
      {needle && shown.length === 0 && !walk.loading ? (
        <ReferenceLookup id={id} reference={query.trim()} timeZone={timeZone} loadedAll={all} />
      ) : null}
      <table className="data entries" aria-label={`Entries, ${period}`}>
        <caption>
          Entries of the {selection.topic === 'FEES' ? 'fees' : 'funds'} book, {period}
          {kindsText}
        </caption>
        <TableHead
          columns={[
            <>
              Time ({timeZone}
              {withOffset ? ', with UTC offset: the clocks changed' : ''})
            </>,
            'Ledger date',
            'Kind',
            'Reference',
            { label: 'Amount', numeric: true },
            { label: 'Balance after', numeric: true },
            'Sale',
          ]}
        />
        {chunks.map((rows, i) => (
          <tbody key={i} className="chunk" style={{ containIntrinsicSize: `auto ${rows.length * 37}px` }}>
            {rows.map((e) => (
              <EntryRows
                key={e.data.id}
                entry={e.ref}
                timeZone={timeZone}
                withOffset={withOffset}
                withSale={selection.topic === 'FUNDS'}
                expanded={open.has(e.data.id)}
                onToggle={toggle}
              />
            ))}
          </tbody>
        ))}
        <tbody>
          {walk.entries.length === 0 && !walk.loading && !walk.error ? (
            <tr>
              <td colSpan={7}>
                No entries {selection.date ? 'on this day' : 'in this range'}
                {kindsText}.
              </td>
            </tr>
          ) : null}
          {walk.final !== null ? (
            <tr className="footer">
              <td colSpan={7}>
                <span className={`finality ${walk.final ? 'closed' : 'open'}`} data-final={walk.final}>
                  {walk.final
                    ? 'Closed: these entries can no longer change.'
                    : 'Open: these entries can still change, and more can arrive.'}
                </span>
                {walk.tryLater && all ? <span className="muted"> Nothing more yet; look again later.</span> : null}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {/* Outside the table's pages, so it keeps keyboard focus while the next step is read and added above it. */}
      {walk.pageInfo?.hasNextPage ? (
        <button
          type="button"
          className="more"
          ref={moreRef}
          onClick={loadMore}
          aria-disabled={walk.loading}
          aria-describedby="entries-more-note"
        >
          Load more entries
        </button>
      ) : null}
      {walk.pageInfo?.hasNextPage ? (
        <span id="entries-more-note" className="muted">
          {' '}
          the next {ENTRIES_STEP.toLocaleString()}
        </span>
      ) : null}
    </>
  );
}

/** A reference not among the entries read: the sale lookups find its capture or refund on any date. */
function ReferenceLookup({ id, reference, timeZone, loadedAll }: { id: string; reference: string; timeZone: string; loadedAll: boolean }) {
  const [debounced, setDebounced] = useState(reference);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(reference), 400);
    return () => clearTimeout(t);
  }, [reference]);
  const looksLikeReference = debounced.length >= 4 && searchedMinorUnits(debounced, 2) === null ? true : debounced.length >= 8;
  const [{ data, fetching, error }] = useQuery({
    query: ReferenceLookupQuery,
    variables: { id, reference: debounced },
    pause: !looksLikeReference,
  });
  if (!looksLikeReference) return <p className="muted">No entry {loadedAll ? 'of this selection' : 'read so far'} matches.</p>;
  const found = [...(data?.ledger?.salesEventsByReference ?? []), data?.ledger?.salesEventByPspReference].flatMap((s) =>
    s?.entry ? [s.entry] : [],
  );
  const unique = [...new Map(found.map((e) => [e.id, e])).values()];
  return (
    <div className="lookup" aria-live="polite">
      {fetching ? (
        <p className="loading">No entry {loadedAll ? 'of this selection' : 'read so far'} matches; asking the sales lookups…</p>
      ) : null}
      <ErrorNotice errors={errorsAt(error, ['ledger'])} title="The lookup failed." />
      {!fetching && data ? (
        unique.length === 0 ? (
          <p>
            No entry {loadedAll ? 'of this selection' : 'read so far'} matches, and no sale on this ledger has that reference or
            pspReference.
          </p>
        ) : (
          <>
            <p>Not in this selection; the sales lookups found it on another date:</p>
            <ul>
              {unique.map((e) => {
                const d = getFragmentData(EntryRowFragment, e);
                return (
                  <li key={e.id}>
                    {kindLabel(d.kind)} {d.reference ?? d.pspReference} {formatMoney(money(d.amount))} at {formatInstant(d.time, timeZone)}{' '}
                    · <a href={href(['ledgers', id], { date: e.ledgerDate })}>open {formatDate(e.ledgerDate)}</a>
                  </li>
                );
              })}
            </ul>
          </>
        )
      ) : null}
    </div>
  );
}

/** An entry's row, and below it the sale behind it when expanded. */
const EntryRows = memo(function EntryRows({
  entry: ref,
  timeZone,
  withOffset,
  withSale,
  expanded,
  onToggle,
}: {
  entry: EntryRef;
  timeZone: string;
  withOffset: boolean;
  withSale: boolean;
  expanded: boolean;
  onToggle: (id: string) => void;
}) {
  const node = getFragmentData(EntryRowFragment, ref);
  const amount = money(node.amount);
  const canHaveSale = node.provider === 'VIPPS_MOBILEPAY' && (node.kind === 'CAPTURE' || node.kind === 'REFUND') && withSale;
  return (
    <>
      <tr className="entry" data-entry-id={node.id} data-kind={node.kind} data-minor-units={amount.minorUnits}>
        <td>{formatInstant(node.time, timeZone, { offset: withOffset })}</td>
        <td>{formatDate(node.ledgerDate)}</td>
        <td>
          <span className={`kind kind-${node.kind.toLowerCase()}`}>{kindLabel(node.kind)}</span>
          {node.kind === 'OTHER' ? <span className="muted"> ({node.entryType})</span> : null}
        </td>
        <td className="ref">{node.reference ?? node.pspReference ?? '—'}</td>
        <td className={`num ${amount.minorUnits < 0 ? 'neg' : ''}`}>{formatMoney(amount)}</td>
        <td className="num">{formatMoney(money(node.balanceAfter))}</td>
        <td>
          {canHaveSale ? (
            <button
              type="button"
              className="link"
              aria-expanded={expanded}
              aria-controls={`sale-${node.id}`}
              onClick={() => onToggle(node.id)}
            >
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
});
