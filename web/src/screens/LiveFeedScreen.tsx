import { useEffect, useState } from 'react';
import { useClient, type CombinedError } from 'urql';
import { ErrorNotice, errorsAt } from '../errors';
import { formatInstant, formatMoney } from '../format';
import { graphql } from '../__generated__/gql';
import { money } from '../fragments';
import { getFragmentData, type FragmentType } from '../__generated__/fragment-masking';
import { LedgerHeader, useLedgerHeader } from './LedgerHeader';
import { href, navigate } from '../router';
import { TableHead } from '../table';

/** One entry of the feed as the table shows it. */
const FeedRowFragment = graphql(`
  fragment FeedRow on Entry {
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
    balanceAfter {
      ...MoneyFields
    }
  }
`);

const FeedSubscription = graphql(`
  subscription WebLedgerFeed($id: ID!, $topic: LedgerTopic!, $first: Int!, $after: String, $from: FeedStart) {
    ledgerFeed(id: $id, topic: $topic, first: $first, after: $after, from: $from) {
      tryLater
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          ...FeedRow
        }
      }
    }
  }
`);

type FeedEntry = { id: string } & FragmentType<typeof FeedRowFragment>;

/** How many entries the screen keeps; the subscription itself goes through everything. */
const SHOWN = 200;
/** After a dropped connection, subscribe again from the saved position this much later. */
const RECONNECT_SECONDS = 10;

type Status = { kind: 'reading' } | { kind: 'live'; checkedAt: Date } | { kind: 'failed'; error: CombinedError | null; nextAt: Date };

const storageKey = (id: string, topic: string) => `tally.feed.${id}.${topic}`;
/** Where the saved position's feed started (`now`, or absent for the feed's first entry): a cursor resumes only the feed of its own start. */
const startKey = (id: string, topic: string) => `tally.feedStart.${id}.${topic}`;
/** The latest entries shown, saved with the position: a reload shows them again instead of an empty table. */
const shownKey = (id: string, topic: string) => `tally.feedShown.${id}.${topic}`;

type ShownEntry = FeedEntry & { isNew: boolean };

function savedEntries(id: string, topic: string): ShownEntry[] {
  try {
    const saved = JSON.parse(localStorage.getItem(shownKey(id, topic)) ?? '[]') as unknown;
    return Array.isArray(saved) ? (saved as FeedEntry[]).map((e) => ({ ...e, isNew: false })) : [];
  } catch {
    return [];
  }
}

/**
 * A ledger's feed followed live over a subscription (`ledgerFeed`, Server-Sent Events): from the
 * position saved in this browser, or from the feed's start, or from now. Tally sends the backlog
 * as events, then the entries as they are booked (it polls the upstream once a minute for every
 * subscriber). The position is saved after every event, so a reload, or a dropped connection,
 * subscribes again from it, with nothing skipped and nothing repeated.
 */
export function LiveFeedScreen({ id, params }: { id: string; params: URLSearchParams }) {
  const topic = params.get('topic') === 'FEES' ? 'FEES' : 'FUNDS';
  const { ref, ledger, error } = useLedgerHeader(id);
  const [restarts, setRestarts] = useState(0);
  const restart = (from: 'now' | 'beginning') => {
    localStorage.removeItem(storageKey(id, topic));
    localStorage.removeItem(shownKey(id, topic));
    if (from === 'now') localStorage.setItem(startKey(id, topic), 'now');
    else localStorage.removeItem(startKey(id, topic));
    setRestarts((r) => r + 1);
  };
  return (
    <section aria-labelledby="live-title">
      <LedgerHeader id={id} ledger={ref} error={error} screen="live" heading="Live feed" titleId="live-title" />
      <div className="toolbar">
        <label>
          Book
          <select value={topic} onChange={(e) => navigate(href(['live', id], { topic: e.target.value === 'FEES' ? 'FEES' : null }))}>
            <option value="FUNDS">Funds</option>
            <option value="FEES">Fees</option>
          </select>
        </label>
        <button type="button" onClick={() => restart('now')}>
          Start over from now
        </button>
        <button type="button" onClick={() => restart('beginning')}>
          Start over from the beginning
        </button>
      </div>
      <Follower key={`${id}-${topic}-${restarts}`} id={id} topic={topic} timeZone={ledger?.timeZone} />
    </section>
  );
}

function Follower({ id, topic, timeZone }: { id: string; topic: 'FUNDS' | 'FEES'; timeZone: string | undefined }) {
  const client = useClient();
  const [resumedFrom] = useState(() => localStorage.getItem(storageKey(id, topic)));
  const [fromNow] = useState(() => localStorage.getItem(startKey(id, topic)) === 'now');
  // Only with a saved position: the entries saved with it are the ones before it.
  const [entries, setEntries] = useState<ShownEntry[]>(() => (resumedFrom ? savedEntries(id, topic) : []));
  const [read, setRead] = useState({ total: 0, fresh: 0 });
  const [status, setStatus] = useState<Status>({ kind: 'reading' });

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let unsubscribe: (() => void) | undefined;
    let cursor = resumedFrom;
    let caughtUp = false;
    let shown: ShownEntry[] = resumedFrom ? savedEntries(id, topic) : [];
    const from = fromNow ? { now: true } : null;
    const subscribe = () => {
      setStatus({ kind: 'reading' });
      const retry = (error: CombinedError | null) => {
        unsubscribe?.();
        if (cancelled) return;
        setStatus({ kind: 'failed', error, nextAt: new Date(Date.now() + RECONNECT_SECONDS * 1000) });
        timer = setTimeout(subscribe, RECONNECT_SECONDS * 1000);
      };
      const source = client.subscription(FeedSubscription, { id, topic, first: 1000, after: cursor, from });
      unsubscribe = source.subscribe((res) => {
        if (cancelled) return;
        const feed = res.data?.ledgerFeed;
        if (!feed) {
          if (res.error) retry(res.error);
          return;
        }
        const isNew = caughtUp;
        const arrived = feed.edges.map((e) => ({ ...e.node, isNew }));
        if (arrived.length > 0) {
          shown = [...arrived.reverse(), ...shown].slice(0, SHOWN);
          setEntries(shown);
          setRead((r) => ({ total: r.total + arrived.length, fresh: r.fresh + (isNew ? arrived.length : 0) }));
        }
        if (feed.pageInfo.endCursor) {
          cursor = feed.pageInfo.endCursor;
          localStorage.setItem(storageKey(id, topic), cursor);
          // Saved with the position they end at, so the two always agree.
          localStorage.setItem(shownKey(id, topic), JSON.stringify(shown.map(({ isNew: _, ...e }) => e)));
        }
        if (feed.tryLater) {
          caughtUp = true;
          setStatus({ kind: 'live', checkedAt: new Date() });
        }
      }).unsubscribe;
    };
    subscribe();
    return () => {
      cancelled = true;
      clearTimeout(timer);
      unsubscribe?.();
    };
  }, [client, id, topic, resumedFrom, fromNow]);

  return (
    <>
      <p className="status" role="status" data-status={status.kind}>
        {status.kind === 'reading' ? 'Reading the feed…' : null}
        {status.kind === 'live'
          ? `Up to date as of ${status.checkedAt.toLocaleTimeString()}; new entries appear here as they are booked.`
          : null}
        {status.kind === 'failed' ? `The connection dropped; subscribing again at ${status.nextAt.toLocaleTimeString()}.` : null}{' '}
        {resumedFrom
          ? 'Continued from the position saved in this browser.'
          : fromNow
            ? 'Started at the moment this view opened.'
            : 'Started at the beginning of the feed.'}{' '}
        {read.total} entries read, {read.fresh} new since the feed was caught up.
        {resumedFrom && entries.length > read.total ? ' The table also shows the latest entries read before the reload.' : null}
      </p>
      {status.kind === 'failed' && status.error ? (
        <ErrorNotice errors={errorsAt(status.error, ['ledgerFeed'])} title="The feed could not be read." />
      ) : null}
      <table className="data feed" aria-label="Latest feed entries, newest first">
        <TableHead
          columns={[
            <>Time ({timeZone ?? 'UTC'})</>,
            'Kind',
            'Reference',
            { label: 'Amount', numeric: true },
            { label: 'Balance after', numeric: true },
          ]}
        />
        <tbody>
          {entries.map((e) => (
            <FeedRow key={e.id} entry={e} isNew={e.isNew} timeZone={timeZone} />
          ))}
          {entries.length === 0 && status.kind !== 'reading' ? (
            <tr>
              <td colSpan={5}>No entries yet.</td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </>
  );
}

function FeedRow({
  entry,
  isNew,
  timeZone,
}: {
  entry: FragmentType<typeof FeedRowFragment>;
  isNew: boolean;
  timeZone: string | undefined;
}) {
  const e = getFragmentData(FeedRowFragment, entry);
  const amount = money(e.amount);
  return (
    <tr className={isNew ? 'new' : undefined} data-entry-id={e.id}>
      <td>
        {formatInstant(e.time, timeZone)}
        {isNew ? <span className="badge">new</span> : null}
      </td>
      <td>{e.kind === 'OTHER' ? e.entryType : e.kind.toLowerCase().replace(/_/g, ' ')}</td>
      <td className="ref">{e.reference ?? e.pspReference ?? '—'}</td>
      <td className={`num ${amount.minorUnits < 0 ? 'neg' : ''}`}>{formatMoney(amount)}</td>
      <td className="num">{formatMoney(money(e.balanceAfter))}</td>
    </tr>
  );
}
