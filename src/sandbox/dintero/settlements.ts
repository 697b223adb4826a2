import { addDays, daysBetween, isValidDate } from '../core/clock.js';
import { Rng } from '../core/rng.js';
import { badRequest } from './errors.js';

/** `SettlementItem.attachments[]` (swagger2 `definitions/SettlementItem`). */
export interface SettlementAttachment {
  id: string;
  key: string;
  content_type: string;
  extension: FileType;
  created_by: string;
}

/** `SettlementItem.amounts[]`: one per currency, integer minor units. */
export interface SettlementAmount {
  amount: number;
  capture: number;
  refund: number;
  fee: number;
  currency: string;
}

export interface Settlement {
  id: string;
  start_at: string;
  end_at: string;
  created_at: string;
  updated_at: string;
  /** null until paid out (`payment_status: postponed`); dintero quirk 1 (docs/upstreams/dintero.md) pages over these by `created_at`. */
  settled_at: string | null;
  email_received_at: string;
  provider: string;
  provider_reference: string;
  attachments: SettlementAttachment[];
  amounts: SettlementAmount[];
  payment_status: 'paid' | 'postponed';
  /** Absent unless every transaction shares it (swagger2 `SettlementItem.store_id`). */
  store_id?: string;
  /** Absent unless every transaction shares it (swagger2 `SettlementItem.payout_destination_id`). */
  payout_destination_id?: string;
}

/**
 * A line of the settlement report files. The field names follow the JSON settlement report a real client reads
 * (docs/upstreams/dintero.md "Attachment download", client-observed, not in any spec), plus `type` and `currency`.
 * A refund is its own row repeating the capture's `transaction_id` (dintero quirk 7 (docs/upstreams/dintero.md)).
 */
export interface SettlementTransaction {
  transaction_id: string;
  reference: string;
  merchant_reference_2: string;
  transaction_date: string;
  type: 'capture' | 'refund';
  payment_product_type: string;
  card_brand: string;
  currency: string;
  capture: number;
  refund: number;
  fee: number;
  amount: number;
}

export interface GeneratedSettlement {
  item: Settlement;
  transactions: SettlementTransaction[];
}

export type FileType = 'pdf' | 'xml' | 'csv';

export const FILE_CONTENT_TYPES: Record<FileType, string> = {
  pdf: 'application/pdf',
  xml: 'application/xml',
  csv: 'text/csv',
};

interface ProviderProfile {
  currencies: string[];
  /**
   * dintero quirk 5 (docs/upstreams/dintero.md): the spec documents `amount = capture - refund - fee` with positive fees, while the live API was
   * seen sending `fee` negative. Both signs occur here, fixed per provider, so a client that assumes one breaks.
   */
  feeSign: 1 | -1;
  feeRate: number;
  product: string;
  cards: boolean;
  periodDays: number;
  files: FileType[];
}

export const PROVIDERS: Record<string, ProviderProfile> = {
  payex: {
    currencies: ['NOK', 'SEK', 'DKK', 'EUR'],
    feeSign: -1,
    feeRate: 0.019,
    product: 'payex.creditcard',
    cards: true,
    periodDays: 1,
    files: ['xml', 'pdf'],
  },
  vipps: { currencies: ['NOK', 'DKK'], feeSign: 1, feeRate: 0.0175, product: 'vipps', cards: false, periodDays: 1, files: ['csv', 'pdf'] },
  collector: {
    currencies: ['NOK', 'SEK', 'EUR'],
    feeSign: 1,
    feeRate: 0.029,
    product: 'collector.invoice',
    cards: false,
    periodDays: 7,
    files: ['pdf', 'xml'],
  },
  bambora: {
    currencies: ['NOK', 'SEK', 'DKK', 'EUR'],
    feeSign: -1,
    feeRate: 0.0145,
    product: 'bambora.creditcard',
    cards: true,
    periodDays: 1,
    files: ['csv'],
  },
  swish: { currencies: ['SEK'], feeSign: 1, feeRate: 0.01, product: 'swish.swish', cards: false, periodDays: 1, files: ['csv', 'pdf'] },
};
const PROVIDER_NAMES = Object.keys(PROVIDERS);

/** Stores and sellers per account; a settlement names one only when all its transactions share it. */
export const ACCOUNT_PROFILES: Record<string, { stores: string[]; payoutDestinations: string[]; providerOffset: number }> = {
  T12345678: { stores: ['oslo-sentrum', 'bergen-bryggen', 'webshop'], payoutDestinations: ['PD001', 'PD002', 'PD003'], providerOffset: 0 },
  P87654321: {
    stores: ['stockholm-1', 'goteborg-2', 'kobenhavn-1', 'webshop'],
    payoutDestinations: ['PD101', 'PD102', 'PD103', 'PD104'],
    providerOffset: 2,
  },
};

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const at = (date: string, minutes: number) => new Date(Date.parse(`${date}T00:00:00Z`) + minutes * 60_000).toISOString();

/**
 * Settlements are anchored to fixed dates, as real payouts are: the n-th settlement of an account since
 * SETTLEMENT_EPOCH is paid out on a fixed day (two a day, so several share a `settled_at` and the id tie-break
 * is exercised) and draws everything else from its own stream (seed, account, n). So an id names the same
 * settlement, with the same `settled_at`, whatever day the sandbox runs on; only which settlements exist moves
 * with "today": the `count` most recent whose payout day has passed, newest first.
 */
export const SETTLEMENT_EPOCH = '2024-01-01';

export function generateSettlements(seed: number, accountId: string, count: number, today: string): GeneratedSettlement[] {
  const profile = ACCOUNT_PROFILES[accountId];
  if (!profile) return [];
  // Ordinals 2d and 2d+1 are paid on EPOCH + d; the newest listed is the later one of yesterday.
  const newest = 2 * daysBetween(SETTLEMENT_EPOCH, addDays(today, -1)) + 1;
  const out: GeneratedSettlement[] = [];
  for (let n = newest; n > newest - count && n >= 0; n--) out.push(generateOne(seed, accountId, profile, n, today));
  return out;
}

function generateOne(
  seed: number,
  accountId: string,
  account: { stores: string[]; payoutDestinations: string[]; providerOffset: number },
  n: number,
  today: string,
): GeneratedSettlement {
  const rng = Rng.forKey(seed, 'dintero', accountId, 'settlement', n);
  const id = rng.uuid();
  // Rotation rather than a draw: every provider (and so both fee signs) occurs in any 5 consecutive settlements.
  const provider = PROVIDER_NAMES[(n * 3 + account.providerOffset) % PROVIDER_NAMES.length] as string;
  const p = PROVIDERS[provider] as ProviderProfile;

  const payoutDate = addDays(SETTLEMENT_EPOCH, Math.floor(n / 2));
  const endDate = addDays(payoutDate, -2);
  const startDate = addDays(endDate, -(p.periodDays - 1));
  const createdMinutes = 5 * 60 + rng.int(0, 180);
  const created_at = at(payoutDate, createdMinutes);
  const email_received_at = at(payoutDate, createdMinutes - rng.int(1, 20));
  // Recent payouts are sometimes still postponed (paid a few days later), and some stay postponed for good.
  // Drawn whatever today is, so the rest of this settlement's stream (and so its content) never depends on the day.
  const delayed = rng.chance(0.5);
  const postponed = (daysBetween(payoutDate, today) <= 2 && delayed) || n % 37 === 20;

  const currencies = [rng.chance(0.6) ? (p.currencies[0] as string) : rng.pick(p.currencies)];
  if ((n % 20 === 3 || n % 20 === 4) && p.currencies.length > 1) {
    currencies.push(rng.pick(p.currencies.filter((c) => c !== currencies[0])));
  }
  const storeId = rng.chance(0.85) ? rng.pick(account.stores) : undefined;
  const payoutDestinationId = rng.chance(0.8) ? rng.pick(account.payoutDestinations) : undefined;

  const transactions: SettlementTransaction[] = [];
  const amounts: SettlementAmount[] = [];
  for (const currency of currencies) {
    const scale = currency === 'EUR' ? 10 : 1;
    let capture = 0;
    let refund = 0;
    let fee = 0;
    const n = rng.int(2, 8);
    for (let t = 0; t < n; t++) {
      let txId = `${accountId}.`;
      while (txId.length < 32) txId += BASE62[rng.int(0, 61)];
      const order = rng.digits(6);
      const woo = rng.chance(0.3);
      const txDate = at(addDays(startDate, rng.int(0, p.periodDays - 1)), rng.int(6 * 60, 23 * 60));
      const base = {
        transaction_id: txId,
        reference: woo ? `dwc${rng.hex(10)}` : order,
        merchant_reference_2: woo ? order : '',
        transaction_date: txDate,
        payment_product_type: p.product,
        card_brand: p.cards ? rng.pick(['Visa', 'MasterCard']) : '',
        currency,
      };
      const c = Math.round(rng.int(4_900, 249_900) / scale);
      const f = Math.round(c * p.feeRate) + Math.round(100 / scale);
      transactions.push({ ...base, type: 'capture', capture: c, refund: 0, fee: p.feeSign * f, amount: c - f });
      capture += c;
      fee += f;
      if (rng.chance(0.15)) {
        const r = rng.int(1, c);
        transactions.push({ ...base, type: 'refund', capture: 0, refund: r, fee: 0, amount: -r });
        refund += r;
      }
    }
    amounts.push({ amount: capture - refund - fee, capture, refund, fee: p.feeSign * fee, currency });
  }

  const providerReference =
    provider === 'vipps'
      ? rng.digits(7)
      : provider === 'collector'
        ? `ST-${rng.digits(8)}`
        : provider === 'bambora'
          ? `BAM${rng.digits(9)}`
          : provider === 'swish'
            ? `SW${payoutDate.replaceAll('-', '')}${rng.digits(4)}`
            : rng.digits(10);
  const attachments = p.files.map((extension) => ({
    id: rng.uuid(),
    key: `settlements/${accountId}/${id}/${provider}-${providerReference}.${extension}`,
    content_type: FILE_CONTENT_TYPES[extension],
    extension,
    // swagger2: "Might be created by dintero, or might be created by the providers".
    created_by: extension === 'pdf' ? 'dintero' : provider,
  }));

  const item: Settlement = {
    id,
    start_at: `${startDate}T00:00:00.000Z`,
    end_at: `${endDate}T23:59:59.000Z`,
    created_at,
    updated_at: created_at,
    settled_at: postponed ? null : `${payoutDate}T00:00:00.000Z`,
    email_received_at,
    provider,
    provider_reference: providerReference,
    attachments,
    amounts,
    payment_status: postponed ? 'postponed' : 'paid',
  };
  if (storeId) item.store_id = storeId;
  if (payoutDestinationId) item.payout_destination_id = payoutDestinationId;
  return { item, transactions };
}

export interface LastEvaluatedKey {
  id: string;
  account_id: string;
  settled_at: string | null;
  created_at: string;
}

export interface SettlementPage {
  items: Settlement[];
  last_evaluated_key?: LastEvaluatedKey;
}

/**
 * `GET /v1/accounts/{aid}/settlements` (swagger2 `aid_settlements_list`, reconstructed billing spec, docs/upstreams/dintero.md
 * #1-#3). The one stable order: by the paging date descending, then `id` descending, where the paging date is
 * `settled_at` (falling back to `created_at` while `settled_at` is null) - or `created_at` whenever an
 * `item_created_at.*` filter is present. The cursor (`starting_after_id` + `starting_after_date`) is an exclusive
 * DynamoDB-style start key: the page holds the items strictly after (date, id) in that order, so it resumes
 * correctly even when the item it names has since gone.
 */
export function listSettlements(all: readonly Settlement[], accountId: string, q: URLSearchParams): SettlementPage {
  const limit = intParam(q, 'limit', 1, 1000, 10);
  const afterId = q.get('starting_after_id');
  const afterDate = q.get('starting_after_date');
  if ((afterId === null) !== (afterDate === null)) {
    throw badRequest('starting_after_id and starting_after_date must be used together', [
      { path: afterId === null ? 'starting_after_id' : 'starting_after_date', message: 'required with its pair' },
    ]);
  }
  const cursorTime = afterDate === null ? null : dateParam('starting_after_date', afterDate, 'start');

  for (const bound of ['gte', 'lte']) {
    if (q.has(`created_at.${bound}`) && q.has(`item_created_at.${bound}`)) {
      throw badRequest(`created_at.${bound} cannot be combined with item_created_at.${bound}`, [
        { path: `item_created_at.${bound}`, message: `not combinable with created_at.${bound}` },
      ]);
    }
  }
  const settledGte = optionalDate(q, 'created_at.gte', 'start');
  const settledLte = optionalDate(q, 'created_at.lte', 'end');
  const createdGte = optionalDate(q, 'item_created_at.gte', 'start');
  const createdLte = optionalDate(q, 'item_created_at.lte', 'end');
  const byCreated = q.has('item_created_at.gte') || q.has('item_created_at.lte');
  const providers = q.getAll('payment_provider');
  const payoutDestination = q.get('payout_destination_id');
  const search = q.get('search')?.toLowerCase();

  const pagingTime = (s: Settlement) => Date.parse(byCreated ? s.created_at : (s.settled_at ?? s.created_at));
  const filtered = all.filter((s) => {
    if (settledGte !== null || settledLte !== null) {
      // created_at.* filter on settled_at (dintero quirk 2 (docs/upstreams/dintero.md)); an unpaid settlement has none and cannot match.
      if (s.settled_at === null) return false;
      const t = Date.parse(s.settled_at);
      if (settledGte !== null && t < settledGte) return false;
      if (settledLte !== null && t > settledLte) return false;
    }
    const created = Date.parse(s.created_at);
    if (createdGte !== null && created < createdGte) return false;
    if (createdLte !== null && created > createdLte) return false;
    if (providers.length > 0 && !providers.includes(s.provider)) return false;
    if (payoutDestination !== null && s.payout_destination_id !== payoutDestination) return false;
    if (search && !s.id.toLowerCase().includes(search)) return false;
    return true;
  });
  const keyed = filtered
    .map((s) => ({ s, t: pagingTime(s) }))
    .sort((a, b) => b.t - a.t || (a.s.id < b.s.id ? 1 : a.s.id > b.s.id ? -1 : 0));
  const rest =
    cursorTime === null || afterId === null ? keyed : keyed.filter(({ s, t }) => t < cursorTime || (t === cursorTime && s.id < afterId));
  const items = rest.slice(0, limit).map(({ s }) => s);
  const last = items[items.length - 1];
  if (rest.length <= limit || !last) return { items };
  return {
    items,
    last_evaluated_key: { id: last.id, account_id: accountId, settled_at: last.settled_at, created_at: last.created_at },
  };
}

/** An integer query parameter within the spec's bounds; anything else is the 400 envelope. */
export function intParam(q: URLSearchParams, name: string, min: number, max: number, fallback?: number): number {
  const raw = q.get(name);
  if (raw === null || raw === '') {
    if (fallback === undefined) throw badRequest(`${name} is required`, [{ path: name, message: 'required' }]);
    return fallback;
  }
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw) || n < min || n > max) {
    throw badRequest(`${name} must be an integer between ${min} and ${max}`, [{ path: name, message: `got "${raw}"` }]);
  }
  return n;
}

function optionalDate(q: URLSearchParams, name: string, side: 'start' | 'end'): number | null {
  const raw = q.get(name);
  return raw === null ? null : dateParam(name, raw, side);
}

/**
 * A date (`YYYY-MM-DD`, the swagger2 `format: date` of `created_at.*`; inclusive of the whole day) or a full ISO
 * date-time (what `last_evaluated_key` carries and what `item_created_at.*` accepts), as epoch milliseconds.
 */
function dateParam(name: string, raw: string, side: 'start' | 'end'): number {
  if (isValidDate(raw)) return Date.parse(`${raw}T${side === 'start' ? '00:00:00.000' : '23:59:59.999'}Z`);
  const t = Date.parse(raw);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw) && !Number.isNaN(t)) return t;
  throw badRequest(`${name} must be a date (YYYY-MM-DD) or an ISO 8601 date-time`, [{ path: name, message: `got "${raw}"` }]);
}
