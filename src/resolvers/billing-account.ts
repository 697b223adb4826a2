import type { Context } from '../context.js';
import { mayUseDinteroAccount } from '../auth/clients.js';
import { TallyError } from '../domain/errors.js';
import type { CallContext } from '../sources/model.js';
import type { DinteroAccount, DinteroClient } from '../sources/dintero/index.js';
import type { BillingAccount, Instant } from '../sources/dintero/model.js';
import { builder } from './builder.js';
import { maxLength, DINTERO_ACCOUNT_ID_LENGTH } from './string-limits.js';

export const dinteroCall = (ctx: Context): CallContext => ({ meter: ctx.meter, signal: ctx.signal });

/**
 * A Dintero time for a `DateTime` field: the instant, or the field's own error when Dintero sent
 * something that is not one (the source keeps it as a TallyError naming the item and field), so
 * only that field fails and the rest of the item and the list stay.
 */
export function dinteroInstant(value: Instant): string;
export function dinteroInstant(value: Instant | null): string | null;
export function dinteroInstant(value: Instant | null): string | null {
  if (value instanceof TallyError) throw value;
  return value;
}

/**
 * Who is calling, as a stable id: the authenticated client of the request (src/auth), by the SHA-256
 * of its API key where it has one (`key:<digest>`, stable across renames in TALLY_CLIENTS), else by
 * its name (`anonymous` in the sandbox). Idempotency records of writes belong to it, so one client
 * can never replay another's.
 */
export function callerId(ctx: Context): string {
  return ctx.client.keySha256 ? `key:${ctx.client.keySha256}` : ctx.client.name;
}

export function dinteroSource(ctx: Context): DinteroClient {
  const source = ctx.sources.dintero;
  if (!source)
    throw new TallyError('UPSTREAM_UNAVAILABLE', 'Dintero is not configured on this gateway (set DINTERO_ACCOUNTS).', {
      source: 'dintero',
    });
  return source;
}

/** The account's client; a malformed id is BAD_USER_INPUT and an unconfigured one FORBIDDEN, both before any upstream call. */
export function dinteroAccount(ctx: Context, accountId: string, argument = 'accountId'): DinteroAccount {
  const account = dinteroSource(ctx).account(accountId, argument);
  // An account outside the client's grant does not exist for it (README, "Clients and grants").
  if (!mayUseDinteroAccount(ctx.client, accountId))
    throw new TallyError('NOT_FOUND', `No Dintero account ${accountId} is visible to these credentials.`, { details: { argument } });
  return account;
}

/** `<accountId>:<upstream id>`, the inner part of the global ids of everything that lives in one Dintero account. */
export function accountScopedKey(accountId: string, id: string): string {
  return `${accountId}:${id}`;
}

/** The account client and upstream id of an account-scoped key, or null when the key is not one this gateway can read. */
export function parseAccountScopedKey(ctx: Context, key: string): { account: DinteroAccount; id: string } | null {
  const colon = key.indexOf(':');
  if (colon < 0 || !ctx.sources.dintero || !mayUseDinteroAccount(ctx.client, key.slice(0, colon))) return null;
  try {
    return { account: ctx.sources.dintero.account(key.slice(0, colon)), id: key.slice(colon + 1) };
  } catch {
    return null;
  }
}

export const DinteroEnvironmentEnum = builder.enumType('DinteroEnvironment', {
  description:
    'Whether a Dintero account moves real money. The account id says so: `T...` is a test account, `P...` a production account (same API host).',
  values: {
    TEST: { description: 'A test account (`T` + 8 digits): no real money.' },
    PRODUCTION: { description: 'A production account (`P` + 8 digits): real settlements and payouts.' },
  } as const,
});

export const BillingAccountRef = builder.node(builder.objectRef<BillingAccount>('BillingAccount'), {
  description:
    'A Dintero account (Dintero Billing API): its settlements from payment providers, the payout rules that split them, its costs and invoices from Dintero, and where settlement reports are e-mailed. Reachable only for accounts this gateway holds API client credentials for.',
  id: { resolve: (a) => a.accountId },
  loadOne: (key, ctx) => {
    try {
      return dinteroAccount(ctx, key).account;
    } catch {
      return null;
    }
  },
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'environment' in v && 'accountId' in v && !('id' in v),
  fields: (t) => ({
    accountId: t.exposeString('accountId', {
      description: "Dintero's account id (`aid`): `T` or `P` followed by 8 digits, e.g. `T12345678`.",
    }),
    environment: t.field({
      type: DinteroEnvironmentEnum,
      description: "Test or production, from the account id's prefix.",
      resolve: (a) => a.environment,
    }),
    isTest: t.boolean({
      description: 'True for a test account (`T...`): its money is not real.',
      resolve: (a) => a.environment === 'TEST',
    }),
  }),
});

builder.queryField('billingAccount', (t) =>
  t.field({
    type: BillingAccountRef,
    nullable: true,
    description:
      'One Dintero account by its account id. A malformed id is a `BAD_USER_INPUT` error and an account without configured credentials a `FORBIDDEN` error, both before anything is asked upstream.',
    args: {
      accountId: t.arg.string({
        required: true,
        description: 'The Dintero account id, `T` (test) or `P` (production) followed by 8 digits, e.g. `T12345678`.',
        ...maxLength(DINTERO_ACCOUNT_ID_LENGTH),
      }),
    },
    resolve: (_root, args, ctx) => dinteroAccount(ctx, args.accountId).account,
  }),
);

builder.queryField('billingAccounts', (t) =>
  t.field({
    type: [BillingAccountRef],
    description:
      'Every Dintero account this gateway holds credentials for and this API key is granted, in configuration order. Empty when Dintero is not configured.',
    resolve: (_root, _args, ctx) => (ctx.sources.dintero?.accounts() ?? []).filter((a) => mayUseDinteroAccount(ctx.client, a.accountId)),
  }),
);
