import { VendorRouter, type SandboxRequest, type SandboxResponse } from '../core/router.js';
import type { VendorFactory } from '../core/vendor.js';
import { EasypayLedger, compareEntries, dateOfMinute, toWire, visibleBatch, type GeneratedEntry } from './ledger.js';
import { EASYPAY_SANDBOX_CREDENTIALS, EasypayOptionsSchema } from './options.js';
import { PreconditionFailed, encodeCursor, parseLedgerQuery, type LedgerQuery } from './query.js';

export { EASYPAY_SANDBOX_CREDENTIALS } from './options.js';
export { easypaySandboxFacts } from './facts.js';
export { TRANSACTION_TYPES, DIRECTION, type LedgerEntryWire } from './ledger.js';

/** The vendor's error body, `StatusFailed` in the spec: `{"status":"error","message":["..."]}`. */
export function easypayError(status: number, message?: string): SandboxResponse {
  return { status, body: { status: 'error', message: [message ?? DEFAULT_MESSAGES[status] ?? 'Error'] } };
}

const DEFAULT_MESSAGES: Record<number, string> = {
  // The spec's `Forbidden` example, verbatim (docs/upstreams/easypay.md).
  403: 'Authentication failed',
  404: 'Not Found',
  405: 'Method Not Allowed',
  412: 'Precondition Failed',
  429: 'Too Many Requests',
  500: 'Internal Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/**
 * Easypay API 2.0 ledger report, mounted at `/easypay`: `https://api.prod.easypay.pt/2.0/report/ledger`
 * is `<origin>/easypay/2.0/report/ledger`.
 */
export const createEasypayVendor: VendorFactory = (ctx) => {
  const options = EasypayOptionsSchema.parse(ctx.options ?? {});
  const ledger = new EasypayLedger(ctx.seed, options, dateOfMinute(Math.floor(ctx.clock.nowMs() / 60_000)));
  const router = new VendorRouter('easypay');

  router.get('/2.0/report/ledger', (req) => {
    // Auth comes first: a bad query with bad credentials is a 403, never a 412 that leaks validation.
    if (!authenticated(req)) return easypayError(403);
    const nowMinute = Math.floor(ctx.clock.nowMs() / 60_000);
    let query: LedgerQuery;
    try {
      query = parseLedgerQuery(req.url.searchParams, ctx.seed, nowMinute);
    } catch (err) {
      if (err instanceof PreconditionFailed) return easypayError(412, err.message);
      throw err;
    }
    // One reading of the clock per request, so a page never straddles midnight inconsistently.
    const today = dateOfMinute(nowMinute);
    const { page, more } = readPage(ledger, query, nowMinute, today);
    const last = page[page.length - 1];
    return {
      status: 200,
      body: {
        metadata: {
          next_cursor: more && last ? encodeCursor(ctx.seed, query.fingerprint, query.window, last.second, last.wire.id) : endSignal(query),
          count: page.length,
        },
        data: page.map((e) => toWire(e, today)),
      },
    };
  });

  return { name: 'easypay', router, errorResponse: easypayError };
};

function authenticated(req: SandboxRequest): boolean {
  // Two headers on every request, no token exchange (docs/upstreams/easypay.md, Base URLs and auth).
  return header(req, 'accountid') === EASYPAY_SANDBOX_CREDENTIALS.accountId && header(req, 'apikey') === EASYPAY_SANDBOX_CREDENTIALS.apiKey;
}

function header(req: SandboxRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The spec allows both `""` and `null` for "no more results" (`components.schemas.Metadata`,
 * easypay quirk 3 (docs/upstreams/easypay.md)). The sandbox sends both, by a fixed rule: `null` when the first page
 * is also the last (no cursor sent), `""` when a walk that sent a cursor reaches its end.
 */
function endSignal(query: LedgerQuery): string | null {
  return query.resumed ? '' : null;
}

function readPage(ledger: EasypayLedger, query: LedgerQuery, nowMinute: number, today: string): { page: GeneratedEntry[]; more: boolean } {
  const after = query.after;
  const from = after ? Math.max(query.window.from, Math.floor(after.second / 60)) : query.window.from;
  const out: GeneratedEntry[] = [];
  for (const entry of ledger.between(from, query.window.to, nowMinute)) {
    if (after && compareEntries(entry, { second: after.second, wire: { id: after.id } }) <= 0) continue;
    if (query.transactionType && entry.wire.transaction_type !== query.transactionType) continue;
    if (query.transferBatch && visibleBatch(entry, today) !== query.transferBatch) continue;
    out.push(entry);
    // One more than the page shows whether there is a next page, so a walk never ends on an empty page.
    if (out.length > query.limit) break;
  }
  return { page: out.slice(0, query.limit), more: out.length > query.limit };
}
