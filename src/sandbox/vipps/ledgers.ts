import { hash32, Rng } from '../core/rng.js';

/** The server's default seed (src/sandbox/server.ts); facts without a seed describe that world. */
export const DEFAULT_VIPPS_SEED = 20_260_101;

/**
 * Well-known sandbox credentials. The merchant's MSN is fixed (not drawn from the seed) so that
 * these stay constants a client can be configured with, whatever the seed.
 */
export const VIPPS_SANDBOX_CREDENTIALS = {
  merchant: {
    clientId: 'sandbox-merchant-client',
    clientSecret: 'sandbox-merchant-secret',
    subscriptionKey: 'sandbox-merchant-subscription-key',
    merchantSerialNumber: '654321',
  },
  accounting: {
    clientId: 'sandbox-accounting-client',
    clientSecret: 'sandbox-accounting-secret',
  },
} as const;

export type Currency = 'NOK' | 'DKK' | 'EUR';
export type Country = 'NO' | 'DK' | 'FI';
/** `api`: ePayment/eCom sales unit (`api:<MSN>`); `vm`: Vippsnummer/MyShop (`NO:<n>`...); `mpos`: mPOS terminal unit. */
export type SalesUnitKind = 'api' | 'vm' | 'mpos';
export type Solution = 'VARIABLE_AMOUNT' | 'SHOPPING_BASKET' | 'MPOS';
export type PayoutSchedule = 'daily' | 'weekly' | 'monthly';

interface LedgerTemplate {
  name: string;
  slug: string;
  currency: Currency;
  country: Country;
  kind: SalesUnitKind;
  /** null: no Sales API data (the Sales API covers Vippsnummer and mPOS only, docs/upstreams/vipps-sales.md). */
  solution: Solution | null;
  salesCategory: string | null;
  payout: PayoutSchedule;
  /** Captures per day [min, max] on ordinary days and on busy days (Fri-Sun). */
  perDay: [number, number];
  perBusyDay: [number, number];
  /** Capture amount range in minor units, for sales without order lines. */
  amount: [number, number];
  /** Capture fee in basis points of the amount. */
  feeBp: number;
  refundRate: number;
  /** Uses the 2023 spelling `scheduled-for-payout` on some payout days (docs/upstreams/vipps-report.md, naming drift). */
  oldPayoutSpelling?: boolean;
  /** Emits the occasional brand-new entry type `adjustment-2027`. */
  unknownEntryTypes?: boolean;
  /** Share of mPOS sales paid in cash (Sales API only, no pspReference). */
  cashRate?: number;
  /** Fixed MSN (the merchant credentials' sales unit); others are drawn from the seed. */
  fixedMsn?: string;
  /**
   * Now and then (once in every `everyDays` dates) a correction of `amount` minor units (drawn from
   * the range) takes the balance below zero: no payout until the sales have made it good again, and
   * the dates stay open meanwhile (docs/upstreams/vipps-report.md: negative balance, 60+ days).
   */
  negativeSpell?: { everyDays: number; amount: [number, number] };
  /**
   * Share of refunds booked under their capture's pspReference (a card terminal refunding the
   * original transaction): a capture and its refund then share one pspReference on the Report
   * and Sales APIs, and only `entryType` tells their sales events apart.
   */
  refundsSharePsp?: number;
  /**
   * Minutes after local midnight at which the ledger's dates begin: the Report API page documents
   * that a ledger date can be configured to other cutoffs, "such as 04:00 to 04:00". Midnight when
   * absent. The API does not tell a client which cutoff a ledger has.
   */
  dateCutoffMinutes?: number;
  /**
   * Joint settlement (the Report API FAQ: several MSNs settled in one ledger, e.g. a point of sale
   * in many stores): the names of the further sales units this ledger settles besides its own.
   * Each sale belongs to one of the units, drawn from its reference.
   */
  jointUnits?: readonly string[];
}

const TEMPLATES: readonly LedgerTemplate[] = [
  {
    name: 'Fjordkaffe Nettbutikk',
    slug: 'fjordkaffe',
    currency: 'NOK',
    country: 'NO',
    kind: 'api',
    solution: null,
    salesCategory: null,
    payout: 'daily',
    perDay: [30, 80],
    perBusyDay: [60, 120],
    amount: [9_900, 129_900],
    feeBp: 240,
    refundRate: 0.04,
    unknownEntryTypes: true,
    fixedMsn: VIPPS_SANDBOX_CREDENTIALS.merchant.merchantSerialNumber,
  },
  {
    name: 'Bakeriet på Torget',
    slug: 'bakeriet',
    currency: 'NOK',
    country: 'NO',
    kind: 'vm',
    solution: 'SHOPPING_BASKET',
    salesCategory: 'FOOD_AND_BEVERAGE',
    payout: 'daily',
    perDay: [900, 1300],
    perBusyDay: [2_560, 2_950],
    amount: [0, 0],
    feeBp: 175,
    refundRate: 0.02,
  },
  {
    name: 'Nordlys Energi',
    slug: 'nordlys',
    currency: 'NOK',
    country: 'NO',
    kind: 'api',
    solution: null,
    salesCategory: null,
    payout: 'monthly',
    perDay: [30, 60],
    perBusyDay: [30, 60],
    amount: [2_000_000, 20_000_000],
    feeBp: 99,
    refundRate: 0.01,
  },
  {
    name: 'Hyggelig Kiosk',
    slug: 'hyggelig',
    currency: 'DKK',
    country: 'DK',
    kind: 'vm',
    solution: 'VARIABLE_AMOUNT',
    salesCategory: 'RETAIL',
    payout: 'daily',
    perDay: [40, 120],
    perBusyDay: [90, 180],
    amount: [1_500, 45_000],
    feeBp: 100,
    refundRate: 0.03,
    oldPayoutSpelling: true,
    unknownEntryTypes: true,
  },
  {
    name: 'Kahvila Helmi',
    slug: 'helmi',
    currency: 'EUR',
    country: 'FI',
    kind: 'mpos',
    solution: 'MPOS',
    salesCategory: 'CAFE',
    payout: 'daily',
    perDay: [60, 150],
    perBusyDay: [120, 220],
    amount: [0, 0],
    feeBp: 150,
    refundRate: 0.02,
    cashRate: 0.1,
    refundsSharePsp: 0.5,
  },
  {
    name: 'Sentrum Sykkelverksted',
    slug: 'sentrum',
    currency: 'NOK',
    country: 'NO',
    kind: 'mpos',
    solution: 'MPOS',
    salesCategory: null,
    payout: 'weekly',
    perDay: [10, 40],
    perBusyDay: [20, 50],
    amount: [0, 0],
    feeBp: 150,
    refundRate: 0.03,
    cashRate: 0.15,
  },
  {
    name: 'Strandbar Aarhus',
    slug: 'strandbar',
    currency: 'DKK',
    country: 'DK',
    kind: 'api',
    solution: null,
    salesCategory: null,
    payout: 'daily',
    perDay: [5, 20],
    perBusyDay: [15, 40],
    amount: [4_500, 60_000],
    feeBp: 145,
    refundRate: 0.03,
  },
  {
    name: 'Kirpputori Kallio',
    slug: 'kallio',
    currency: 'EUR',
    country: 'FI',
    kind: 'vm',
    solution: 'VARIABLE_AMOUNT',
    salesCategory: null,
    payout: 'daily',
    perDay: [0, 5],
    perBusyDay: [0, 8],
    amount: [200, 6_000],
    feeBp: 100,
    refundRate: 0.02,
    negativeSpell: { everyDays: 45, amount: [250_000, 400_000] },
  },
  // A kiosk chain open late: its dates run 04:00 to 04:00, and the terminals of its two stores
  // (two MSNs) are settled jointly in this one ledger. Last in the list so that the ledgers above
  // keep the ids and data they were drawn with.
  {
    name: 'Døgnkiosken Grünerløkka',
    slug: 'dognkiosk',
    currency: 'NOK',
    country: 'NO',
    kind: 'mpos',
    solution: 'MPOS',
    salesCategory: 'RETAIL',
    payout: 'daily',
    perDay: [150, 250],
    perBusyDay: [250, 400],
    amount: [0, 0],
    feeBp: 150,
    refundRate: 0.03,
    cashRate: 0.05,
    dateCutoffMinutes: 240,
    jointUnits: ['Døgnkiosken Majorstuen'],
  },
];

export interface SchemeId {
  scheme: string;
  id: string;
}

/**
 * Where a ledger date begins and ends: "midnight to midnight in the timezone of the merchant"
 * (seed 000 (docs/upstreams/vipps-report.md)), the merchant's country giving the zone.
 */
export const TIME_ZONES: Record<Country, string> = {
  NO: 'Europe/Oslo',
  DK: 'Europe/Copenhagen',
  FI: 'Europe/Helsinki',
};

export interface SandboxSalesUnit {
  name: string;
  /** `api:<MSN>` or `NO:/DK:/FI:<VM number>`. */
  recipientHandle: string;
  /** MSN or VM number, the number in the handle. */
  unitNumber: string;
}

export interface WorldLedger extends LedgerTemplate {
  /** IANA zone of the ledger's dates. */
  timeZone: string;
  /** Minutes after local midnight at which its dates begin (0: midnight to midnight). */
  dateCutoffMinutes: number;
  /** Every sales unit the ledger settles: its own first, then the jointly settled ones. */
  units: SandboxSalesUnit[];
  /** Position in the world; also the digit that keeps generated pspReferences unique per ledger. */
  index: number;
  ledgerId: string;
  /** `api:<MSN>` or `NO:/DK:/FI:<VM number>`. */
  recipientHandle: string;
  /** MSN or VM number, the number in the handle. */
  unitNumber: string;
  owner: SchemeId;
  payoutBankAccount: SchemeId;
}

const ORG_SCHEME: Record<Country, string> = {
  NO: 'business:NO:ORG',
  DK: 'business:DK:CVR',
  FI: 'business:FI:Y-tunnus',
};

/** The ledgers of a seed, sorted by ledgerId (the order the ledger list pages in). */
export function buildLedgers(seed: number): WorldLedger[] {
  const rng = Rng.forKey(seed, 'vipps', 'world');
  const usedIds = new Set<string>();
  const ledgers = TEMPLATES.map((t, index): WorldLedger => {
    let ledgerId = rng.digits(6);
    while (usedIds.has(ledgerId)) ledgerId = rng.digits(6);
    usedIds.add(ledgerId);
    const unitNumber = t.fixedMsn ?? (t.kind === 'vm' ? rng.digits(t.country === 'NO' ? 6 : 5) : rng.digits(6));
    const recipientHandle = t.kind === 'vm' ? `${t.country}:${unitNumber}` : `api:${unitNumber}`;
    const orgId = t.country === 'NO' ? rng.digits(9) : t.country === 'DK' ? rng.digits(8) : `${rng.digits(7)}-${rng.int(0, 9)}`;
    const account = t.country === 'NO' ? rng.digits(11) : t.country === 'DK' ? rng.digits(14) : rng.digits(14);
    // Drawn after the ledger's own numbers, so ledgers without joint units draw as before.
    const units: SandboxSalesUnit[] = [{ name: t.name, recipientHandle, unitNumber }];
    for (const name of t.jointUnits ?? []) {
      const n = t.kind === 'vm' ? rng.digits(t.country === 'NO' ? 6 : 5) : rng.digits(6);
      units.push({ name, recipientHandle: t.kind === 'vm' ? `${t.country}:${n}` : `api:${n}`, unitNumber: n });
    }
    return {
      ...t,
      timeZone: TIME_ZONES[t.country],
      dateCutoffMinutes: t.dateCutoffMinutes ?? 0,
      units,
      index,
      ledgerId,
      recipientHandle,
      unitNumber,
      owner: { scheme: ORG_SCHEME[t.country], id: orgId },
      payoutBankAccount: { scheme: `BBAN:${t.country}`, id: account },
    };
  });
  return ledgers.sort((a, b) => a.ledgerId.localeCompare(b.ledgerId));
}

/** The ledger object of `GET /settlement/v1/ledgers` (vipps-report-api.reconstructed-current.yaml, Ledger). */
export function ledgerJson(l: WorldLedger): Record<string, unknown> {
  return {
    ledgerId: l.ledgerId,
    currency: l.currency,
    payoutBankAccount: l.payoutBankAccount,
    owner: l.owner,
    settlesForRecipientHandles: l.units.map((u) => u.recipientHandle),
    salesUnits: l.units.map((u) => ({ name: u.name, recipientHandle: u.recipientHandle, businessIdentifier: l.owner })),
  };
}

/**
 * The date cutoffs of a seed's ledgers that do not run midnight to midnight, minutes by ledgerId:
 * what a merchant tells its accounting partner (the Report API does not), for the gateway's
 * configuration in sandbox mode.
 */
export function vippsSandboxDateCutoffs(seed: number = DEFAULT_VIPPS_SEED): Record<string, number> {
  const cutoffs: Record<string, number> = {};
  for (const l of buildLedgers(seed)) if (l.dateCutoffMinutes !== 0) cutoffs[l.ledgerId] = l.dateCutoffMinutes;
  return cutoffs;
}

/** Whether the ledger settles this recipient handle (any of its units, joint settlement included). */
export function settlesFor(l: WorldLedger, recipientHandle: string): boolean {
  return l.units.some((u) => u.recipientHandle === recipientHandle);
}

/** The sales unit a sale belongs to: drawn from its reference, so its capture, refund and fee agree. */
export function unitOfSale(l: WorldLedger, reference: string): SandboxSalesUnit {
  if (l.units.length === 1) return l.units[0] as SandboxSalesUnit;
  return l.units[hash32(`unit|${reference}`) % l.units.length] as SandboxSalesUnit;
}
