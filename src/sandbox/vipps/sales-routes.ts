import { isValidDate } from '../core/clock.js';
import type { SandboxRequest, SandboxResponse, VendorRouter } from '../core/router.js';
import { decodeCursor, encodeCursor, LookupCursor, PositionCursor, type LookupPosition, type Position } from './cursor.js';
import { problem } from './errors.js';
import type { SaleEvent } from './traffic.js';
import type { VippsWorld } from './world.js';
import { checkDate, findLedger, walk } from './report-routes.js';
import { authenticate, forbiddenForMerchants, type TokenStore } from './tokens.js';
import type { WorldLedger } from './ledgers.js';
import type { Customer } from './payers.js';
import type { VippsOptions } from './options.js';

const BASE = '/sales/report/v1/ledgers/:ledgerId';

/**
 * The Sales API event (vipps-sales-api.reconstructed.yaml, SalesEntry). Amounts carry the Report
 * entry's sign (refunds negative), so `amounts.gross` equals the funds entry's `amount`. Sales
 * without lines have no VAT breakdown: `net = gross`, `vat = 0` and `completeness.hasVatBreakdown`
 * false say so, keeping `gross = net + vat` true on every event.
 */
export function saleJson(l: WorldLedger, e: SaleEvent, time: string, customer: Customer | null = null): Record<string, unknown> {
  const lines = e.lines ?? [];
  let vat = 0;
  for (const line of lines) vat += line.vatAmount;
  return {
    entryType: e.kind,
    time,
    pspReference: e.psp,
    reference: e.reference,
    currency: l.currency,
    paymentType: e.paymentType,
    amounts: { gross: e.amount, net: e.amount - vat, vat },
    lines,
    // Documented as reserved; served on some sales so personal data is visible in tests and demos.
    customer,
    classification: { solution: l.solution, salesCategory: l.salesCategory },
    completeness: { hasLineItems: lines.length > 0, hasVatBreakdown: lines.length > 0, hasCustomerIdentity: customer !== null },
  };
}

/** `pageSize`: int32, 1..1000, default 100 (vipps-sales-api.reconstructed.yaml, parameters.PageSize). */
function parsePageSize(req: SandboxRequest): number | SandboxResponse {
  const raw = req.url.searchParams.get('pageSize');
  if (raw === null) return 100;
  const n = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 1000) {
    return problem(400, `pageSize must be an integer from 1 to 1000, got '${raw}'`, req.path);
  }
  return n;
}

function isResponse(x: unknown): x is SandboxResponse {
  return typeof x === 'object' && x !== null && 'status' in x;
}

export function registerSalesRoutes(
  router: VendorRouter,
  world: VippsWorld,
  tokens: TokenStore,
  options: Pick<VippsOptions, 'salesLookupPageSize'>,
): void {
  // The same `time` string as the Report entry of the same pspReference.
  const render = (l: WorldLedger, events: SaleEvent[]) =>
    events.map((e) => saleJson(l, e, world.timeOf(l, e.date, e.timeUs), world.customer(e.psp ?? e.reference)));

  /** Accounting keys only (docs/upstreams/vipps-sales.md, Auth); a merchant token is authenticated but not allowed. */
  const guard = (req: SandboxRequest): WorldLedger | SandboxResponse => {
    const principal = authenticate(req, tokens);
    if (isResponse(principal)) return principal;
    if (principal.kind !== 'accounting') return forbiddenForMerchants(req.path);
    return findLedger(world, principal, req.params.ledgerId ?? '', req.path);
  };

  router.get(BASE, (req) => {
    const ledger = guard(req);
    if (isResponse(ledger)) return ledger;
    const pageSize = parsePageSize(req);
    if (typeof pageSize !== 'number') return pageSize;
    const rawCursor = req.url.searchParams.get('cursor');
    // No cursor: the earliest available event (vipps-sales-api.reconstructed.yaml, getSalesFeed).
    let pos: Position = { k: 'sales-feed', l: ledger.ledgerId, t: 'sales', d: world.historyStart(), o: 0 };
    if (rawCursor) {
      const c = decodeCursor(rawCursor, PositionCursor);
      if (!c || c.k !== 'sales-feed' || c.l !== ledger.ledgerId || !isValidDate(c.d) || c.d > world.today(ledger))
        return problem(400, 'Invalid cursor', req.path);
      pos = c;
    }
    const result = walk(world.today(ledger), pos, pageSize, (d) => world.salesForDate(ledger, d));
    if (!result) return problem(400, 'Invalid cursor', req.path);
    return {
      status: 200,
      body: {
        items: render(ledger, result.items),
        // Always a cursor to resume from, also at the live end: the feed grows as sales happen.
        cursor: result.items.length === 0 && rawCursor ? rawCursor : encodeCursor(result.next),
        hasMore: !result.atEnd,
      },
    };
  });

  router.get(`${BASE}/dates/:ledgerDate`, (req) => {
    const ledger = guard(req);
    if (isResponse(ledger)) return ledger;
    const date = req.params.ledgerDate ?? '';
    const bad = checkDate(world, ledger, date, req.path);
    if (bad) return bad;
    const pageSize = parsePageSize(req);
    if (typeof pageSize !== 'number') return pageSize;
    let offset = 0;
    const rawCursor = req.url.searchParams.get('cursor');
    if (rawCursor) {
      const c = decodeCursor(rawCursor, PositionCursor);
      if (!c || c.k !== 'sales-date' || c.l !== ledger.ledgerId || c.d !== date) return problem(400, 'Invalid cursor', req.path);
      offset = c.o;
    }
    const list = world.salesForDate(ledger, date);
    if (offset > list.length) return problem(400, 'Invalid cursor', req.path);
    const page = list.slice(offset, offset + pageSize);
    const hasMore = offset + page.length < list.length;
    const next: Position = { k: 'sales-date', l: ledger.ledgerId, t: 'sales', d: date, o: offset + page.length };
    return {
      status: 200,
      body: { items: render(ledger, page), ...(hasMore ? { cursor: encodeCursor(next) } : {}), hasMore },
    };
  });

  /**
   * The two lookups answer in pages of `salesLookupPageSize` events, with `cursor` and `hasMore` as
   * the Sales API page shows them; the cursor goes back as `?cursor=`, as on the date and feed
   * endpoints. An unknown reference is an empty list, not 404: the reconstructed spec documents
   * only 200 and problem defaults.
   */
  const lookup = (
    req: SandboxRequest,
    kind: LookupPosition['k'],
    value: string,
    find: (l: WorldLedger) => SaleEvent[],
  ): SandboxResponse => {
    const ledger = guard(req);
    if (isResponse(ledger)) return ledger;
    let offset = 0;
    const rawCursor = req.url.searchParams.get('cursor');
    if (rawCursor) {
      const c = decodeCursor(rawCursor, LookupCursor);
      if (!c || c.k !== kind || c.l !== ledger.ledgerId || c.v !== value) return problem(400, 'Invalid cursor', req.path);
      offset = c.o;
    }
    const list = find(ledger);
    if (offset > list.length) return problem(400, 'Invalid cursor', req.path);
    const size = options.salesLookupPageSize;
    const page = list.slice(offset, offset + size);
    const hasMore = offset + page.length < list.length;
    const next: LookupPosition = { k: kind, l: ledger.ledgerId, v: value, o: offset + page.length };
    return { status: 200, body: { items: render(ledger, page), ...(hasMore ? { cursor: encodeCursor(next) } : {}), hasMore } };
  };

  router.get(`${BASE}/references/:reference`, (req) => {
    const reference = req.params.reference ?? '';
    return lookup(req, 'sales-reference', reference, (l) => world.salesByReference(l, reference));
  });

  router.get(`${BASE}/psp-references/:pspReference`, (req) => {
    const psp = req.params.pspReference ?? '';
    return lookup(req, 'sales-psp', psp, (l) => world.salesByPspReference(l, psp));
  });
}
