import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { DINTERO_ACCOUNT_ID } from '../sources/dintero/account-id.js';

/** What a client may do: read money, read payer details (GDPR), change provider configuration. */
export type Scope = 'read' | 'gdpr' | 'write';

export const SCOPES: readonly Scope[] = ['read', 'gdpr', 'write'];

/** A set of granted ids, or every id (`"*"`). */
export type Grant = { all: true } | { all: false; ids: ReadonlySet<string> };

/**
 * One client of the gateway (an accounting partner's system, a back-office): who it is, what it
 * may see and do, and how fast. docs/architecture.md, "Clients and grants".
 */
export interface Client {
  name: string;
  /** SHA-256 of its API key (hex). Undefined for the anonymous sandbox client. */
  keySha256?: string;
  /** Ledgers as `PROVIDER:ledgerId` (`VIPPS_MOBILEPAY:302321`, `EASYPAY:<account>`). */
  ledgers: Grant;
  /** Dintero account ids (`T12345678`). */
  dinteroAccounts: Grant;
  scopes: ReadonlySet<Scope>;
  requestsPerMinute: number;
}

const ALL: Grant = { all: true };

/** Whether `grant` covers `id`. */
export function granted(grant: Grant, id: string): boolean {
  return grant.all || grant.ids.has(id);
}

export function hasScope(client: Client, scope: Scope): boolean {
  return client.scopes.has(scope);
}

/** The client's ledger grant and GDPR scope, as the ledger providers enforce them (`LedgerAccess`). */
export function ledgerAccess(client: Client): { mayRead(ledgerKey: string): boolean; readonly gdpr: boolean } {
  return { mayRead: (key) => granted(client.ledgers, key), gdpr: hasScope(client, 'gdpr') };
}

/** Whether the client may see the Dintero account `accountId`. */
export function mayUseDinteroAccount(client: Client, accountId: string): boolean {
  return granted(client.dinteroAccounts, accountId);
}

/**
 * Without any configured key (sandbox mode only), every request is this client: everything
 * granted, so the sandbox is explorable as it was, at the default rate.
 */
export function anonymousClient(requestsPerMinute: number): Client {
  return { name: 'anonymous', ledgers: ALL, dinteroAccounts: ALL, scopes: new Set(SCOPES), requestsPerMinute };
}

/**
 * Who follows a signed link (an entries export): the link names one ledger and range and was handed
 * out to a client granted that ledger, so it reads that much and no payer details.
 */
export function signedLinkClient(): Client {
  return { name: 'signed-link', ledgers: ALL, dinteroAccounts: ALL, scopes: new Set<Scope>(['read']), requestsPerMinute: 1 };
}

/**
 * `TALLY_API_KEY_SHA256` keys: one client per digest, granted every ledger and Dintero account the
 * gateway's credentials reach and every scope (read, gdpr, write), as before clients could be
 * configured in a file.
 */
export function legacyKeyClient(keySha256: string, index: number, requestsPerMinute: number): Client {
  return { name: `api-key-${index + 1}`, keySha256, ledgers: ALL, dinteroAccounts: ALL, scopes: new Set(SCOPES), requestsPerMinute };
}

const LEDGER_GRANT = /^(VIPPS_MOBILEPAY|EASYPAY):[^\s:][^\s]*$/;

const ClientEntry = z
  .object({
    name: z.string().trim().min(1, 'a name is required').max(100),
    keySha256: z
      .string()
      .transform((s) => s.trim().toLowerCase())
      .pipe(z.string().regex(/^[0-9a-f]{64}$/, "keySha256 must be the SHA-256 hex digest (64 hex characters) of the client's API key")),
    ledgers: z
      .array(z.string().regex(LEDGER_GRANT, 'a ledger is "*", "VIPPS_MOBILEPAY:<ledgerId>" or "EASYPAY:<accountId>"').or(z.literal('*')))
      .default([]),
    dinteroAccounts: z
      .array(z.string().regex(DINTERO_ACCOUNT_ID, 'a Dintero account is "*" or an account id like "T12345678"').or(z.literal('*')))
      .default([]),
    scopes: z.array(z.enum(SCOPES as [Scope, ...Scope[]])).min(1, 'at least one scope (read, gdpr, write) is required'),
    requestsPerMinute: z.number().int().min(1).max(1_000_000).optional(),
  })
  .strict();

const ClientsFile = z.object({ clients: z.array(z.unknown()).min(1, 'the file lists no clients') }).strict();

/**
 * Parses the `TALLY_CLIENTS` file. Every problem names the entry it is in (its position and name),
 * never a key digest; all problems are reported at once.
 */
export function parseClientsFile(text: string, where: string, defaultRate: number): { clients: Client[]; problems: string[] } {
  const problems: string[] = [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { clients: [], problems: [`TALLY_CLIENTS (${where}): not valid JSON (${err instanceof Error ? err.message : 'parse error'})`] };
  }
  const file = ClientsFile.safeParse(json);
  if (!file.success) {
    return {
      clients: [],
      problems: file.error.issues.map(
        (i) => `TALLY_CLIENTS (${where}): ${i.path.join('.') || 'file'}: ${i.message} (expected {"clients": [...]})`,
      ),
    };
  }
  const clients: Client[] = [];
  const names = new Set<string>();
  const keys = new Set<string>();
  for (const [i, raw] of file.data.clients.entries()) {
    const label = `clients[${i}]${raw && typeof raw === 'object' && typeof (raw as { name?: unknown }).name === 'string' ? ` "${(raw as { name: string }).name}"` : ''}`;
    const entry = ClientEntry.safeParse(raw);
    if (!entry.success) {
      for (const issue of entry.error.issues)
        problems.push(`TALLY_CLIENTS (${where}): ${label}: ${issue.path.join('.') || 'entry'}: ${issue.message}`);
      continue;
    }
    const c = entry.data;
    if (names.has(c.name)) problems.push(`TALLY_CLIENTS (${where}): ${label}: the name is used by an earlier client`);
    if (keys.has(c.keySha256)) problems.push(`TALLY_CLIENTS (${where}): ${label}: keySha256 is the same as an earlier client's`);
    names.add(c.name);
    keys.add(c.keySha256);
    clients.push({
      name: c.name,
      keySha256: c.keySha256,
      ledgers: toGrant(c.ledgers),
      dinteroAccounts: toGrant(c.dinteroAccounts),
      scopes: new Set(c.scopes),
      requestsPerMinute: c.requestsPerMinute ?? defaultRate,
    });
  }
  return { clients, problems };
}

function toGrant(ids: string[]): Grant {
  return ids.includes('*') ? ALL : { all: false, ids: new Set(ids) };
}

/** SHA-256 of a presented key or token: always 32 bytes, so digests compare in constant time whatever was sent. */
export function keyDigest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

/** Finds the client whose key digest matches `key`, comparing digests in constant time. */
export class ClientDirectory {
  private readonly byDigest: Array<{ digest: Buffer; client: Client }>;

  constructor(clients: readonly Client[]) {
    this.byDigest = clients
      .filter((c) => c.keySha256)
      .map((client) => ({ digest: Buffer.from(client.keySha256 as string, 'hex'), client }));
  }

  /** No keys configured: the gateway is open (sandbox mode only; config refuses it with real upstreams). */
  get open(): boolean {
    return this.byDigest.length === 0;
  }

  find(key: string): Client | undefined {
    const digest = keyDigest(key);
    let found: Client | undefined;
    // Every digest is compared, so the time does not depend on which client matched.
    for (const c of this.byDigest) if (timingSafeEqual(c.digest, digest)) found = c.client;
    return found;
  }
}
