import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { legacyKeyClient, parseClientsFile, type Client } from './auth/clients.js';
import { parseCutoff } from './domain/dates.js';
import { DINTERO_ACCOUNT_ID } from './sources/dintero/account-id.js';

/**
 * All configuration, parsed once from the environment. Nothing else reads `process.env`.
 *
 * With no upstream credentials at all, Tally runs on its embedded sandbox (`mode: 'sandbox'`).
 * As soon as any vendor's credentials appear, it talks to the real upstreams (`mode: 'upstream'`),
 * requires every vendor it is given to be configured completely, and requires an API key from
 * every client.
 */

export interface VippsUpstream {
  baseUrl: string;
  /** `merchant`: `/accesstoken/get` with a subscription key; `accounting`: `/miami/v1/token`. */
  keyType: 'merchant' | 'accounting';
  clientId: string;
  clientSecret: string;
  subscriptionKey?: string;
  merchantSerialNumber?: string;
}

export interface DinteroAccountCredentials {
  accountId: string;
  clientId: string;
  clientSecret: string;
}

export interface DinteroUpstream {
  baseUrl: string;
  accounts: DinteroAccountCredentials[];
}

export interface EasypayUpstream {
  baseUrl: string;
  accountId: string;
  apiKey: string;
  /** The first day (UTC) `Ledger.feed` reads the account from: its first entry is on or after it. */
  feedFrom?: string;
}

export interface Upstreams {
  vipps?: VippsUpstream;
  dintero?: DinteroUpstream;
  easypay?: EasypayUpstream;
}

export interface Limits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxTokens: number;
  /** Upstream calls one connection field may make to fill one GraphQL page. */
  maxUpstreamCallsPerField: number;
  /** Upstream calls (cache misses) one `summary` or `vatSummary` may make to walk its whole range. */
  maxUpstreamCallsPerSummary: number;
  /** Upstream calls (each attempt; cache hits are free) one GraphQL operation may make, whatever its fields. */
  maxUpstreamCallsPerOperation: number;
  /** Upstream calls one client may make per minute (GCRA, shared by replicas through the store). */
  upstreamCallsPerMinute: number;
  upstreamTimeoutMs: number;
  /** Retries of idempotent reads after a 5xx, 429 or connection failure. */
  upstreamRetries: number;
  maxDirectives: number;
  /** Largest request body accepted; larger ones are refused with 413 before parsing. */
  maxBodyBytes: number;
  /** Cost (as `maxCost` counts it) of the GraphQL operations executing at once in this process; the rest wait their turn (`TALLY_MAX_CONCURRENT_COST`). */
  maxConcurrentCost: number;
  /**
   * Seconds between two polls of a ledger's feed tail for its subscriptions (`TALLY_LIVE_POLL_SECONDS`),
   * counted on the gateway's clock: one upstream call per ledger and interval, however many subscribe.
   */
  livePollSeconds: number;
  /** Subscriptions one client may hold open on one replica at a time (`TALLY_MAX_SUBSCRIPTIONS_PER_CLIENT`). */
  maxSubscriptionsPerClient: number;
}

/** What browsers and tooling may do with the gateway (issue 10, "Browser safety"). */
export interface BrowserSafety {
  /** Origins whose pages may call the API (CORS, without credentials); none by default. */
  allowedOrigins: string[];
  introspection: boolean;
  graphiql: boolean;
  /** codegen's persisted-document manifest (hash -> document), loaded at start. */
  trustedDocumentsPath?: string;
  /** Refuse every document that is not in the manifest. */
  trustedDocumentsOnly: boolean;
}

export interface Config {
  mode: 'sandbox' | 'upstream';
  host: string;
  port: number;
  sandboxPort: number;
  sandboxSeed?: number;
  /** `SANDBOX_NOW`: where the sandbox's clock stands or starts, which the gateway's clock then follows (sandbox mode only). */
  sandboxNow?: Date;
  /**
   * `SANDBOX_CLOCK` and `SANDBOX_CLOCK_SPEED` (sandbox mode only): `fixed` stands at `sandboxNow`
   * (the default with it); `run` runs from it, or from the wall clock without it (the default),
   * at `speed` sandbox seconds per real second.
   */
  sandboxClock: { mode: 'fixed' | 'run'; speed: number };
  /** `VIPPS_LEDGER_TIME_ZONES`: time zones of Vipps MobilePay ledgers by ledgerId, overriding their country's. */
  vippsLedgerTimeZones: Record<string, string>;
  /**
   * `VIPPS_LEDGER_DATE_CUTOFFS`: minutes after local midnight at which a Vipps MobilePay ledger's
   * dates begin and end, by ledgerId (240 for a `04:00` cutoff); ledgers not listed run midnight to
   * midnight. In sandbox mode the sandbox's own cutoff ledgers are added.
   */
  vippsLedgerDateCutoffs: Record<string, number>;
  upstreams: Upstreams;
  /**
   * Every client with a key: those of `TALLY_CLIENTS` (grants and scopes as configured) and one per
   * `TALLY_API_KEY_SHA256` digest (everything granted). Empty means an open gateway (sandbox only).
   */
  clients: Client[];
  /** Requests per minute for a client that does not set its own (and for the anonymous sandbox client). */
  defaultRequestsPerMinute: number;
  /** Failed authentications (missing or unknown key) one remote address may make per minute; then 429 until its budget refills. */
  authFailuresPerMinute: number;
  /** Reverse proxies whose `X-Forwarded-For` entries name the client (0: the socket's peer is the client). */
  trustedProxyHops: number;
  browser: BrowserSafety;
  /** Signs connection cursors and download links; random per process when not configured. */
  signingSecret: string;
  signingSecretConfigured: boolean;
  /** The gateway's public origin for links it hands out (download URLs); required with real upstreams, else the listen address. */
  publicUrl?: string;
  /** How long a `downloadUrl` stays valid. */
  downloadLinkTtlSeconds: number;
  limits: Limits;
  /**
   * Who may read `/metrics`: a scraper sending `Authorization: Bearer <token>` when
   * `TALLY_METRICS_TOKEN` is set; anyone (`open`) only in sandbox mode without a token.
   */
  metrics: { token?: string; open: boolean };
  /** Whether `extensions.cost` is added to every response (always in sandbox mode) or only on request. */
  costAlways: boolean;
  logLevel: 'silent' | 'error' | 'warn' | 'info' | 'debug';
  /** Redis shared by replicas (second cache level, idempotency records, rate counters); in-process only when absent. */
  redisUrl?: string;
  /** An already running sandbox (`npm run sandbox`) to use instead of starting an embedded one. */
  sandboxUrl?: string;
  /** OTLP/HTTP endpoint for traces; tracing is off when absent. */
  otlpTracesUrl?: string;
  serviceName: string;
  /** How long in-flight requests may run after SIGTERM/SIGINT before connections are cut. */
  shutdownGraceMs: number;
  /**
   * `TALLY_BENCH_COLD_CACHE=1`, for `npm run bench` only: every read misses the process response
   * cache while pages are still stored (and sized and evicted) as on a cold day, so each operation
   * is cold without restarting the gateway. Never set it in production: it only costs.
   */
  benchColdCache?: boolean;
  /** Cap of the in-process response cache in bytes of memory (`TALLY_CACHE_MAX_MB`). */
  cacheMaxBytes: number;
  /**
   * `TALLY_HEAP_GROWING_PERCENT`: V8's old generation may grow by this percentage of what survived
   * a full collection before the next one (default 100; V8's own heuristic, up to 300%, when 0).
   */
  heapGrowingPercent: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);
const positive = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v));

const onOff = z
  .enum(['on', 'off', 'true', 'false', '1', '0'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'on' || v === 'true' || v === '1'));

/**
 * `302321=04:00,123456=00:00`: the Report API page documents that a ledger date can be configured
 * to other cutoffs than midnight, "such as 04:00 to 04:00"; the API does not say which a ledger
 * has, so the merchant's setting is configured here. Parsed to minutes after midnight.
 */
const LedgerDateCutoffs = z
  .string()
  .optional()
  .transform((text, ctx) => {
    const cutoffs: Record<string, number> = {};
    for (const part of (text ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '')) {
      const m = /^([^=\s]+)\s*=\s*(\S+)$/.exec(part);
      const minutes = m ? parseCutoff(m[2] as string) : null;
      if (!m || minutes === null) {
        ctx.addIssue({
          code: 'custom',
          message: `expected <ledgerId>=HH:MM (a local time from 00:00 to 23:59, e.g. 302321=04:00), got ${JSON.stringify(part)}`,
        });
        continue;
      }
      cutoffs[m[1] as string] = minutes;
    }
    return cutoffs;
  });

const EnvSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: port(4000),
  SANDBOX_PORT: port(4010),
  SANDBOX_SEED: z.coerce.number().int().optional(),
  SANDBOX_NOW: z.iso
    .datetime({ offset: true, message: 'SANDBOX_NOW must be an ISO 8601 instant with a zone, e.g. 2026-10-24T22:30:00Z' })
    .optional(),
  SANDBOX_CLOCK: optionalText.pipe(
    z
      .enum(['fixed', 'run'], {
        message:
          'SANDBOX_CLOCK must be fixed (the clock stands at SANDBOX_NOW) or run (it runs from SANDBOX_NOW, or from the wall clock without it)',
      })
      .optional(),
  ),
  SANDBOX_CLOCK_SPEED: z.coerce
    .number({ message: 'SANDBOX_CLOCK_SPEED must be a number: sandbox seconds per real second, e.g. 60 for a sandbox minute per second' })
    .positive({ message: 'SANDBOX_CLOCK_SPEED must be above 0 (1 is real time, 60 a sandbox minute per second)' })
    .max(86_400, { message: 'SANDBOX_CLOCK_SPEED must be at most 86400 (a sandbox day per second)' })
    .optional(),
  LOG_LEVEL: z.enum(['silent', 'error', 'warn', 'info', 'debug']).default('info'),

  VIPPS_BASE_URL: z.url().default('https://api.vipps.no'),
  VIPPS_KEY_TYPE: z.enum(['merchant', 'accounting']).optional(),
  VIPPS_CLIENT_ID: optionalText,
  VIPPS_CLIENT_SECRET: optionalText,
  VIPPS_SUBSCRIPTION_KEY: optionalText,
  VIPPS_MERCHANT_SERIAL_NUMBER: optionalText,
  /** `<ledgerId>=<IANA zone>`, comma-separated: ledgers whose dates are cut in another zone than their country's. */
  VIPPS_LEDGER_TIME_ZONES: optionalText,
  /** `<ledgerId>=HH:MM`, comma-separated: ledgers whose dates run from that local time to that local time (e.g. 04:00 to 04:00). */
  VIPPS_LEDGER_DATE_CUTOFFS: optionalText.pipe(LedgerDateCutoffs),

  DINTERO_BASE_URL: z.url().default('https://api.dintero.com/v1'),
  /** `T12345678:client-id:client-secret`, several separated by commas. */
  DINTERO_ACCOUNTS: optionalText,

  EASYPAY_BASE_URL: z.url().default('https://api.prod.easypay.pt/2.0'),
  EASYPAY_ACCOUNT_ID: optionalText,
  EASYPAY_API_KEY: optionalText,
  /** The account's first day (YYYY-MM-DD, UTC): where the Easypay feed starts reading. */
  EASYPAY_FEED_FROM: z.iso.date().optional(),

  TALLY_API_KEY_SHA256: optionalText,
  TALLY_SIGNING_SECRET: optionalText,
  TALLY_PUBLIC_URL: z.url().optional(),
  TALLY_DOWNLOAD_LINK_TTL_SECONDS: positive(900, 86_400),
  TALLY_COST_EXTENSIONS: z.enum(['always', 'on-request']).optional(),
  TALLY_MAX_DEPTH: positive(12, 50),
  TALLY_MAX_COST: positive(250_000, 100_000_000),
  TALLY_MAX_ALIASES: positive(30, 1000),
  TALLY_MAX_TOKENS: positive(2000, 100_000),
  TALLY_MAX_UPSTREAM_CALLS_PER_FIELD: positive(12, 1000),
  TALLY_MAX_UPSTREAM_CALLS_PER_SUMMARY: positive(400, 100_000),
  TALLY_MAX_UPSTREAM_CALLS_PER_OPERATION: positive(1_000, 1_000_000),
  TALLY_UPSTREAM_CALLS_PER_MINUTE: positive(6_000, 10_000_000),
  TALLY_UPSTREAM_TIMEOUT_MS: positive(15_000, 600_000),
  TALLY_UPSTREAM_RETRIES: z.coerce.number().int().min(0).max(5).default(2),

  REDIS_URL: optionalText.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
  ),
  TALLY_SANDBOX_URL: z.url().optional(),
  // The OpenTelemetry SDK's own variable names (the traces one wins), so collectors' docs apply as written.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().trim().min(1).default('tally'),
  TALLY_SHUTDOWN_GRACE_MS: positive(10_000, 600_000),
  TALLY_BENCH_COLD_CACHE: z.enum(['0', '1']).optional(),
  /** Memory the in-process cache of upstream pages may hold, in MB. */
  TALLY_CACHE_MAX_MB: positive(32, 65_536),
  TALLY_HEAP_GROWING_PERCENT: z.coerce.number().int().min(0).max(1000).default(100),
  TALLY_MAX_DIRECTIVES: positive(50, 1000),
  TALLY_MAX_BODY_BYTES: positive(1_048_576, 100 * 1_048_576),
  TALLY_MAX_CONCURRENT_COST: positive(52_000, 100_000_000),
  TALLY_LIVE_POLL_SECONDS: positive(60, 3600),
  TALLY_MAX_SUBSCRIPTIONS_PER_CLIENT: positive(10, 10_000),
  /** Path of the clients file (JSON). */
  TALLY_CLIENTS: optionalText,
  TALLY_RATE_LIMIT_PER_MINUTE: positive(600, 1_000_000),
  /** Missing or unknown API keys one remote address may send per minute before it gets 429. */
  TALLY_AUTH_FAILURES_PER_MINUTE: positive(30, 1_000_000),
  /** Reverse proxies in front of the gateway that append to `X-Forwarded-For` (0: none, use the socket's address). */
  TALLY_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Comma-separated origins (`https://books.example.com`) allowed to call the API from a browser. */
  TALLY_ALLOWED_ORIGINS: optionalText,
  TALLY_INTROSPECTION: onOff,
  TALLY_GRAPHIQL: onOff,
  TALLY_TRUSTED_DOCUMENTS: optionalText,
  TALLY_TRUSTED_DOCUMENTS_ONLY: onOff,
  /** Bearer token a scraper sends to read `/metrics`; without it `/metrics` is open in sandbox mode only. */
  TALLY_METRICS_TOKEN: optionalText.pipe(z.string().min(16, 'TALLY_METRICS_TOKEN must be at least 16 characters').optional()),
});

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const upstreams: Upstreams = {};

  const vippsVars = [
    'VIPPS_KEY_TYPE',
    'VIPPS_CLIENT_ID',
    'VIPPS_CLIENT_SECRET',
    'VIPPS_SUBSCRIPTION_KEY',
    'VIPPS_MERCHANT_SERIAL_NUMBER',
  ] as const;
  if (vippsVars.some((k) => e[k] !== undefined)) {
    const keyType = e.VIPPS_KEY_TYPE ?? (e.VIPPS_SUBSCRIPTION_KEY ? 'merchant' : 'accounting');
    const missing: string[] = [];
    if (!e.VIPPS_CLIENT_ID) missing.push('VIPPS_CLIENT_ID');
    if (!e.VIPPS_CLIENT_SECRET) missing.push('VIPPS_CLIENT_SECRET');
    if (keyType === 'merchant' && !e.VIPPS_SUBSCRIPTION_KEY) missing.push('VIPPS_SUBSCRIPTION_KEY');
    if (missing.length > 0) problems.push(`Vipps MobilePay (${keyType} keys) is half-configured: missing ${missing.join(', ')}`);
    if (keyType === 'accounting' && e.VIPPS_SUBSCRIPTION_KEY) {
      // docs/upstreams/vipps-report.md, access tokens: sending a subscription key to /miami/v1/token is `invalid_client`.
      problems.push(
        'VIPPS_SUBSCRIPTION_KEY must not be set with VIPPS_KEY_TYPE=accounting (accounting keys use /miami/v1/token, which rejects it)',
      );
    }
    if (e.VIPPS_CLIENT_ID && e.VIPPS_CLIENT_SECRET) {
      upstreams.vipps = {
        baseUrl: stripSlash(e.VIPPS_BASE_URL),
        keyType,
        clientId: e.VIPPS_CLIENT_ID,
        clientSecret: e.VIPPS_CLIENT_SECRET,
        subscriptionKey: e.VIPPS_SUBSCRIPTION_KEY,
        merchantSerialNumber: e.VIPPS_MERCHANT_SERIAL_NUMBER,
      };
    }
  }

  if (e.DINTERO_ACCOUNTS) {
    const accounts: DinteroAccountCredentials[] = [];
    for (const [i, item] of e.DINTERO_ACCOUNTS.split(',').entries()) {
      const [accountId = '', clientId = '', ...rest] = item.trim().split(':');
      const clientSecret = rest.join(':');
      if (!DINTERO_ACCOUNT_ID.test(accountId)) problems.push(`DINTERO_ACCOUNTS entry ${i + 1}: account id must match ^[PT]\\d{8}$`);
      else if (!clientId || !clientSecret)
        problems.push(
          `DINTERO_ACCOUNTS entry ${i + 1} (${accountId}): missing client id or client secret (format accountId:clientId:clientSecret)`,
        );
      else accounts.push({ accountId, clientId, clientSecret });
    }
    upstreams.dintero = { baseUrl: stripSlash(e.DINTERO_BASE_URL), accounts };
  }

  if (e.EASYPAY_ACCOUNT_ID || e.EASYPAY_API_KEY) {
    const missing = [!e.EASYPAY_ACCOUNT_ID && 'EASYPAY_ACCOUNT_ID', !e.EASYPAY_API_KEY && 'EASYPAY_API_KEY'].filter(Boolean);
    if (missing.length > 0) problems.push(`Easypay is half-configured: missing ${missing.join(', ')}`);
    else
      upstreams.easypay = {
        baseUrl: stripSlash(e.EASYPAY_BASE_URL),
        accountId: e.EASYPAY_ACCOUNT_ID!,
        apiKey: e.EASYPAY_API_KEY!,
        feedFrom: e.EASYPAY_FEED_FROM,
      };
  }

  const anyUpstream = vippsVars.some((k) => e[k] !== undefined) || e.DINTERO_ACCOUNTS || e.EASYPAY_ACCOUNT_ID || e.EASYPAY_API_KEY;
  const mode = anyUpstream ? 'upstream' : 'sandbox';

  const apiKeySha256 = (e.TALLY_API_KEY_SHA256 ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
  for (const h of apiKeySha256) {
    if (!/^[0-9a-f]{64}$/.test(h))
      problems.push('TALLY_API_KEY_SHA256: each entry must be a SHA-256 hex digest (64 hex characters) of an API key');
  }
  const clients = apiKeySha256.map((h, i) => legacyKeyClient(h, i, e.TALLY_RATE_LIMIT_PER_MINUTE));
  if (e.TALLY_CLIENTS) {
    let text: string | undefined;
    try {
      text = readFileSync(e.TALLY_CLIENTS, 'utf8');
    } catch (err) {
      problems.push(`TALLY_CLIENTS: cannot read ${e.TALLY_CLIENTS} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    if (text !== undefined) {
      const file = parseClientsFile(text, e.TALLY_CLIENTS, e.TALLY_RATE_LIMIT_PER_MINUTE);
      problems.push(...file.problems);
      for (const c of file.clients) {
        if (apiKeySha256.includes(c.keySha256 as string))
          problems.push(
            `TALLY_CLIENTS (${e.TALLY_CLIENTS}): client "${c.name}": its keySha256 is also in TALLY_API_KEY_SHA256 (one key, one client)`,
          );
      }
      clients.unshift(...file.clients);
    }
  }
  if (mode === 'upstream' && clients.length === 0) {
    problems.push(
      'TALLY_CLIENTS or TALLY_API_KEY_SHA256 is required with real upstream credentials: the gateway then serves merchants\' money and must know its clients (see README, "Clients and grants")',
    );
  }
  if (mode === 'upstream' && e.TALLY_PUBLIC_URL === undefined) {
    problems.push(
      'TALLY_PUBLIC_URL is required with real upstream credentials: download links are built on it, never on the Host header a request sends (see README, "Configuration")',
    );
  }
  const allowedOrigins: string[] = [];
  for (const raw of (e.TALLY_ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '')) {
    let origin: string | undefined;
    try {
      origin = new URL(raw).origin;
    } catch {
      origin = undefined;
    }
    if (!origin || origin === 'null' || origin !== raw.replace(/\/+$/, ''))
      problems.push(`TALLY_ALLOWED_ORIGINS: "${raw}" is not an origin (scheme://host[:port], no path; "*" is not allowed)`);
    else allowedOrigins.push(origin);
  }
  if (e.TALLY_TRUSTED_DOCUMENTS_ONLY && !e.TALLY_TRUSTED_DOCUMENTS) {
    problems.push('TALLY_TRUSTED_DOCUMENTS_ONLY needs TALLY_TRUSTED_DOCUMENTS (the path of the persisted-document manifest)');
  }
  if (e.TALLY_SIGNING_SECRET !== undefined && e.TALLY_SIGNING_SECRET.length < 32) {
    problems.push('TALLY_SIGNING_SECRET must be at least 32 characters');
  }

  if (e.REDIS_URL && e.TALLY_SIGNING_SECRET === undefined) {
    // The secret keys the encryption of cached pages and signs cursors: replicas must share it.
    problems.push(
      'TALLY_SIGNING_SECRET is required with REDIS_URL: every replica must use the same secret (it encrypts the shared cache and signs cursors)',
    );
  }
  if (e.TALLY_SANDBOX_URL && mode === 'upstream') {
    problems.push('TALLY_SANDBOX_URL points the gateway at a sandbox, so it cannot be combined with real upstream credentials');
  }

  const vippsLedgerTimeZones = parseLedgerTimeZones(e.VIPPS_LEDGER_TIME_ZONES, problems);

  // SANDBOX_NOW alone stands the clock still, as it always has; without it the clock runs (the wall clock).
  const clockMode = e.SANDBOX_CLOCK ?? (e.SANDBOX_NOW === undefined ? 'run' : 'fixed');
  if (clockMode === 'fixed' && e.SANDBOX_CLOCK_SPEED !== undefined) {
    problems.push(
      `SANDBOX_CLOCK_SPEED needs a running clock, but the sandbox clock is fixed (${e.SANDBOX_CLOCK === undefined ? 'SANDBOX_NOW alone fixes it' : 'SANDBOX_CLOCK=fixed'}): set SANDBOX_CLOCK=run to run it from SANDBOX_NOW`,
    );
  }

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    mode,
    host: e.HOST,
    port: e.PORT,
    sandboxPort: e.SANDBOX_PORT,
    sandboxSeed: e.SANDBOX_SEED,
    vippsLedgerTimeZones,
    vippsLedgerDateCutoffs: e.VIPPS_LEDGER_DATE_CUTOFFS ?? {},
    sandboxNow: mode === 'sandbox' && e.SANDBOX_NOW !== undefined ? new Date(e.SANDBOX_NOW) : undefined,
    sandboxClock: { mode: clockMode, speed: e.SANDBOX_CLOCK_SPEED ?? 1 },
    upstreams,
    clients,
    defaultRequestsPerMinute: e.TALLY_RATE_LIMIT_PER_MINUTE,
    authFailuresPerMinute: e.TALLY_AUTH_FAILURES_PER_MINUTE,
    trustedProxyHops: e.TALLY_TRUSTED_PROXY_HOPS,
    browser: {
      allowedOrigins,
      introspection: e.TALLY_INTROSPECTION ?? mode === 'sandbox',
      graphiql: e.TALLY_GRAPHIQL ?? mode === 'sandbox',
      trustedDocumentsPath: e.TALLY_TRUSTED_DOCUMENTS,
      trustedDocumentsOnly: e.TALLY_TRUSTED_DOCUMENTS_ONLY ?? false,
    },
    signingSecret: e.TALLY_SIGNING_SECRET ?? randomSecret(),
    signingSecretConfigured: e.TALLY_SIGNING_SECRET !== undefined,
    publicUrl: e.TALLY_PUBLIC_URL === undefined ? undefined : stripSlash(e.TALLY_PUBLIC_URL),
    downloadLinkTtlSeconds: e.TALLY_DOWNLOAD_LINK_TTL_SECONDS,
    limits: {
      maxDepth: e.TALLY_MAX_DEPTH,
      maxCost: e.TALLY_MAX_COST,
      maxAliases: e.TALLY_MAX_ALIASES,
      maxTokens: e.TALLY_MAX_TOKENS,
      maxUpstreamCallsPerField: e.TALLY_MAX_UPSTREAM_CALLS_PER_FIELD,
      maxUpstreamCallsPerSummary: e.TALLY_MAX_UPSTREAM_CALLS_PER_SUMMARY,
      maxUpstreamCallsPerOperation: e.TALLY_MAX_UPSTREAM_CALLS_PER_OPERATION,
      upstreamCallsPerMinute: e.TALLY_UPSTREAM_CALLS_PER_MINUTE,
      upstreamTimeoutMs: e.TALLY_UPSTREAM_TIMEOUT_MS,
      upstreamRetries: e.TALLY_UPSTREAM_RETRIES,
      maxDirectives: e.TALLY_MAX_DIRECTIVES,
      maxBodyBytes: e.TALLY_MAX_BODY_BYTES,
      maxConcurrentCost: e.TALLY_MAX_CONCURRENT_COST,
      livePollSeconds: e.TALLY_LIVE_POLL_SECONDS,
      maxSubscriptionsPerClient: e.TALLY_MAX_SUBSCRIPTIONS_PER_CLIENT,
    },
    metrics: { token: e.TALLY_METRICS_TOKEN, open: e.TALLY_METRICS_TOKEN === undefined && mode === 'sandbox' },
    costAlways: (e.TALLY_COST_EXTENSIONS ?? (mode === 'sandbox' ? 'always' : 'on-request')) === 'always',
    logLevel: e.LOG_LEVEL,
    redisUrl: e.REDIS_URL,
    sandboxUrl: e.TALLY_SANDBOX_URL === undefined ? undefined : stripSlash(e.TALLY_SANDBOX_URL),
    otlpTracesUrl:
      e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
      (e.OTEL_EXPORTER_OTLP_ENDPOINT === undefined ? undefined : `${stripSlash(e.OTEL_EXPORTER_OTLP_ENDPOINT)}/v1/traces`),
    serviceName: e.OTEL_SERVICE_NAME,
    shutdownGraceMs: e.TALLY_SHUTDOWN_GRACE_MS,
    benchColdCache: e.TALLY_BENCH_COLD_CACHE === '1',
    cacheMaxBytes: e.TALLY_CACHE_MAX_MB * 1024 * 1024,
    heapGrowingPercent: e.TALLY_HEAP_GROWING_PERCENT,
  };
}

/** `302321=Europe/Oslo,123456=Europe/Copenhagen`: every zone must be one the runtime knows (IANA). */
function parseLedgerTimeZones(text: string | undefined, problems: string[]): Record<string, string> {
  const zones: Record<string, string> = {};
  for (const part of (text ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const eq = part.indexOf('=');
    const ledgerId = part.slice(0, eq).trim();
    const zone = part.slice(eq + 1).trim();
    if (eq < 1 || zone === '') {
      problems.push(`VIPPS_LEDGER_TIME_ZONES: expected <ledgerId>=<IANA time zone>, got ${JSON.stringify(part)}`);
      continue;
    }
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      zones[ledgerId] = zone;
    } catch {
      problems.push(`VIPPS_LEDGER_TIME_ZONES: ${JSON.stringify(zone)} (ledger ${ledgerId}) is not an IANA time zone such as Europe/Oslo`);
    }
  }
  return zones;
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function randomSecret(): string {
  return crypto.getRandomValues(new Uint8Array(32)).reduce((s, b) => s + b.toString(16).padStart(2, '0'), '');
}
