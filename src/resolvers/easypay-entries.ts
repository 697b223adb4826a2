import type { ConnectionArgs, ConnectionPage, UpstreamPage } from '../connections/engine.js';
import type { Context } from '../context.js';
import { badInput, TallyError } from '../errors.js';
import type { EasypayLedgerSource } from '../sources/easypay/ledger-report.js';
import { minuteOfDate, splitWindows } from '../sources/easypay/windows.js';
import type { Entry, Ledger } from '../sources/model.js';
import { memo, resolveConnection } from './connection.js';
import type { DateSelection } from './dates.js';

/** `Ledger.entries` arguments that only the Easypay ledger report understands. */
export interface EasypayFilterArgs {
  easypayTransactionType?: string | null;
  easypayTransferBatch?: string | null;
}

/** LedgerTransactionType codes are short capitals (`CP`, `FEE`, `MAN`); unknown ones go upstream, which judges them (QUIRKS.md section 3 item 5). */
const TRANSACTION_TYPE = /^[A-Z]{1,10}$/;

export function easypaySource(ctx: Context): EasypayLedgerSource {
  const source = ctx.sources.easypay;
  if (!source) throw new TallyError('UPSTREAM_UNAVAILABLE', 'Easypay is not configured on this gateway', { source: 'easypay' });
  return source;
}

/** The Easypay filters are an error on other providers' ledgers rather than silently ignored. */
export function rejectEasypayFilters(args: EasypayFilterArgs): void {
  for (const name of ['easypayTransactionType', 'easypayTransferBatch'] as const) {
    if (args[name] != null) throw badInput(`\`${name}\` filters Easypay ledgers only; this ledger is not an Easypay ledger.`, { argument: name });
  }
}

function validFilters(args: EasypayFilterArgs): { transactionType: string | null; transferBatch: string | null } {
  const transactionType = args.easypayTransactionType ?? null;
  const transferBatch = args.easypayTransferBatch ?? null;
  if (transactionType !== null && !TRANSACTION_TYPE.test(transactionType)) {
    throw badInput('`easypayTransactionType` is one Easypay transaction code in capitals, e.g. `CP`, `RF`, `FEE`, `TB`.', {
      argument: 'easypayTransactionType',
    });
  }
  if (transferBatch !== null && (transferBatch.trim() === '' || transferBatch.length > 64)) {
    throw badInput('`easypayTransferBatch` is an Easypay transfer batch id, e.g. `"584"`.', { argument: 'easypayTransferBatch' });
  }
  return { transactionType, transferBatch };
}

/**
 * `Ledger.entries` of the Easypay account: the range (already validated, at most 366 days) is cut
 * into `created_at` windows the upstream accepts (30 days, minute precision, UTC; see
 * src/sources/easypay/windows.ts), which are the engine's segments, walked in order behind one
 * connection with the same cursor guarantees as the Vipps dates. Windows that start after today
 * have nothing yet and are left out; the windows before them keep their boundaries, so a cursor
 * stays valid while the days pass.
 */
export async function easypayEntries(
  ctx: Context,
  ledger: Ledger,
  parentKey: string,
  args: ConnectionArgs & EasypayFilterArgs,
  range: DateSelection,
): Promise<ConnectionPage<Entry> & { final: () => Promise<boolean> }> {
  const source = easypaySource(ctx);
  const filters = validFilters(args);
  const today = ctx.today();
  const endOfToday = minuteOfDate(today) + 1439;
  const windows = splitWindows(range.from, range.to).filter((w) => w.from <= endOfToday);
  const call = { meter: ctx.meter, signal: ctx.signal };
  const fetchPage = (segment: number, token: string | null): Promise<UpstreamPage<Entry>> => {
    const window = windows[segment];
    if (!window) throw new Error(`no window ${segment}`);
    return memo(ctx, `easypay-window:${ledger.ledgerId}:${window.from}-${window.to}:${filters.transactionType ?? ''}:${filters.transferBatch ?? ''}:${token ?? ''}`, () =>
      source.page(call, { window, cursor: token, ...filters }),
    );
  };
  const page = await resolveConnection<Entry>(
    ctx,
    { field: 'Ledger.entries', parent: parentKey, content: { from: range.from, to: range.to, ...filters } },
    args,
    { segments: windows.length, fetchPage },
  );
  return {
    ...page,
    // Easypay has no "date closed" signal (QUIRKS.md section 4): a day is closed once it has passed in UTC.
    final: async () => !range.extendsPastToday && range.to < today,
  };
}
