import { signedLinkClient } from '../auth/clients.js';
import { walkPages } from '../paging/walk.js';
import { createContext, type SharedContext } from '../context.js';
import { selectDates } from '../domain/dates.js';
import { badInput, TallyError } from '../domain/errors.js';
import { csvHeader, csvRow, type CsvEntryExtras, type EntryCsvFormat } from '../reconciliation/entries-csv.js';
import type { Entry, Ledger, LedgerTopic, Provider } from '../sources/model.js';
import type { SegmentedList, UpstreamPage } from '../paging/page.js';
import { noSuchLedger } from '../sources/ledgers/request.js';
import type { EntriesExportTarget } from './links.js';

/** The global id Tally gives a payout (as the schema encodes `Payout` ids), for the CSV's payout column. */
const payoutGlobalId = (key: string) => Buffer.from(`Payout:${key}`).toString('base64url');

/**
 * Every entry of a ledger's range as CSV, one chunk per upstream page, with flat memory: each
 * ledger date (or Easypay window) is read through a fresh request context, so nothing read for
 * one segment is held while the next streams (closed pages come from the bounded response cache
 * when payouts or sales look at neighbouring dates). The first page is read before the caller
 * answers, so a ledger that is gone or an upstream that refuses is a proper HTTP error, not a
 * truncated file; a failure later aborts the stream (the download fails, it never ends short).
 */
export async function openEntriesExport(
  shared: SharedContext,
  target: EntriesExportTarget,
  signal: AbortSignal,
): Promise<AsyncGenerator<string>> {
  // The link's signature is the authorisation: it is handed out only on a ledger the requesting client is granted.
  const open = () => createContext(shared, signal, signedLinkClient());
  const first = open();
  const ledger = await first.ledgers.ledgerByKey(`${target.provider}:${target.ledgerId}`);
  if (!ledger) throw noSuchLedger();
  const today = shared.clock.today(ledger);
  const range = selectDates({ from: target.from, to: target.to }, today);
  const segments = listOf(first, ledger, target.topic, range).pages.segments;
  // Fail before the response starts: reading the first segment's first page proves access.
  if (segments > 0) await listOf(first, ledger, target.topic, range).pages.fetchPage(0, null);
  return stream(open, ledger, target.topic, range, segments, target.format);
}

function listOf(ctx: ReturnType<typeof createContext>, ledger: Ledger, topic: LedgerTopic, range: ReturnType<typeof selectDates>) {
  const provider = ctx.ledgers.of(ledger.provider);
  if (!provider) throw new TallyError('UPSTREAM_UNAVAILABLE', "This ledger's provider is not configured on this gateway");
  return provider.entries(ledger, { topic, range, today: range.dates.at(-1) ?? range.to, gdpr: false, filters: {} });
}

async function* stream(
  open: () => ReturnType<typeof createContext>,
  ledger: Ledger,
  topic: LedgerTopic,
  range: ReturnType<typeof selectDates>,
  segments: number,
  format: EntryCsvFormat,
): AsyncGenerator<string> {
  yield csvHeader(format);
  for (let segment = 0; segment < segments; segment++) {
    const ctx = open();
    const provider = ctx.ledgers.of(ledger.provider);
    if (!provider) throw new TallyError('UPSTREAM_UNAVAILABLE', "This ledger's provider is not configured on this gateway");
    const full = listOf(ctx, ledger, topic, range).pages;
    const one: SegmentedList<Entry> = {
      segments: 1,
      fetchPage: (_s, token): Promise<UpstreamPage<Entry>> => full.fetchPage(segment, token),
    };
    const today = ctx.clock.today(ledger);
    const sales = safeSales(ctx, ledger.provider);
    // Whether a date is still open, as the provider decides it for `entries(date:).final` (a Vipps
    // MobilePay date's own page, already read for this segment; Easypay's calendar): once per date.
    const openDates = new Map<string, Promise<boolean>>();
    const isOpen = (date: string) => {
      let known = openDates.get(date);
      if (!known) {
        const day = selectDates({ from: date, to: date }, today);
        known = provider
          .entries(ledger, { topic, range: day, today, gdpr: false, filters: {} })
          .final(ctx.limits.maxUpstreamCallsPerField)
          .then((final) => !final);
        openDates.set(date, known);
      }
      return known;
    };
    for await (const { page } of walkPages(one, { maxUpstreamCalls: Number.MAX_SAFE_INTEGER })) {
      const saleKeys = page.items.map((e) => (sales ? ctx.sales.joinKey(e) : null));
      const wanted = saleKeys.filter((k): k is NonNullable<typeof k> => k !== null);
      const found = sales && wanted.length > 0 ? await sales.join().load(wanted) : [];
      let next = 0;
      const rows: string[] = [];
      for (const [i, e] of page.items.entries()) {
        let saleVat: CsvEntryExtras['saleVat'] = null;
        if (saleKeys[i]) {
          const outcome = found[next++];
          if (outcome instanceof Error) throw outcome;
          saleVat = outcome?.amounts.vat ?? null;
        }
        const payout = topic === 'FUNDS' ? await provider.payoutOf(ledger, e, today) : null;
        const readable = payout
          ? {
              ledgerDate: payout.ledgerDate,
              bankReference: payout.bankReference,
              id: payoutGlobalId(payout.key),
              number: payout.payoutNumber ?? payout.transferBatch,
            }
          : null;
        rows.push(csvRow(e, { payout: readable, saleVat, dateOpen: await isOpen(e.ledgerDate) }, format));
      }
      if (rows.length > 0) yield rows.join('');
    }
  }
}

/** The Sales API for the VAT column, or none when this gateway cannot reach it (the column stays empty). */
function safeSales(ctx: ReturnType<typeof createContext>, provider: Provider) {
  try {
    return ctx.sales.forProvider(provider);
  } catch {
    return null;
  }
}

/** Validates an export request the way the schema documents it, before a link is signed. */
export function validateExportRange(from: string, to: string, today: string): void {
  if (to > today)
    throw badInput(`\`to\` (${to}) is after today (${today}): an export covers dates that have happened.`, { argument: 'to' });
  selectDates({ from, to }, today);
}
