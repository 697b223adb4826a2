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

const FeedQuery = graphql(`
  query WebLedgerFeed($id: ID!, $topic: LedgerTopic!, $first: Int!, $after: String) {
    ledger(id: $id) {
      id
      feed(topic: $topic, first: $first, after: $after) {
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
  }
`);

type FeedEntry = { id: string } & FragmentType<typeof FeedRowFragment>;

/** How many entries the screen keeps; the walk itself goes through everything. */
const SHOWN = 200;
const INTERVALS = [10, 30, 60, 300];

type Status = { kind: 'reading' } | { kind: 'live'; checkedAt: Date; nextAt: Date } | { kind: 'failed'; error: CombinedError; nextAt: Date | null };

const storageKey = (id: string, topic: string) => `tally.feed.${id}.${topic}`;
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
 * A ledger's feed followed live: from the position saved in this browser (or the feed's start),
 * page after page while there is more, then a look every N seconds while the feed says `tryLater`.
 * The position is saved after every page, so a reload continues where it stopped, with nothing
 * skipped and nothing repeated.
 */
export function LiveFeedScreen({ id, params }: { id: string; params: URLSearchParams }) {
  const topic = params.get('topic') === 'FEES' ? 'FEES' : 'FUNDS';
  const every = Number(params.get('every') ?? 60);
  const interval = INTERVALS.includes(every) ? every : 60;
  const { ref, ledger, error } = useLedgerHeader(id);
  const [restarts, setRestarts] = useState(0);
  return (
    <section aria-labelledby="live-title">
      <LedgerHeader id={id} ledger={ref} error={error} screen="live" heading="Live feed" titleId="live-title" />
      <div className="toolbar">
        <label>
          Book
          <select value={topic} onChange={(e) => navigate(href(['live', id], { topic: e.target.value === 'FEES' ? 'FEES' : null, every: String(interval) }))}>
            <option value="FUNDS">Funds</option>
            <option value="FEES">Fees</option>
          </select>
        </label>
        <label>
          Look for new entries every
          <select value={interval} onChange={(e) => navigate(href(['live', id], { topic: topic === 'FEES' ? topic : null, every: e.target.value }))}>
            {INTERVALS.map((s) => (
              <option key={s} value={s}>
                {s < 60 ? `${s} seconds` : `${s / 60} minute${s > 60 ? 's' : ''}`}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={() => {
            localStorage.removeItem(storageKey(id, topic));
            localStorage.removeItem(shownKey(id, topic));
            setRestarts((r) => r + 1);
          }}
        >
          Start over from the beginning
        </button>
      </div>
      <Follower key={`${id}-${topic}-${interval}-${restarts}`} id={id} topic={topic} interval={interval} timeZone={ledger?.timeZone} />
    </section>
  );
}

function Follower({ id, topic, interval, timeZone }: { id: string; topic: 'FUNDS' | 'FEES'; interval: number; timeZone: string | undefined }) {
  const client = useClient();
  const [resumedFrom] = useState(() => localStorage.getItem(storageKey(id, topic)));
  // Only with a saved position: the entries saved with it are the ones before it.
  const [entries, setEntries] = useState<ShownEntry[]>(() => (resumedFrom ? savedEntries(id, topic) : []));
  const [read, setRead] = useState({ total: 0, fresh: 0 });
  const [status, setStatus] = useState<Status>({ kind: 'reading' });

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cursor = resumedFrom;
    let caughtUp = false;
    let shown: ShownEntry[] = resumedFrom ? savedEntries(id, topic) : [];
    const step = async () => {
      setStatus({ kind: 'reading' });
      const res = await client.query(FeedQuery, { id, topic, first: 1000, after: cursor }, { requestPolicy: 'network-only' }).toPromise();
      if (cancelled) return;
      const feed = res.data?.ledger?.feed;
      if (!feed) {
        const error = res.error;
        const nextAt = new Date(Date.now() + interval * 1000);
        if (error) setStatus({ kind: 'failed', error, nextAt });
        timer = setTimeout(step, interval * 1000);
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
      if (feed.pageInfo.hasNextPage) {
        timer = setTimeout(step, 0);
        return;
      }
      caughtUp = true;
      const now = new Date();
      setStatus({ kind: 'live', checkedAt: now, nextAt: new Date(now.getTime() + interval * 1000) });
      timer = setTimeout(step, interval * 1000);
    };
    void step();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [client, id, topic, interval, resumedFrom]);

  return (
    <>
      <p className="status" role="status" data-status={status.kind}>
        {status.kind === 'reading' ? 'Reading the feed…' : null}
        {status.kind === 'live'
          ? `Up to date as of ${status.checkedAt.toLocaleTimeString()}; looking again at ${status.nextAt.toLocaleTimeString()}.`
          : null}
        {status.kind === 'failed' ? 'The last look failed; trying again shortly.' : null} {resumedFrom ? 'Continued from the position saved in this browser.' : 'Started at the beginning of the feed.'}{' '}
        {read.total} entries read, {read.fresh} new since the feed was caught up.
        {resumedFrom && entries.length > read.total ? ' The table also shows the latest entries read before the reload.' : null}
      </p>
      {status.kind === 'failed' ? <ErrorNotice errors={errorsAt(status.error, ['ledger'])} title="The feed could not be read." /> : null}
      <table className="data feed" aria-label="Latest feed entries, newest first">
        <TableHead columns={[<>Time ({timeZone ?? 'UTC'})</>, 'Kind', 'Reference', { label: 'Amount', numeric: true }, { label: 'Balance after', numeric: true }]} />
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

function FeedRow({ entry, isNew, timeZone }: { entry: FragmentType<typeof FeedRowFragment>; isNew: boolean; timeZone: string | undefined }) {
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
