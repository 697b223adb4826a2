import { addDays, isValidDate } from '../core/clock.js';
import { Rng } from '../core/rng.js';
import { badRequest } from './errors.js';
import { intParam } from './settlements.js';

/*
 * Costs, billing reports and subscriptions. Parameters are from the rendered billing-api.html (reconstructed
 * billing spec); the item schemas were never retrieved, so every item shape in this file is **inferred**: plausible,
 * money always as integer minor units next to its ISO 4217 currency (specs/README.md section 4 "Money").
 */

/** What Dintero bills an account for, with a price per unit in øre (**inferred** names and prices). */
const COST_TYPES = [
  { type: 'checkout/authorization', description: 'Payment authorizations', unit_price: 20, perDay: [50, 400] },
  { type: 'checkout/capture', description: 'Captures', unit_price: 50, perDay: [40, 380] },
  { type: 'checkout/refund', description: 'Refunds', unit_price: 100, perDay: [0, 25] },
  { type: 'payout/transfer', description: 'Payout transfers', unit_price: 500, perDay: [0, 3] },
  { type: 'billing/subscription', description: 'Monthly subscription', unit_price: 49_900, perDay: [0, 0] },
] as const;

const BILLING_CURRENCY = 'NOK';
/** Norwegian VAT, applied to billing report totals. */
const VAT_RATE = 0.25;

/** One cost line: a cost type aggregated over one day (**inferred**). */
export interface CostItem {
  /** Pass as `starting_after` to get the items after this one (reconstructed billing spec `aid_billing_costs_list`). */
  paging_token: string;
  account_id: string;
  date: string;
  type: string;
  description: string;
  quantity: number;
  /** minor units */
  unit_price: number;
  /** minor units, excl. VAT: quantity x unit_price */
  amount: number;
  currency: string;
}

/** A monthly billing report (invoice basis), its totals the sum of that month's costs (**inferred**). */
export interface BillingReport {
  id: string;
  account_id: string;
  period_start: string;
  period_end: string;
  created_at: string;
  invoice_number: string;
  status: 'final';
  currency: string;
  /** minor units, excl. VAT */
  amount: number;
  vat_amount: number;
  total_amount: number;
  lines: Array<{ type: string; description: string; quantity: number; amount: number }>;
}

/** A subscription to a Dintero product (**inferred**; `price_model` per the 2025-10-01 changelog). */
export interface Subscription {
  id: string;
  account_id: string;
  namespace: string;
  name: string;
  status: 'active' | 'cancelled';
  currency: string;
  created_at: string;
  cancelled_at: string | null;
  prices: Array<{ id: string; description: string; price_model: 'flat' | 'per_unit' | 'tiered'; unit: string; unit_price: number; currency: string }>;
  dimensions: Record<string, string>;
}

const monthDays = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const ym = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;

/** Closed days only: a day's costs are aggregated once it has ended (today's are not listed yet). */
function costsForMonth(seed: number, aid: string, year: number, month: number, today: string): CostItem[] {
  const out: CostItem[] = [];
  for (let day = 1; day <= monthDays(year, month); day++) {
    const date = `${ym(year, month)}-${String(day).padStart(2, '0')}`;
    if (date >= today) break;
    const rng = Rng.forKey(seed, 'dintero', aid, 'costs', date);
    for (const c of COST_TYPES) {
      const quantity = c.type === 'billing/subscription' ? (day === 1 ? 1 : 0) : rng.int(c.perDay[0], c.perDay[1]);
      if (quantity === 0) continue;
      out.push({
        paging_token: Buffer.from(`${date}|${c.type}`).toString('base64url'),
        account_id: aid,
        date,
        type: c.type,
        description: c.description,
        quantity,
        unit_price: c.unit_price,
        amount: quantity * c.unit_price,
        currency: BILLING_CURRENCY,
      });
    }
  }
  return out;
}

/**
 * `GET /v1/accounts/{aid}/billing/costs`: `year` and `month` required, `limit` 1..1000 default 100, `starting_after`
 * the previous item's `paging_token`, `type`, and `date` which requires `type` (reconstructed billing spec). Order:
 * date ascending, then the cost type's fixed order. A JSON array; the end is a short (or empty) page.
 */
export function listCosts(seed: number, aid: string, q: URLSearchParams, today: string): CostItem[] {
  const year = intParam(q, 'year', 2000, 2100);
  const month = intParam(q, 'month', 1, 12);
  const limit = intParam(q, 'limit', 1, 1000, 100);
  const type = q.get('type');
  const date = q.get('date');
  if (date !== null && type === null) throw badRequest('date requires type', [{ path: 'date', message: 'only allowed together with type' }]);
  if (date !== null && !isValidDate(date)) throw badRequest('date must be YYYY-MM-DD', [{ path: 'date', message: `got "${date}"` }]);
  let items = costsForMonth(seed, aid, year, month, today).filter((c) => (type === null || c.type === type) && (date === null || c.date === date));
  const after = q.get('starting_after');
  if (after !== null) {
    const [afterDate, afterType] = Buffer.from(after, 'base64url').toString('utf8').split('|');
    const typeIndex = COST_TYPES.findIndex((c) => c.type === afterType);
    if (!afterDate || !isValidDate(afterDate) || typeIndex < 0) {
      throw badRequest('starting_after must be a paging_token from a previous result', [{ path: 'starting_after', message: 'unknown token' }]);
    }
    items = items.filter((c) => c.date > afterDate || (c.date === afterDate && COST_TYPES.findIndex((t) => t.type === c.type) > typeIndex));
  }
  return items.slice(0, limit);
}

export const BILLING_REPORT_MONTHS = 24;

/** The last 24 closed months, newest first. */
export function generateBillingReports(seed: number, aid: string, today: string): BillingReport[] {
  const out: BillingReport[] = [];
  let year = Number(today.slice(0, 4));
  let month = Number(today.slice(5, 7));
  for (let i = 0; i < BILLING_REPORT_MONTHS; i++) {
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
    const costs = costsForMonth(seed, aid, year, month, today);
    const lines = COST_TYPES.map((c) => {
      const ofType = costs.filter((x) => x.type === c.type);
      return {
        type: c.type,
        description: c.description,
        quantity: ofType.reduce((s, x) => s + x.quantity, 0),
        amount: ofType.reduce((s, x) => s + x.amount, 0),
      };
    }).filter((l) => l.quantity > 0);
    const amount = lines.reduce((s, l) => s + l.amount, 0);
    const vat_amount = Math.round(amount * VAT_RATE);
    const periodStart = `${ym(year, month)}-01`;
    out.push({
      id: `br_${aid}_${ym(year, month)}`,
      account_id: aid,
      period_start: periodStart,
      period_end: `${ym(year, month)}-${String(monthDays(year, month)).padStart(2, '0')}`,
      created_at: `${addDays(periodStart, monthDays(year, month))}T03:00:00.000Z`,
      invoice_number: Rng.forKey(seed, 'dintero', aid, 'invoice', ym(year, month)).digits(8),
      status: 'final',
      currency: BILLING_CURRENCY,
      amount,
      vat_amount,
      total_amount: amount + vat_amount,
      lines,
    });
  }
  return out;
}

/**
 * `GET /v1/accounts/{aid}/billing/reports`: `limit` 1..1000 default 100, `starting_after` = the last item's `id`;
 * a JSON array (reconstructed billing spec). An unknown `starting_after` is a 400 rather than a silent restart.
 */
export function pageById<T extends { id: string }>(all: readonly T[], q: URLSearchParams): { items: T[]; more: boolean } {
  const limit = intParam(q, 'limit', 1, 1000, 100);
  const after = q.get('starting_after');
  let start = 0;
  if (after !== null) {
    const index = all.findIndex((x) => x.id === after);
    if (index < 0) throw badRequest('starting_after does not name an item of this list', [{ path: 'starting_after', message: `unknown id "${after}"` }]);
    start = index + 1;
  }
  return { items: all.slice(start, start + limit), more: all.length > start + limit };
}

const SUBSCRIPTION_TEMPLATES = [
  { namespace: 'checkout', name: 'Dintero Checkout', currency: 'NOK', price_model: 'per_unit', unit: 'transaction', unit_price: 50, status: 'active' },
  { namespace: 'checkout', name: 'Dintero Checkout (Sweden)', currency: 'SEK', price_model: 'per_unit', unit: 'transaction', unit_price: 60, status: 'active' },
  { namespace: 'payouts', name: 'Split payments', currency: 'NOK', price_model: 'tiered', unit: 'payout', unit_price: 500, status: 'active' },
  { namespace: 'insight', name: 'Insight reports', currency: 'NOK', price_model: 'flat', unit: 'month', unit_price: 49_900, status: 'active' },
  { namespace: 'wallets', name: 'Gift cards', currency: 'EUR', price_model: 'per_unit', unit: 'card', unit_price: 15, status: 'active' },
  { namespace: 'checkout', name: 'Dintero Checkout (legacy plan)', currency: 'NOK', price_model: 'flat', unit: 'month', unit_price: 29_900, status: 'cancelled' },
] as const;

/** Six subscriptions per account over four namespaces and three currencies, one of them cancelled, oldest first. */
export function generateSubscriptions(seed: number, aid: string): Subscription[] {
  return SUBSCRIPTION_TEMPLATES.map((t, i) => {
    const rng = Rng.forKey(seed, 'dintero', aid, 'subscription', i);
    const created_at = `${addDays('2024-01-01', i * 45 + rng.int(0, 30))}T10:00:00.000Z`;
    return {
      id: `sub_${rng.hex(16)}`,
      account_id: aid,
      namespace: t.namespace,
      name: t.name,
      status: t.status,
      currency: t.currency,
      created_at,
      cancelled_at: t.status === 'cancelled' ? '2025-06-30T23:59:59.000Z' : null,
      prices: [
        { id: `price_${rng.hex(12)}`, description: t.name, price_model: t.price_model, unit: t.unit, unit_price: t.unit_price, currency: t.currency },
      ],
      dimensions: { account: aid, product: t.namespace },
    };
  });
}

/**
 * `GET /v1/accounts/{aid}/billing/subscriptions` with `namespace` and `currency` filters (changelog 2023-04). The
 * response shape and its `limit`/`starting_after` paging are **inferred**: the reconstructed spec only says "object",
 * so it mirrors the other object-shaped Dintero list, `{items, starting_after}` (report configurations).
 */
export function listSubscriptions(all: readonly Subscription[], q: URLSearchParams): { items: Subscription[]; starting_after?: string } {
  const namespace = q.get('namespace');
  const currency = q.get('currency');
  if (currency !== null && !/^[A-Z]{3}$/.test(currency)) {
    throw badRequest('currency must be an ISO 4217 code', [{ path: 'currency', message: `got "${currency}"` }]);
  }
  const filtered = all.filter((s) => (namespace === null || s.namespace === namespace) && (currency === null || s.currency === currency));
  const { items, more } = pageById(filtered, q);
  const last = items[items.length - 1];
  return more && last ? { items, starting_after: last.id } : { items };
}
