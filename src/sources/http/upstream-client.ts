import { createHash } from 'node:crypto';
import { Agent, errors as undiciErrors, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { TallyError, type ErrorCode, type SourceName } from '../../domain/errors.js';
import type { UpstreamMeter } from './meter.js';
import type { ResponseCache } from './response-cache.js';
import type { SharedPage, SharedPageCache } from './shared-cache.js';
import type { LiveRead } from '../model.js';
import { startCallSpan, type UpstreamTelemetry } from './telemetry.js';

export type QueryValue = string | number | boolean | null | undefined | ReadonlyArray<string | number>;

export interface UpstreamRequest<S extends z.ZodType, R = z.output<S>> {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the base URL, already with its path parameters encoded (use `path\`...\``). */
  path: string;
  /** The route for metrics and `extensions.cost`, e.g. `GET /settlement/v1/ledgers`. */
  endpoint: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /** JSON body (object) or a form body (URLSearchParams). */
  body?: unknown;
  schema: S;
  meter?: UpstreamMeter;
  signal?: AbortSignal;
  /**
   * Cross-request caching: `key` must identify the credential set (see `credentialFingerprint`);
   * `ttlMs(data)` decides from the parsed answer how long it stays valid (0 = not cached).
   * `variant` keeps apart answers to one request read for different kinds of reader, and
   * `storedBody(text)` is what the shared level keeps of the body for such a reader (a page read
   * for a client without the `gdpr` scope keeps no personal data).
   */
  cache?: { key: string; ttlMs: (data: z.output<S>) => number; variant?: string; storedBody?: (text: string) => string };
  /** Retry 5xx/429/connection failures. Defaults to true for GET, false otherwise. */
  retry?: boolean;
  /**
   * A subscription's poll (`LiveRead`): an answer the cache would not keep (`ttlMs` 0, a live end)
   * is kept for the poll slot under the request, read once per slot in this process and, with a
   * shared store, once among the replicas (the first claims the slot's read, the others read what
   * it publishes).
   */
  live?: LiveRead;
  /**
   * Maps the validated body to the domain model. What is cached is the mapped value, so a cached
   * page is not mapped again on every request that reads it.
   */
  map?: (data: z.output<S>) => R;
}

export interface UpstreamResponse<T> {
  status: number;
  data: T;
  headers: Record<string, string>;
  /** Served from the cross-request cache, without an upstream call. */
  cached: boolean;
}

export interface UpstreamClientOptions {
  source: SourceName;
  baseUrl: string;
  dispatcher: Dispatcher;
  timeoutMs: number;
  retries: number;
  cache?: ResponseCache;
  /** Turns a vendor's error body into a message that is safe to show (no secrets, no tokens). */
  describeError?: (status: number, body: unknown) => string | undefined;
  /** Sent on every request (system name headers, user agent). Never credentials. */
  defaultHeaders?: Record<string, string>;
  /** Longest Retry-After the client waits out before giving up with UPSTREAM_RATE_LIMITED. */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** The second cache level, shared by replicas (Redis, encrypted); in-process only without it. */
  sharedCache?: SharedPageCache;
  /** Spans and metrics for every call, cache hit and retry. */
  telemetry?: UpstreamTelemetry;
}

/**
 * The one HTTP client every source uses: base URL, timeouts, retries of idempotent reads with
 * backoff and `Retry-After`, zod validation of every body, the error codes of docs/architecture.md with
 * `source`, cross-request caching of what the caller declares final, and a record of each call.
 */
export class UpstreamClient {
  /**
   * Cacheable reads on their way, by cache key: a request for a page another request is reading
   * right now waits for that read instead of making its own (a busy day asked by several clients
   * at once is read and mapped once, and held in memory once). The key is the cache key, so the
   * same credential set, request and variant: exactly what a cache hit would share.
   */
  private readonly inflight = new Map<string, { response: Promise<UpstreamResponse<unknown>>; signal?: AbortSignal }>();

  constructor(private readonly options: UpstreamClientOptions) {}

  get source(): SourceName {
    return this.options.source;
  }

  async request<S extends z.ZodType, R = z.output<S>>(req: UpstreamRequest<S, R>): Promise<UpstreamResponse<R>> {
    const method = req.method ?? 'GET';
    const url = this.url(req.path, req.query);
    const request = req.cache?.variant ? `${method} ${url} ${req.cache.variant}` : `${method} ${url}`;
    const cacheKey = req.cache ? `${req.cache.key}|${request}` : undefined;
    if (cacheKey === undefined) return this.read(req, method, url, request, cacheKey);
    const pending = this.inflight.get(cacheKey);
    if (pending) {
      try {
        const shared = (await pending.response) as UpstreamResponse<R>;
        startCallSpan(
          this.options.telemetry,
          { source: this.source, endpoint: req.endpoint, method, cacheHit: true, cacheLevel: 'process' },
          req.meter?.trace,
        ).end(shared.status);
        req.meter?.record({ source: this.source, endpoint: req.endpoint, status: shared.status, ms: 0, cached: true });
        return { ...shared, cached: true };
      } catch (err) {
        // The read failed for its own request's reason (that client went away, its call budget
        // was spent): this request reads for itself. The upstream's own answer is everyone's.
        const own = pending.signal?.aborted === true || (err instanceof TallyError && err.code === 'RATE_LIMITED');
        // Each field that fails gets its own error object: one object thrown at two fields would
        // be reported at one of their paths only.
        if (!own)
          throw err instanceof TallyError
            ? new TallyError(err.code, err.message, { source: err.source, details: err.details, cause: err.cause })
            : err;
      }
    }
    const response = this.read(req, method, url, request, cacheKey);
    const entry = { response: response as Promise<UpstreamResponse<unknown>>, signal: req.signal };
    this.inflight.set(cacheKey, entry);
    try {
      return await response;
    } finally {
      if (this.inflight.get(cacheKey) === entry) this.inflight.delete(cacheKey);
    }
  }

  private async read<S extends z.ZodType, R>(
    req: UpstreamRequest<S, R>,
    method: string,
    url: string,
    request: string,
    cacheKey: string | undefined,
  ): Promise<UpstreamResponse<R>> {
    if (cacheKey && this.options.cache) {
      const hit = this.options.cache.get<UpstreamResponse<R>>(cacheKey);
      this.options.telemetry?.metrics?.cache('process', this.source, hit !== undefined);
      if (hit) {
        startCallSpan(
          this.options.telemetry,
          { source: this.source, endpoint: req.endpoint, method, cacheHit: true, cacheLevel: 'process' },
          req.meter?.trace,
        ).end(hit.status);
        req.meter?.record({ source: this.source, endpoint: req.endpoint, status: hit.status, ms: 0, cached: true });
        return { ...hit, cached: true };
      }
    }
    const shared = req.cache && this.options.sharedCache;
    const sharedKey = shared ? shared.storeKey(req.cache!.key, request) : undefined;
    if (shared && sharedKey) {
      const page = await shared.get(sharedKey);
      // A page written by an older version whose schema no longer accepts it is a miss, not an error.
      const decoded = page && this.decode(req, page.status, page.body);
      this.options.telemetry?.metrics?.cache('shared', this.source, decoded?.ok === true);
      if (page && decoded?.ok) {
        const response: UpstreamResponse<R> = {
          status: page.status,
          headers: page.headers,
          data: req.map ? req.map(decoded.data) : (decoded.data as R),
          cached: true,
        };
        if (cacheKey && this.options.cache) this.options.cache.set(cacheKey, response, page.expiresAt - Date.now(), page.body.length);
        startCallSpan(
          this.options.telemetry,
          { source: this.source, endpoint: req.endpoint, method, cacheHit: true, cacheLevel: 'shared' },
          req.meter?.trace,
        ).end(page.status);
        req.meter?.record({ source: this.source, endpoint: req.endpoint, status: page.status, ms: 0, cached: true });
        return response;
      }
    }
    if (req.live && cacheKey && req.cache) return this.liveRead(req, method, url, request, cacheKey, req.live);
    return this.fetchFresh(req, method, url, request, cacheKey);
  }

  /** Live reads of one request and slot in flight in this process: the first asks, the others wait for it. */
  private readonly liveInFlight = new Map<string, Promise<UpstreamResponse<unknown>>>();

  private async liveRead<S extends z.ZodType, R>(
    req: UpstreamRequest<S, R>,
    method: string,
    url: string,
    request: string,
    cacheKey: string,
    live: LiveRead,
  ): Promise<UpstreamResponse<R>> {
    const liveKey = `${cacheKey}|live:${live.slot}`;
    const hit = this.options.cache?.get<UpstreamResponse<R>>(liveKey);
    if (hit) {
      req.meter?.record({ source: this.source, endpoint: req.endpoint, status: hit.status, ms: 0, cached: true });
      return { ...hit, cached: true };
    }
    const pending = this.liveInFlight.get(liveKey) as Promise<UpstreamResponse<R>> | undefined;
    if (pending) {
      const answer = await pending;
      req.meter?.record({ source: this.source, endpoint: req.endpoint, status: answer.status, ms: 0, cached: true });
      return { ...answer, cached: true };
    }
    const read = (async (): Promise<UpstreamResponse<R>> => {
      const shared = this.options.sharedCache;
      const sharedKey = shared?.storeKey(req.cache!.key, `${request} live:${live.slot}`);
      const published = (page: SharedPage | undefined): UpstreamResponse<R> | undefined => {
        const decoded = page && this.decode(req, page.status, page.body);
        if (!page || !decoded?.ok) return undefined;
        const response: UpstreamResponse<R> = {
          status: page.status,
          headers: page.headers,
          data: req.map ? req.map(decoded.data) : (decoded.data as R),
          cached: true,
        };
        this.options.cache?.set(liveKey, response, page.expiresAt - Date.now(), page.body.length);
        req.meter?.record({ source: this.source, endpoint: req.endpoint, status: page.status, ms: 0, cached: true });
        return response;
      };
      if (shared && sharedKey) {
        const ready = published(await shared.get(sharedKey));
        if (ready) return ready;
        // Another replica has claimed this slot's read: its page, once published (or our own read
        // if it never comes, so a replica that died mid-read delays the poll, never stops it).
        if (!(await shared.claim(sharedKey, live.intervalMs))) {
          const theirs = published(await shared.waitFor(sharedKey, Math.min(live.intervalMs, this.options.timeoutMs)));
          if (theirs) return theirs;
        }
      }
      return this.fetchFresh(req, method, url, request, cacheKey, { liveKey, sharedLiveKey: sharedKey, ttlMs: live.intervalMs });
    })();
    this.liveInFlight.set(liveKey, read as Promise<UpstreamResponse<unknown>>);
    try {
      return await read;
    } finally {
      this.liveInFlight.delete(liveKey);
    }
  }

  /**
   * Asks the upstream (with retries) and caches what the request's `ttlMs` keeps; a live read
   * (`live`) keeps an answer the cache would not for its slot instead, under the slot's keys.
   */
  private async fetchFresh<S extends z.ZodType, R>(
    req: UpstreamRequest<S, R>,
    method: string,
    url: string,
    request: string,
    cacheKey: string | undefined,
    live?: { liveKey: string; sharedLiveKey: string | undefined; ttlMs: number },
  ): Promise<UpstreamResponse<R>> {
    const shared = req.cache && this.options.sharedCache;
    const sharedKey = shared ? shared.storeKey(req.cache!.key, request) : undefined;
    const retry = req.retry ?? method === 'GET';
    const attempts = 1 + (retry ? this.options.retries : 0);
    let lastError: TallyError | undefined;
    for (let attempt = 0; attempt < attempts; attempt++) {
      await req.meter?.admit();
      const outcome = await this.once(req, method, url, attempt + 1);
      if (outcome.ok) {
        const { data: raw, ...rest } = outcome.response;
        const response: UpstreamResponse<R> = { ...rest, data: req.map ? req.map(raw) : (raw as R) };
        if (cacheKey && this.options.cache && req.cache) {
          const ttlMs = req.cache.ttlMs(raw);
          const keep =
            ttlMs <= 0 && live
              ? { key: live.liveKey, sharedKey: live.sharedLiveKey, ttlMs: live.ttlMs }
              : { key: cacheKey, sharedKey, ttlMs };
          this.options.cache.set(keep.key, response, keep.ttlMs, outcome.text.length);
          if (shared && keep.sharedKey) {
            const { 'set-cookie': _cookie, ...headers } = rest.headers;
            await shared.set(
              keep.sharedKey,
              { status: rest.status, headers, body: req.cache.storedBody ? req.cache.storedBody(outcome.text) : outcome.text },
              keep.ttlMs,
            );
          }
        }
        return response;
      }
      lastError = outcome.error;
      const last = attempt === attempts - 1;
      if (!outcome.retryable || last) break;
      const waitMs = outcome.retryAfterMs ?? backoffMs(attempt);
      if (waitMs > (this.options.maxRetryAfterMs ?? 5_000)) break;
      this.options.telemetry?.metrics?.retry(this.source, req.endpoint);
      await (this.options.sleep ?? sleep)(waitMs);
      if (req.signal?.aborted) break;
    }
    throw lastError ?? new TallyError('UPSTREAM_UNAVAILABLE', 'Upstream request failed', { source: this.source });
  }

  /** For binary downloads: the raw body stream, after the same status handling. */
  async stream(req: {
    url: string;
    endpoint: string;
    headers?: Record<string, string>;
    meter?: UpstreamMeter;
    signal?: AbortSignal;
  }): Promise<{ status: number; headers: Record<string, string>; body: Dispatcher.ResponseData['body'] }> {
    await req.meter?.admit();
    const started = performance.now();
    const span = startCallSpan(
      this.options.telemetry,
      { source: this.source, endpoint: req.endpoint, method: 'GET', attempt: 1, cacheHit: false, serverAddress: new URL(req.url).hostname },
      req.meter?.trace,
    );
    let res: Dispatcher.ResponseData;
    try {
      res = await this.options.dispatcher.request({
        origin: new URL(req.url).origin,
        path: new URL(req.url).pathname + new URL(req.url).search,
        method: 'GET',
        headers: { ...this.options.defaultHeaders, ...req.headers },
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
        signal: req.signal,
      });
    } catch (err) {
      const error = this.transportError(err);
      this.observe(req, null, started);
      span.end(null, error.code);
      throw error;
    }
    this.observe(req, res.statusCode, started);
    span.end(res.statusCode, res.statusCode >= 400 ? String(res.statusCode) : undefined);
    if (res.statusCode >= 400) {
      const text = await res.body.text().catch(() => '');
      throw this.statusError(res.statusCode, parseMaybeJson(text), flattenHeaders(res.headers));
    }
    // undici's body emits `error` when it is destroyed before its end (a HEAD that only wanted the
    // headers, a client that hung up): with nobody reading, that event would be unhandled and end
    // the process. Whoever reads the body still sees the error through its own listener.
    res.body.on('error', ignoreStreamError);
    return { status: res.statusCode, headers: flattenHeaders(res.headers), body: res.body };
  }

  private async once<S extends z.ZodType, R>(
    req: UpstreamRequest<S, R>,
    method: string,
    url: string,
    attempt: number,
  ): Promise<
    | { ok: true; response: UpstreamResponse<z.output<S>>; text: string }
    | { ok: false; error: TallyError; retryable: boolean; retryAfterMs?: number }
  > {
    const started = performance.now();
    let errorCode: string | undefined;
    const headers: Record<string, string> = { accept: 'application/json', ...this.options.defaultHeaders, ...req.headers };
    let body: string | undefined;
    if (req.body instanceof URLSearchParams) {
      body = req.body.toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    } else if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['content-type'] ??= 'application/json';
    }
    const target = new URL(url);
    const span = startCallSpan(
      this.options.telemetry,
      { source: this.source, endpoint: req.endpoint, method, attempt, cacheHit: false, serverAddress: target.hostname },
      req.meter?.trace,
    );
    let status: number | null = null;
    try {
      const res = await this.options.dispatcher.request({
        origin: target.origin,
        path: target.pathname + target.search,
        method: method as Dispatcher.HttpMethod,
        headers,
        body,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
        // undici's own timeouts tick in whole seconds (15 s configured answered after 16.1 s); this
        // deadline covers the whole attempt, headers and body, to the millisecond.
        signal: withDeadline(req.signal, this.options.timeoutMs),
      });
      status = res.statusCode;
      const text = await res.body.text();
      const responseHeaders = flattenHeaders(res.headers);
      if (status >= 400) {
        const error = this.statusError(status, parseMaybeJson(text), responseHeaders);
        const retryAfterMs = parseRetryAfter(responseHeaders['retry-after']);
        errorCode = error.code;
        return { ok: false, error, retryable: status === 429 || status >= 500, retryAfterMs };
      }
      const decoded = this.decode(req, status, text);
      if (!decoded.ok) {
        errorCode = decoded.error.code;
        return decoded;
      }
      return { ok: true, response: { status, data: decoded.data, headers: responseHeaders, cached: false }, text };
    } catch (err) {
      const error = this.transportError(err, method !== 'GET' && req.retry !== true ? req.endpoint : null);
      errorCode = error.code;
      return { ok: false, error, retryable: error.code === 'UPSTREAM_UNAVAILABLE' && !req.signal?.aborted };
    } finally {
      this.observe(req, status, started);
      span.end(status, errorCode);
    }
  }

  /** A body as JSON, validated by the request's schema (upstream answers and shared cache pages alike). */
  private decode<S extends z.ZodType, R>(
    req: UpstreamRequest<S, R>,
    status: number,
    text: string,
  ): { ok: true; data: z.output<S> } | { ok: false; error: TallyError; retryable: boolean } {
    let json: unknown;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      return {
        ok: false,
        retryable: true,
        error: new TallyError('UPSTREAM_BAD_RESPONSE', `${this.source} answered ${req.endpoint} with a body that is not JSON`, {
          source: this.source,
          details: { status },
        }),
      };
    }
    const parsed = req.schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        ok: false,
        retryable: false,
        error: new TallyError(
          'UPSTREAM_BAD_RESPONSE',
          `${this.source} answered ${req.endpoint} with an unexpected body${issue ? ` (${issue.path.join('.') || 'body'}: ${issue.message})` : ''}`,
          { source: this.source, details: { status } },
        ),
      };
    }
    return { ok: true, data: parsed.data };
  }

  /** One HTTP exchange done: into the request's meter (`extensions.cost`, the log line) and the metrics. */
  private observe(req: { endpoint: string; meter?: UpstreamMeter }, status: number | null, started: number): void {
    const ms = performance.now() - started;
    req.meter?.record({ source: this.source, endpoint: req.endpoint, status, ms, cached: false });
    this.options.telemetry?.metrics?.call(this.source, req.endpoint, status, ms / 1000);
  }

  private url(path: string, query?: Record<string, QueryValue>): string {
    const url = new URL(this.options.baseUrl + path);
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v === undefined || v === null) continue;
      if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, String(item));
      else url.searchParams.set(k, String(v));
    }
    return url.toString();
  }

  statusError(status: number, body: unknown, headers: Record<string, string> = {}): TallyError {
    const described = this.options.describeError?.(status, body);
    const detail = described ? `: ${described}` : '';
    const source = this.source;
    let code: ErrorCode;
    const details: Record<string, unknown> = { status };
    if (status === 401 || status === 403) code = 'UPSTREAM_AUTH_FAILED';
    else if (status === 404) code = 'NOT_FOUND';
    else if (status === 429) {
      code = 'UPSTREAM_RATE_LIMITED';
      const retryAfterMs = parseRetryAfter(headers['retry-after']);
      if (retryAfterMs !== undefined) details.retryAfterSeconds = Math.ceil(retryAfterMs / 1000);
    } else if (status === 400 || status === 409 || status === 412 || status === 422) code = 'BAD_USER_INPUT';
    else if (status >= 500) code = 'UPSTREAM_UNAVAILABLE';
    else code = 'UPSTREAM_BAD_RESPONSE';
    return new TallyError(code, `${source} answered ${status}${detail}`, { source, details });
  }

  /**
   * A failure without an answer. For a write (`write` names its endpoint) that failed after the
   * request may have left - a timeout waiting for the answer, a reset or closed connection, an
   * abort - nobody knows whether the upstream applied it: UPSTREAM_OUTCOME_UNKNOWN, never an
   * ordinary timeout the client would take for "nothing happened". A connection that was never
   * made (refused, connect timeout, DNS) sent nothing and stays UPSTREAM_UNAVAILABLE/TIMEOUT.
   */
  private transportError(err: unknown, write: string | null = null): TallyError {
    const source = this.source;
    const code = err instanceof Error && 'code' in err ? String((err as { code: unknown }).code) : '';
    const neverSent =
      err instanceof undiciErrors.ConnectTimeoutError ||
      ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code);
    if (write !== null && !neverSent) {
      return new TallyError(
        'UPSTREAM_OUTCOME_UNKNOWN',
        `${source} may or may not have applied ${write}: the request was sent and its answer was lost (${code || (err instanceof Error ? err.name : 'no answer')}). Do not assume either: repeat a create with the same idempotency key (it is answered with the rule created the first time, or creates it once); re-read before repeating an update or a delete.`,
        { source, details: { endpoint: write } },
      );
    }
    if (
      err instanceof undiciErrors.HeadersTimeoutError ||
      err instanceof undiciErrors.BodyTimeoutError ||
      err instanceof undiciErrors.ConnectTimeoutError
    ) {
      return new TallyError('UPSTREAM_TIMEOUT', `${source} did not answer within ${this.options.timeoutMs} ms`, { source });
    }
    if (err instanceof Error && err.name === 'TimeoutError') {
      return new TallyError('UPSTREAM_TIMEOUT', `${source} did not answer within ${this.options.timeoutMs} ms`, { source });
    }
    if (err instanceof Error && err.name === 'AbortError') {
      return new TallyError('UPSTREAM_TIMEOUT', `${source} request was aborted`, { source });
    }
    // Connection refused, reset, DNS: the message of the low-level error names only the host.
    const reason = err instanceof Error && 'code' in err ? String((err as { code: unknown }).code) : 'connection failed';
    return new TallyError('UPSTREAM_UNAVAILABLE', `${source} is unreachable (${reason})`, { source });
  }
}

/** The request's own signal (the client went away) combined with the attempt's deadline. */
function withDeadline(signal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const deadline = AbortSignal.timeout(timeoutMs);
  return signal ? AbortSignal.any([signal, deadline]) : deadline;
}

/** Encodes each template value as a path segment: `path\`/ledgers/${id}\``. */
export function path(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? encodeURIComponent(String(values[i])) : ''), '');
}

/** A non-reversible name for a credential set, to prefix cache keys with. */
export function credentialFingerprint(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 22);
}

export function createDispatcher(options: { connectTimeoutMs?: number } = {}): Dispatcher {
  return new Agent({
    connections: 32,
    keepAliveTimeout: 10_000,
    connect: { timeout: options.connectTimeoutMs ?? 5_000 },
  });
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, 500);
  }
}

/** `Retry-After` as seconds or an HTTP date (RFC 9110 section 10.2.3). */
export function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function backoffMs(attempt: number): number {
  return Math.min(2_000, 100 * 2 ** attempt) + Math.floor(Math.random() * 50);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** See `UpstreamClient.stream`: a body's late error, already seen by any reader, must not be unhandled. */
function ignoreStreamError(): void {}
