import { addDays, isValidDate } from '../core/clock.js';
import { Rng } from '../core/rng.js';
import { badRequest } from './errors.js';
import { intParam } from './settlements.js';

/*
 * Costs, billing reports and subscriptions, in exactly the shapes the user's seed
 * seed 001 (docs/upstreams/dintero.md) publishes (docs/upstreams/dintero.md): costs and
 * subscriptions answer a bare JSON array, billing reports an envelope `{starting_after, reports}`.
 * Cost totals and prices are decimal numbers in major units, finer than a minor unit (the seed's
 * `0.0125`); here they are counted in integer ten-thousandths and written as JSON numbers whose
 * text is exact, never computed in floating point.
 */

/** Prices are counted in ten-thousandths of a major unit: 125 is 0.0125. */
const PRICE_SCALE = 4;

interface Metric {
  namespace: string;
  metric: string;
  dimensions: Array<{ name: string; value: string }>;
  currency: string;
  /** Ten-thousandths of a major unit per counted unit. */
  price: number;
  perDay: readonly [number, number];
}

/** What Dintero bills an account for (names and prices illustrative; the seed's example is 0.0125 NOK per Vipps capture). */
const METRICS: readonly Metric[] = [
  {
    namespace: 'checkout',
    metric: 'capture',
    dimensions: [{ name: 'payment_product_type', value: 'vipps' }],
    currency: 'NOK',
    price: 125,
    perDay: [40, 380],
  },
  {
    namespace: 'checkout',
    metric: 'capture',
    dimensions: [{ name: 'payment_product_type', value: 'payex.creditcard' }],
    currency: 'NOK',
    price: 250,
    perDay: [20, 200],
  },
  { namespace: 'checkout', metric: 'refund', dimensions: [], currency: 'NOK', price: 10_000, perDay: [0, 25] },
  { namespace: 'payout', metric: 'transfer', dimensions: [], currency: 'NOK', price: 35_000, perDay: [0, 3] },
];

const typeOf = (m: Metric) => `${m.namespace}/${m.metric}`;
const PLAN_ID = 'plan_standard_2024';

/** The exact decimal text of `units` ten-thousandths, as the JSON number a seed example shows (`0.0125`, `0.1`, `12`). */
function decimalNumber(units: number): number {
  const text = String(units).padStart(PRICE_SCALE + 1, '0');
  const whole = text.slice(0, text.length - PRICE_SCALE);
  const frac = text.slice(text.length - PRICE_SCALE).replace(/0+$/, '');
  // Number() of a short decimal text is the double whose shortest text is that same text, so JSON carries it exactly.
  return Number(frac ? `${whole}.${frac}` : whole);
}

/** A price of the seed's shape: `{currency, type: "unit_amount", amount, up_to}`. */
function price(m: Metric) {
  return { currency: m.currency, type: 'unit_amount', amount: decimalNumber(m.price), up_to: 0 };
}

/** `GET /billing/costs` item (seed). */
export interface CostItem {
  id: string;
  start_at: string;
  end_at: string;
  total_count: number;
  total_amount: number;
  total_metric_value: number;
  currency: string;
  namespace: string;
  metric_name: string;
  type: string;
  dimensions: Array<{ name: string; value: string }>;
  plan: { id: string; prices: Array<{ currency: string; type: string; amount: number; up_to: number }> };
}

/** `GET /billing/reports` item (seed). */
export interface BillingReport {
  id: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  start_at: string;
  end_at: string;
}

/** `GET /billing/subscriptions` item (seed). */
export interface Subscription {
  id: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  description: string;
  namespace: string;
  metric_name: string;
  dimensions: Array<{ name: string; value: string }>;
  prices: Array<{ currency: string; type: string; amount: number; up_to: number }>;
}

const monthDays = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const ym = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}`;
const dayStart = (date: string) => `${date}T00:00:00Z`;

/** Closed days only: a day's costs are aggregated once it has ended (today's are not listed yet). One item per metric and day with a count. */
function costsForMonth(seed: number, aid: string, year: number, month: number, today: string): CostItem[] {
  const out: CostItem[] = [];
  for (let day = 1; day <= monthDays(year, month); day++) {
    const date = `${ym(year, month)}-${String(day).padStart(2, '0')}`;
    if (date >= today) break;
    const rng = Rng.forKey(seed, 'dintero', aid, 'costs', date);
    METRICS.forEach((m, i) => {
      const count = rng.int(m.perDay[0], m.perDay[1]);
      const id = `cost_${Rng.forKey(seed, 'dintero', aid, 'cost-id', date, i).hex(20)}`;
      if (count === 0) return;
      out.push({
        id,
        start_at: dayStart(date),
        end_at: dayStart(addDays(date, 1)),
        total_count: count,
        total_amount: decimalNumber(count * m.price),
        total_metric_value: count,
        currency: m.currency,
        namespace: m.namespace,
        metric_name: m.metric,
        type: typeOf(m),
        dimensions: m.dimensions.map((d) => ({ ...d })),
        plan: { id: PLAN_ID, prices: [price(m)] },
      });
    });
  }
  return out;
}

/**
 * `GET /v1/accounts/{aid}/billing/costs` (seed): `year` and `month` required, `limit` 1..1000 default 100,
 * `starting_after` an object id, `type` (e.g. `checkout/capture`), and `date` which requires `type`. Order: by day,
 * then metric. A bare JSON array; the next page starts after the last item's id, and a short page is the last.
 */
export function listCosts(seed: number, aid: string, q: URLSearchParams, today: string, cap?: number): CostItem[] {
  const year = intParam(q, 'year', 2000, 2100);
  const month = intParam(q, 'month', 1, 12);
  const type = q.get('type');
  const date = q.get('date');
  if (date !== null && type === null)
    throw badRequest('date requires type', [{ path: 'date', message: 'only allowed together with type' }]);
  if (date !== null && !isValidDate(date)) throw badRequest('date must be YYYY-MM-DD', [{ path: 'date', message: `got "${date}"` }]);
  const items = costsForMonth(seed, aid, year, month, today).filter(
    (c) => (type === null || c.type === type) && (date === null || c.start_at.startsWith(date)),
  );
  return pageById(items, q, cap).items;
}

export const BILLING_REPORT_MONTHS = 24;

/** The last 24 closed months, newest first. */
export function generateBillingReports(seed: number, aid: string, today: string): BillingReport[] {
  const out: BillingReport[] = [];
  let year = Number(today.slice(0, 4));
  let month = Number(today.slice(5, 7));
  for (let i = 0; i < BILLING_REPORT_MONTHS; i++) {
    const end = `${ym(year, month)}-01`;
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
    const start = `${ym(year, month)}-01`;
    const created = `${addDays(end, 1)}T03:${String(Rng.forKey(seed, 'dintero', aid, 'report', start).int(0, 59)).padStart(2, '0')}:00Z`;
    out.push({
      id: `br_${aid}_${ym(year, month)}`,
      created_at: created,
      created_by: 'dintero-billing',
      updated_at: created,
      start_at: dayStart(start),
      end_at: dayStart(end),
    });
  }
  return out;
}

/**
 * `limit` 1..1000 default 100 and `starting_after` = the id of the item to continue after (seed). An unknown
 * `starting_after` is a 400 rather than a silent restart.
 */
export function pageById<T extends { id: string }>(all: readonly T[], q: URLSearchParams, cap?: number): { items: T[]; more: boolean } {
  const limit = Math.min(intParam(q, 'limit', 1, 1000, 100), cap ?? 1000);
  const after = q.get('starting_after');
  let start = 0;
  if (after !== null) {
    const index = all.findIndex((x) => x.id === after);
    if (index < 0)
      throw badRequest('starting_after does not name an item of this list', [{ path: 'starting_after', message: `unknown id "${after}"` }]);
    start = index + 1;
  }
  return { items: all.slice(start, start + limit), more: all.length > start + limit };
}

/** An envelope list of the seed (`{starting_after, <key>: [...]}`): `starting_after` names the last item while more remain. */
export function envelopePage<T extends { id: string }, K extends string>(
  key: K,
  all: readonly T[],
  q: URLSearchParams,
  cap?: number,
): { starting_after?: string } & Record<K, T[]> {
  const { items, more } = pageById(all, q, cap);
  const last = items[items.length - 1];
  const body = { [key]: items } as Record<K, T[]>;
  return more && last ? { starting_after: last.id, ...body } : body;
}

/** `GET /billing/reports` (seed): `{starting_after, reports}`. */
export function listBillingReports(all: readonly BillingReport[], q: URLSearchParams, cap?: number) {
  return envelopePage('reports', all, q, cap);
}

const SUBSCRIPTION_TEMPLATES: ReadonlyArray<{ metric: Metric; currency: string; amount: number }> = [
  { metric: METRICS[0] as Metric, currency: 'NOK', amount: 0.0125 },
  { metric: METRICS[1] as Metric, currency: 'NOK', amount: 0.025 },
  { metric: METRICS[2] as Metric, currency: 'NOK', amount: 1 },
  { metric: METRICS[3] as Metric, currency: 'NOK', amount: 3.5 },
  { metric: METRICS[0] as Metric, currency: 'SEK', amount: 0.015 },
  { metric: METRICS[3] as Metric, currency: 'EUR', amount: 0.35 },
];

/** Six subscriptions per account over two namespaces and three currencies, oldest first. */
export function generateSubscriptions(seed: number, aid: string): Subscription[] {
  return SUBSCRIPTION_TEMPLATES.map((t, i) => {
    const rng = Rng.forKey(seed, 'dintero', aid, 'subscription', i);
    const created = `${addDays('2024-01-01', i * 45 + rng.int(0, 30))}T10:00:00Z`;
    const m = t.metric;
    return {
      id: `sub_${rng.hex(16)}`,
      created_at: created,
      created_by: 'dintero-onboarding',
      updated_at: created,
      description: typeOf(m),
      namespace: m.namespace,
      metric_name: m.metric,
      dimensions: m.dimensions.map((d) => ({ ...d })),
      prices: [{ currency: t.currency, type: 'unit_amount', amount: t.amount, up_to: 0 }],
    };
  });
}

/** `GET /billing/subscriptions` (seed): `namespace` and `currency` (of the prices) filters; a bare array paged like costs. */
export function listSubscriptions(all: readonly Subscription[], q: URLSearchParams, cap?: number): Subscription[] {
  const namespace = q.get('namespace');
  const currency = q.get('currency');
  if (currency !== null && !/^[A-Z]{3}$/.test(currency)) {
    throw badRequest('currency must be an ISO 4217 code', [{ path: 'currency', message: `got "${currency}"` }]);
  }
  const filtered = all.filter(
    (s) => (namespace === null || s.namespace === namespace) && (currency === null || s.prices.some((p) => p.currency === currency)),
  );
  return pageById(filtered, q, cap).items;
}
