import { addDays, isValidDate } from '../core/clock.js';
import type { SandboxRequest, SandboxResponse, VendorRouter } from '../core/router.js';
import { decodeCursor, encodeCursor, LedgerListCursor, PositionCursor, type Position } from './cursor.js';
import { problem } from './errors.js';
import type { StoredEntry, Topic } from './books.js';
import type { VippsOptions } from './options.js';
import { authenticate, type Principal, type TokenStore } from './tokens.js';
import { ledgerJson, settlesFor, type WorldLedger } from './ledgers.js';
import { pageEnding } from './page-quirks.js';
import type { VippsWorld } from './world.js';

/** Small on purpose, so that every client exercises ledger-list paging against the sandbox's handful of ledgers. */
export const LEDGER_LIST_PAGE_SIZE = 3;

export function visibleTo(principal: Principal, l: WorldLedger): boolean {
  return principal.kind === 'accounting' || settlesFor(l, `api:${principal.msn}`);
}

function isResponse(x: unknown): x is SandboxResponse {
  return typeof x === 'object' && x !== null && 'status' in x;
}

/** Resolves the ledger of a path, or the 404 that neither confirms nor denies it exists (docs/upstreams/vipps-report.md, Errors). */
export function findLedger(world: VippsWorld, principal: Principal, ledgerId: string, instance: string): WorldLedger | SandboxResponse {
  const l = world.ledger(ledgerId);
  if (!l || !visibleTo(principal, l)) return problem(404, 'No such ledgerId', instance);
  return l;
}

/**
 * A ledger date as the Report API takes it: strict `YYYY-MM-DD`, a real calendar date, not in the
 * future of the ledger's own time zone (there is nothing to report yet; today is served open with
 * `tryLater`).
 */
export function checkDate(world: VippsWorld, ledger: WorldLedger, date: string, instance: string): SandboxResponse | null {
  if (!isValidDate(date)) return problem(400, `ledgerDate must be a date in the format YYYY-MM-DD, got '${date}'`, instance);
  if (date > world.today(ledger)) return problem(400, `ledgerDate ${date} is in the future`, instance);
  return null;
}

function parseGdpr(req: SandboxRequest, instance: string): boolean | SandboxResponse {
  const raw = req.url.searchParams.get('includeGDPRSensitiveData');
  if (raw === null || raw.toLowerCase() === 'false') return false;
  if (raw.toLowerCase() === 'true') return true;
  return problem(400, `includeGDPRSensitiveData must be true or false, got '${raw}'`, instance);
}

export function registerReportRoutes(router: VendorRouter, world: VippsWorld, tokens: TokenStore, options: VippsOptions): void {
  const pageHeaders = { 'content-type': 'application/json', 'vipps-feed-page-size': String(options.pageSize) };

  /** `includeGDPRSensitiveData` adds payer data to VM-number payments only (docs/upstreams/vipps-report.md, Entry object). */
  const render = (entries: StoredEntry[], gdpr: boolean) =>
    entries.map((e) => (gdpr && e.payerKey ? { ...e.json, ...world.payer(e.payerKey) } : e.json));

  router.get('/settlement/v1/ledgers', (req) => {
    const principal = authenticate(req, tokens);
    if (isResponse(principal)) return principal;
    const rawCursor = req.url.searchParams.get('cursor');
    let filter = req.url.searchParams.get('settlesForRecipientHandles');
    let after = '';
    // The cursor alone continues the listing; other parameters are ignored then (reconstructed spec, getLedgers).
    if (rawCursor) {
      const c = decodeCursor(rawCursor, LedgerListCursor);
      if (!c) return problem(400, 'Invalid cursor', req.path);
      filter = c.settlesForRecipientHandles;
      after = c.afterLedgerId;
    }
    const matching = world.ledgers.filter(
      (l) => visibleTo(principal, l) && (filter === null || filter === '' || settlesFor(l, filter)) && l.ledgerId > after,
    );
    const page = matching.slice(0, LEDGER_LIST_PAGE_SIZE);
    const more = matching.length > page.length;
    const last = page.at(-1);
    return {
      status: 200,
      body: {
        items: page.map(ledgerJson),
        // "It is empty if there are no more rows to fetch" (vipps-report-api.yaml, getLedgers 200 cursor).
        cursor: more && last ? encodeCursor({ afterLedgerId: last.ledgerId, settlesForRecipientHandles: filter || null }) : '',
      },
    };
  });

  router.get('/report/v2/ledgers/:ledgerId/:topic/dates/:ledgerDate', (req) => {
    const principal = authenticate(req, tokens);
    if (isResponse(principal)) return principal;
    const { ledgerId = '', topic = '', ledgerDate = '' } = req.params;
    const ledger = findLedger(world, principal, ledgerId, req.path);
    if (isResponse(ledger)) return ledger;
    if (topic !== 'funds' && topic !== 'fees') return problem(400, `topic must be 'funds' or 'fees', got '${topic}'`, req.path);
    const bad = checkDate(world, ledger, ledgerDate, req.path);
    if (bad) return bad;
    const gdpr = parseGdpr(req, req.path);
    if (typeof gdpr !== 'boolean') return gdpr;

    const rawCursor = req.url.searchParams.get('cursor');
    let offset = 0;
    if (rawCursor) {
      const c = decodeCursor(rawCursor, PositionCursor);
      if (!c || c.k !== 'dates' || c.l !== ledger.ledgerId || c.t !== topic || c.d !== ledgerDate) {
        return problem(400, 'Invalid cursor', req.path);
      }
      offset = c.o;
    }
    const list = world.visibleEntries(ledger, topic, ledgerDate);
    if (offset > list.length) return problem(400, 'Invalid cursor', req.path);
    const page = list.slice(offset, offset + options.pageSize);
    const end = offset + page.length;
    const ending = page.length > 0 && end === list.length ? pageEnding(world.seed, ledger, topic, ledgerDate) : null;
    // The API does not peek: a last page that is exactly full, and now and then a short one, says
    // `hasMore: true`, and the page after it is empty (page-quirks.ts).
    const hasMore = end < list.length || (page.length > 0 && (page.length === options.pageSize || ending === 'empty-page-after-last'));
    const next: Position = { k: 'dates', l: ledger.ledgerId, t: topic, d: ledgerDate, o: end };
    return {
      status: 200,
      headers: pageHeaders,
      body: {
        items: render(page, gdpr),
        hasMore,
        ...(hasMore || ending === 'cursor-on-last-page' ? { cursor: encodeCursor(next) } : {}),
        // Open while entries may still arrive: today, a date awaiting its (weekly, monthly) payout,
        // and every date while a negative balance keeps the payout back (settlement.ts).
        tryLater: world.openReason(ledger, ledgerDate) !== null,
      },
    };
  });

  router.get('/report/v2/ledgers/:ledgerId/:topic/feed', (req) => {
    const principal = authenticate(req, tokens);
    if (isResponse(principal)) return principal;
    const { ledgerId = '', topic = '' } = req.params;
    const ledger = findLedger(world, principal, ledgerId, req.path);
    if (isResponse(ledger)) return ledger;
    if (topic !== 'funds' && topic !== 'fees') return problem(400, `topic must be 'funds' or 'fees', got '${topic}'`, req.path);
    const gdpr = parseGdpr(req, req.path);
    if (typeof gdpr !== 'boolean') return gdpr;

    const rawCursor = req.url.searchParams.get('cursor');
    let pos: Position = { k: 'feed', l: ledger.ledgerId, t: topic as Topic, d: world.historyStart(), o: 0 };
    if (rawCursor) {
      const c = decodeCursor(rawCursor, PositionCursor);
      if (!c || c.k !== 'feed' || c.l !== ledger.ledgerId || c.t !== topic || !isValidDate(c.d) || c.d > world.today(ledger)) {
        return problem(400, 'Invalid cursor', req.path);
      }
      pos = c;
    }
    const result = walk(world.today(ledger), pos, options.pageSize, (d) => world.visibleEntries(ledger, topic, d));
    if (!result) return problem(400, 'Invalid cursor', req.path);
    return {
      status: 200,
      headers: pageHeaders,
      body: {
        items: render(result.items, gdpr),
        // Never empty; at the live end the cursor the client sent comes back unchanged (docs/upstreams/vipps-report.md).
        cursor: result.items.length === 0 && rawCursor ? rawCursor : encodeCursor(result.next),
        tryLater: result.atEnd,
      },
    };
  });

  // Removed in May 2024; answers 410 Gone since (docs/upstreams/vipps-report.md, changelog facts).
  router.get('/report/v1/ledgertransactions', (req) =>
    problem(
      410,
      'GET /report/v1/ledgertransactions was removed in May 2024. Use /report/v2/ledgers/{ledgerId}/{topic}/dates/{ledgerDate} or /feed.',
      req.path,
    ),
  );
}

/**
 * Walks a ledger's dates from a position up to today, taking at most `limit` items. `atEnd` is true
 * when nothing more is available right now (the live end). null when the position is past the
 * items of its date (a forged or foreign cursor).
 */
export function walk<T>(
  today: string,
  start: Position,
  limit: number,
  itemsOf: (date: string) => T[],
): { items: T[]; next: Position; atEnd: boolean } | null {
  const items: T[] = [];
  let { d, o } = start;
  let list = itemsOf(d);
  if (o > list.length) return null;
  for (;;) {
    const take = list.slice(o, o + (limit - items.length));
    items.push(...take);
    o += take.length;
    if (items.length >= limit) break;
    if (d >= today) break;
    d = addDays(d, 1);
    o = 0;
    list = itemsOf(d);
  }
  // Past dates are complete, so the end of data is always on today's (open) date.
  let atEnd = d >= today && o >= list.length;
  if (!atEnd && o >= list.length && items.length >= limit) {
    // The page filled exactly at the end of a date: peek whether anything follows before today ends.
    atEnd = true;
    for (let p = addDays(d, 1); p <= today; p = addDays(p, 1)) {
      if (itemsOf(p).length > 0) {
        atEnd = false;
        break;
      }
    }
  }
  return { items, next: { ...start, d, o }, atEnd };
}
