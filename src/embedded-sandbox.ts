import type { Upstreams } from './config.js';
import { addDays, dateIn } from './domain/dates.js';
import { DINTERO_SANDBOX_CREDENTIALS } from './sandbox/dintero/index.js';
import { EASYPAY_SANDBOX_CREDENTIALS } from './sandbox/easypay/index.js';
import { startSandbox, type RunningSandbox, type SandboxOptions } from './sandbox/server.js';
import { VIPPS_SANDBOX_CREDENTIALS, vippsSandboxDateCutoffs, vippsSandboxFacts } from './sandbox/vipps/index.js';
import type { GraphiQLExamples } from './plugins/graphiql-tabs.js';
import { encodeGlobalId } from './resolvers/global-id.js';

/**
 * Upstream settings that point every source at a running sandbox, with the sandbox's well-known
 * credentials (Vipps accounting keys, so the Sales API is reachable too).
 */
export function sandboxUpstreams(origin: string, keyType: 'accounting' | 'merchant' = 'accounting'): Upstreams {
  const v = VIPPS_SANDBOX_CREDENTIALS;
  return {
    vipps:
      keyType === 'accounting'
        ? { baseUrl: `${origin}/vipps`, keyType, clientId: v.accounting.clientId, clientSecret: v.accounting.clientSecret }
        : {
            baseUrl: `${origin}/vipps`,
            keyType,
            clientId: v.merchant.clientId,
            clientSecret: v.merchant.clientSecret,
            subscriptionKey: v.merchant.subscriptionKey,
            merchantSerialNumber: v.merchant.merchantSerialNumber,
          },
    dintero: {
      baseUrl: `${origin}/dintero/v1`,
      accounts: [DINTERO_SANDBOX_CREDENTIALS.test, DINTERO_SANDBOX_CREDENTIALS.production],
    },
    easypay: { baseUrl: `${origin}/easypay/2.0`, ...EASYPAY_SANDBOX_CREDENTIALS },
  };
}

/**
 * The gateway's configuration in sandbox mode for what the Report API does not tell: the date
 * cutoffs of the sandbox's ledgers (a merchant tells its accounting partner), under what the
 * operator configured (`VIPPS_LEDGER_DATE_CUTOFFS` wins).
 */
export function withSandboxDateCutoffs(configured: Readonly<Record<string, number>>, seed?: number): Record<string, number> {
  return { ...vippsSandboxDateCutoffs(seed), ...configured };
}

export async function startEmbeddedSandbox(options: SandboxOptions): Promise<{ sandbox: RunningSandbox; upstreams: Upstreams }> {
  const sandbox = await startSandbox(options);
  return { sandbox, upstreams: sandboxUpstreams(sandbox.origin) };
}

/**
 * Real ids for GraphiQL's example tabs in sandbox mode, so every tab runs as it opens: a
 * Vippsnummer ledger with sales data and yesterday's date.
 */
export function sandboxExamples(seed?: number, now: Date = new Date()): GraphiQLExamples {
  const facts = vippsSandboxFacts(seed, { now });
  const ledger = facts.salesLedgerIds[0] ?? facts.ledgers[0]?.ledgerId;
  if (!ledger) return {};
  // Yesterday in the ledger's own time zone: after 22:00 UTC a Nordic ledger is already on tomorrow.
  const yesterday = addDays(facts.ledgers.find((l) => l.ledgerId === ledger)?.today ?? dateIn(now.getTime(), 'UTC'), -1);
  const id = encodeGlobalId('Ledger', `VIPPS_MOBILEPAY:${ledger}`);
  return { ledgerId: id, salesLedgerId: id, date: yesterday, dinteroAccountId: DINTERO_SANDBOX_CREDENTIALS.test.accountId };
}
