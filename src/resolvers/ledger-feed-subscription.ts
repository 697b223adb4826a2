import type { Context } from '../context.js';
import type { LedgerHandle, LedgerTopic } from '../sources/model.js';
import { builder } from './builder.js';
import { connectionComplexity, selects, type EntryConnectionPage } from './connection.js';
import { LedgerTopicEnum } from './enums.js';
import { FeedStartInputRef } from './feed-start.js';
import { decodeGlobalId } from './global-id.js';
import { ledgerFeedPage, LedgerFeedConnectionRef, namedLedger, type FeedArgs } from './ledger.js';

builder.subscriptionType({
  description:
    "Live updates over Server-Sent Events (`POST /graphql` with `Accept: text/event-stream`, the graphql-sse protocol's distinct-connections mode, or `GET /graphql?query=...` the same way), with the API key, grants, scopes and limits of a query.",
});

builder.subscriptionField('ledgerFeed', (t) =>
  t.field({
    type: LedgerFeedConnectionRef,
    description:
      "A ledger's feed, live: the first event is the feed's first page from `after` (or from `from`), even when it is empty, so a client always holds a cursor; every later event is a page of the entries booked since, as they appear, each edge with its cursor and `pageInfo.endCursor` to resume from. Save the last `endCursor` and reconnect with it as `after` (and the same `from` and `topic`): nothing is missed and nothing comes twice, also on another replica or after a restart (cursors are signed with the shared secret). Events are pages of `Ledger.feed` itself: a cursor of either resumes the other. The gateway reads the feed's live end once per ledger and poll interval (`TALLY_LIVE_POLL_SECONDS`, 60 by default: the Report API asks for at most about one feed poll a minute), shared by every subscriber and, through the store, by every replica. Grants and scopes as for a query (a ledger not granted is `NOT_FOUND`; `payer` needs the `gdpr` scope); each poll spends the upstream budget of one operation. At most `TALLY_MAX_SUBSCRIPTIONS_PER_CLIENT` (10) open subscriptions per client and replica.",
    args: {
      id: t.arg.id({ required: true, description: "The ledger's global `id`." }),
      topic: t.arg({
        type: LedgerTopicEnum,
        defaultValue: 'FUNDS',
        required: true,
        description: 'Which book to follow (Vipps MobilePay); ignored by providers with one book.',
      }),
      from: t.arg({
        type: FeedStartInputRef,
        description:
          'Where the feed starts when there is no `after`: an instant, a ledger date, or now (no history: the first event is empty with `tryLater: true`). With `after`, give the `from` the cursor was made with.',
      }),
      after: t.arg.string({
        description:
          "A cursor of this ledger's feed (an event's or a `Ledger.feed` page's `endCursor`, or an edge's `cursor`): continue right after it.",
      }),
      first: t.arg.int({
        description: 'At most this many entries per event, 1 to 1000 (default 100): a longer backlog comes as several events at once.',
      }),
    },
    complexity: (args) => connectionComplexity(args),
    subscribe: async (_root, args, ctx, info) => {
      const ledger = namedLedger(ctx, decodeGlobalId(String(args.id), 'Ledger').id);
      const feedArgs: FeedArgs = { topic: args.topic as LedgerTopic, from: args.from, after: args.after, first: args.first };
      const gdpr = selects(info, ['edges', 'node', 'payer']);
      // The first page before the stream opens: a bad cursor, a start that names nothing or a
      // ledger that does not exist is the subscription's coded error, not a stream that never starts.
      const first = await ledgerFeedPage(ctx, ledger, feedArgs, gdpr);
      return followFeed(ctx, ledger, feedArgs, gdpr, first);
    },
    resolve: (page) => page,
  }),
);

/**
 * The feed from its first page on: whenever a page reaches the live end, the next poll slot is
 * waited for, and the page after it is read with a fresh context (budget and memos of their own)
 * reading the live end for that slot, which every subscriber of the ledger shares. A page that
 * stops before the live end (a full page, the budget) is followed at once. Pages without entries
 * are not delivered after the first.
 */
async function* followFeed(
  ctx: Context,
  ledger: LedgerHandle,
  args: FeedArgs,
  gdpr: boolean,
  first: EntryConnectionPage,
): AsyncGenerator<EntryConnectionPage> {
  yield first;
  let page = first;
  const { intervalMs, wait } = ctx.live;
  while (!ctx.signal.aborted) {
    if (!page.pageInfo.hasNextPage) {
      // To the start of the next slot of the gateway's clock, so every subscriber polls in the same slot.
      const now = ctx.clock.now();
      await wait(intervalMs - (now % intervalMs), ctx.signal);
      if (ctx.signal.aborted) return;
    }
    const poll = ctx.renew({ slot: Math.floor(ctx.clock.now() / intervalMs), intervalMs });
    page = await ledgerFeedPage(poll, ledger, { ...args, after: page.pageInfo.endCursor }, gdpr);
    if (page.edges.length > 0) yield page;
  }
}
