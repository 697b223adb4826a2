import type { Context } from '../context.js';
import { badInput } from '../domain/errors.js';
import type { FeedStart } from '../sources/ledgers/provider.js';
import { builder } from './builder.js';
import { DateScalar, DateTimeScalar } from './scalars.js';

/** `FeedStart` as GraphQL hands it over: exactly one field set (the input is `@oneOf`). */
export interface FeedStartInput {
  at?: string | null;
  date?: string | null;
  now?: boolean | null;
}

export const FeedStartInputRef = builder.inputType('FeedStart', {
  isOneOf: true,
  description:
    'Where a feed starts: exactly one of `at`, `date` and `now`. Nothing before the start is handed out and nothing after it is skipped; cursors of a started feed resume it like any other feed cursor (and only with the same `from`).',
  fields: (t) => ({
    at: t.field({
      type: DateTimeScalar,
      description:
        'The entries whose `time` is at or after this instant (an entry exactly at it included; sub-second digits compared as written).',
    }),
    date: t.field({
      type: DateScalar,
      description:
        "The entries on this ledger date and later: the date the provider books an entry on, so the ledger's `timeZone` and `dateCutoff` decide where it begins (Easypay: midnight in Lisbon).",
    }),
    now: t.boolean({
      description:
        'Must be true: the entries from this moment on (at or after the instant the first page is asked for), so the first page has no history and says `tryLater: true`. Its cursors carry that instant, so resuming with the same `from` continues the same feed.',
    }),
  }),
});

/**
 * The provider's start for `from`, and the anchor to sign into the cursors when `from` alone does
 * not say it: `now` is the request clock's instant on the first page, and the instant its cursor
 * carries when resumed with `after`.
 */
export function feedStart(
  ctx: Context,
  from: FeedStartInput | null | undefined,
  after: string | null | undefined,
): { start: FeedStart | null; anchor?: string } {
  if (from == null) return { start: null };
  const set = (['at', 'date', 'now'] as const).filter((k) => from[k] != null);
  if (set.length !== 1) throw badInput('`from` takes exactly one of `at`, `date` and `now`.', { argument: 'from' });
  if (from.at != null) return { start: { at: from.at } };
  if (from.date != null) return { start: { date: from.date } };
  if (from.now !== true)
    throw badInput("`from: { now: false }` names no start: use `now: true`, or leave `from` out to start at the ledger's first entry.", {
      argument: 'from',
    });
  if (after != null) {
    const anchor = ctx.codec.anchor(after);
    if (anchor === null)
      throw badInput(
        'Invalid cursor in `after`: it does not come from a feed started at `now`. Use a cursor returned by this field with the same arguments.',
        { argument: 'after' },
      );
    return { start: { at: anchor }, anchor };
  }
  const anchor = new Date(ctx.clock.now()).toISOString();
  return { start: { at: anchor }, anchor };
}
