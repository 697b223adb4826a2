import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client as SseClient } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockAt } from '../../src/domain/dates.js';
import { createGateway } from '../../src/gateway.js';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { countCalls, serve, startHarness, vippsLedgerGlobalId, type Harness } from '../helpers/harness.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

/**
 * `Subscription.ledgerFeed` over Server-Sent Events with real clients: the graphql-sse client
 * (distinct connections) and a plain `text/event-stream` reader, against gateways served over
 * HTTP on a sandbox whose clock runs (`SANDBOX_CLOCK=run` at 60 times real speed) on an injected
 * real-time source. Nothing sleeps: the subscriptions' waits for their next poll are held by a
 * gate, and each `tick` moves the sandbox one poll interval (a sandbox minute) on and lets them poll.
 */
const SPEED = 60;
const START = '2026-11-20T09:00:00Z';
const POLL_MS = 60_000;
const facts = vippsSandboxFacts(undefined, { now: START, historyDays: 2 });
const BUSY = vippsLedgerGlobalId(facts.busy.ledgerId);
const OTHER = facts.ledgers.find((l) => l.ledgerId !== facts.busy.ledgerId && l.payout === 'daily')!.ledgerId;
const sha = (key: string) => createHash('sha256').update(key).digest('hex');
const KEYS = {
  narrow: 'narrow-live-client-key-0123456789',
  wide: 'wide-live-client-key-0123456789',
  writer: 'writer-live-client-key-0123456789',
};

const SUBSCRIPTION = `subscription($id: ID!, $after: String, $from: FeedStart) {
  ledgerFeed(id: $id, after: $after, from: $from) {
    edges { cursor node { id time } }
    pageInfo { endCursor hasNextPage }
    tryLater
  }
}`;
interface FeedEvent {
  edges: Array<{ cursor: string; node: { id: string; time: string } }>;
  pageInfo: { endCursor: string; hasNextPage: boolean };
  tryLater: boolean;
}
type Result = {
  data?: { ledgerFeed: FeedEvent } | null;
  errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
};

/** Real time for the sandbox's running clock, moved by the test only. */
let real = Date.parse('2030-01-01T00:00:00Z');

/** Holds every subscription's wait for its next poll until `tick`. */
class PollGate {
  private waiting: Array<() => void> = [];
  private arrivals: Array<() => void> = [];
  readonly wait = (_ms: number, signal: AbortSignal): Promise<void> =>
    new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      signal.addEventListener('abort', () => resolve(), { once: true });
      for (const a of this.arrivals.splice(0)) a();
    });

  /** Resolves once `n` subscriptions wait for their next poll. */
  async waiters(n: number): Promise<void> {
    while (this.waiting.length < n) await new Promise<void>((resolve) => this.arrivals.push(resolve));
  }

  /** One poll interval on: the sandbox's clock moves a minute, and the `n` waiting subscriptions poll, and wait again. */
  async tick(n: number, minutes = 1): Promise<void> {
    await this.waiters(n);
    real += (minutes * POLL_MS) / SPEED;
    const released = this.waiting.splice(0);
    for (const r of released) r();
    await this.waiters(n);
  }
}

interface Served {
  url: string;
  close(): Promise<void>;
}

/** A gateway on the harness's sandbox and configuration (so the same signing secret), served on its own port. */
async function startGateway(h: Harness, gate: PollGate, env: Partial<typeof h.config> = {}): Promise<Served> {
  const gateway = createGateway(
    { ...h.config, ...env },
    { clock: clockAt(() => h.sandbox.clock.nowMs()), liveWait: gate.wait, webAppDir: false },
  );
  const served = await serve(gateway);
  return {
    url: served.url,
    close: async () => {
      await served.close();
      await gateway.dispose();
    },
  };
}

/** A graphql-sse subscription's events, pulled one by one. */
function sseSubscription(client: SseClient, variables: Record<string, unknown>, query = SUBSCRIPTION) {
  const iterator = client.iterate<{ ledgerFeed: FeedEvent }>({ query, variables });
  return {
    next: async (): Promise<Result> => {
      const r = await iterator.next();
      if (r.done) throw new Error('the subscription ended');
      return r.value as Result;
    },
    close: () => iterator.return?.(),
  };
}

/** A plain `text/event-stream` reader, as an EventSource-style client reads it: `event:` and `data:` lines. */
async function plainSubscription(
  url: string,
  variables: Record<string, unknown>,
  init: { method: 'GET' | 'POST'; headers?: Record<string, string> },
) {
  const controller = new AbortController();
  const target = new URL(url);
  if (init.method === 'GET') {
    target.searchParams.set('query', SUBSCRIPTION);
    target.searchParams.set('variables', JSON.stringify(variables));
  }
  const res = await fetch(target, {
    method: init.method,
    signal: controller.signal,
    headers: { accept: 'text/event-stream', ...(init.method === 'POST' ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: init.method === 'POST' ? JSON.stringify({ query: SUBSCRIPTION, variables }) : undefined,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    async next(): Promise<Result> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n');
          const event = lines
            .find((l) => l.startsWith('event:'))
            ?.slice(6)
            .trim();
          const data = lines
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trim())
            .join('\n');
          if (event === 'next') return JSON.parse(data) as Result;
          if (event === 'complete') throw new Error('the subscription ended');
          continue; // comments (keep-alive pings)
        }
        const chunk = await reader.read();
        if (chunk.done) throw new Error('the stream closed');
        buffer += chunk.value;
      }
    },
    close: () => controller.abort(),
  };
}

/** Reads a subscription's events in the background until it ends; `done` has every one received. */
function consume(sub: { next(): Promise<Result> }): { done: Promise<Result[]> } {
  const events: Result[] = [];
  const done = (async () => {
    try {
      for (;;) events.push(await sub.next());
    } catch {
      return events;
    }
  })();
  return { done };
}

function feedOf(r: Result): FeedEvent {
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data!.ledgerFeed;
}

describe('a live feed subscription over SSE', () => {
  let h: Harness;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-live-'));
    const file = join(dir, 'clients.json');
    writeFileSync(
      file,
      JSON.stringify({
        clients: [
          { name: 'narrow', keySha256: sha(KEYS.narrow), ledgers: [`VIPPS_MOBILEPAY:${OTHER}`], dinteroAccounts: [], scopes: ['read'] },
          { name: 'wide', keySha256: sha(KEYS.wide), ledgers: ['*'], dinteroAccounts: ['*'], scopes: ['read', 'gdpr'] },
          { name: 'writer', keySha256: sha(KEYS.writer), ledgers: ['*'], dinteroAccounts: ['*'], scopes: ['write'] },
        ],
      }),
    );
    h = await startHarness({
      env: { TALLY_CLIENTS: file, TALLY_LIVE_POLL_SECONDS: String(POLL_MS / 1000), TALLY_MAX_SUBSCRIPTIONS_PER_CLIENT: '8' },
      sandbox: { now: START, clock: 'run', clockSpeed: SPEED, timeSource: () => real, vendors: { vipps: { historyDays: 2 } } },
    });
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });
  const wide = { authorization: `Bearer ${KEYS.wide}` };

  it('delivers the entries booked while it is open, exactly once, across a disconnect, a gateway restart and a reconnect with the last cursor', async () => {
    const gate = new PollGate();
    const first = await startGateway(h, gate);
    const client = createClient({ url: first.url, headers: wide, retryAttempts: 0 });
    const sub = sseSubscription(client, { id: BUSY, from: { now: true } });
    // Started at now: no history, and a cursor to resume from.
    const opening = feedOf(await sub.next());
    expect(opening.edges).toEqual([]);
    expect(opening.tryLater).toBe(true);
    const anchor = new Date(h.sandbox.clock.nowMs()).toISOString();
    const firstEvents = consume(sub);
    for (let minute = 0; minute < 5; minute++) await gate.tick(1);
    // Disconnect, and stop the gateway: whatever was received is what the client keeps.
    await sub.close();
    client.dispose();
    await first.close();
    const received = (await firstEvents.done).map(feedOf);
    const seen = received.flatMap((e) => e.edges.map((x) => x.node.id));
    const before = seen.length;
    expect(before, 'entries arrived in the busy hour while the first gateway served').toBeGreaterThan(0);
    // Every edge carries its cursor; the client keeps the last event's end cursor.
    expect(received.every((e) => e.edges.every((x) => x.cursor.length > 0))).toBe(true);
    const cursor = received.at(-1)?.pageInfo.endCursor ?? opening.pageInfo.endCursor;

    // Five sandbox minutes pass while no gateway runs: their bookings are waiting.
    real += (5 * POLL_MS) / SPEED;
    const second = await startGateway(h, gate);
    const reader = await plainSubscription(second.url, { id: BUSY, from: { now: true }, after: cursor }, { method: 'POST', headers: wide });
    const catchUp = feedOf(await reader.next());
    expect(catchUp.edges.length, 'the bookings made while disconnected come first').toBeGreaterThan(0);
    seen.push(...catchUp.edges.map((x) => x.node.id));
    const laterEvents = consume(reader);
    for (let minute = 0; minute < 4; minute++) await gate.tick(1);
    reader.close();
    const later = (await laterEvents.done).map(feedOf);
    seen.push(...later.flatMap((e) => e.edges.map((x) => x.node.id)));
    expect(
      later.some((e) => e.edges.length > 0),
      'and then the new bookings as they come',
    ).toBe(true);

    const last = later.at(-1)?.pageInfo.endCursor ?? catchUp.pageInfo.endCursor;

    // Each entry booked since the subscription began exactly once, in the feed's order, none
    // missing: what the events brought, and then what the last cursor received still resumes
    // (events sent as the reader went away), are together the feed from that instant.
    const query = `query($id: ID!, $from: FeedStart, $after: String) { ledger(id: $id) { feed(first: 1000, from: $from, after: $after) { edges { node { id } } tryLater } } }`;
    const read = async (variables: Record<string, unknown>) => {
      const res = await fetch(second.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...wide },
        body: JSON.stringify({ query, variables }),
      });
      const feed = ((await res.json()) as { data: { ledger: { feed: { edges: Array<{ node: { id: string } }>; tryLater: boolean } } } })
        .data.ledger.feed;
      expect(feed.tryLater).toBe(true);
      return feed.edges.map((e) => e.node.id);
    };
    const expected = await read({ id: BUSY, from: { at: anchor } });
    const rest = await read({ id: BUSY, from: { now: true }, after: last });
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen, ...rest]).toEqual(expected);
    expect(seen.length).toBeGreaterThan(before);
    await second.close();
  }, 120_000);

  it('polls the upstream once per interval however many subscribe, on one replica and across replicas sharing Redis', async () => {
    let redis: RedisServer | undefined;
    const gate = new PollGate();
    const servers: Served[] = [];
    const clients: SseClient[] = [];
    try {
      redis = await startRedisServer();
      for (let i = 0; i < 2; i++) servers.push(await startGateway(h, gate, { redisUrl: redis.url }));
      const subs = [];
      for (let i = 0; i < 6; i++) {
        const client = createClient({ url: servers[i % 2]!.url, headers: wide, retryAttempts: 0 });
        clients.push(client);
        const sub = sseSubscription(client, { id: BUSY, from: { now: true } });
        feedOf(await sub.next());
        subs.push(sub);
        // Keep reading, so every event is consumed.
        consume(sub);
      }
      await gate.waiters(6);
      await h.resetStats();
      for (let minute = 0; minute < 3; minute++) await gate.tick(6);
      const stats = await h.stats();
      expect(countCalls(stats, '/feed'), JSON.stringify(stats)).toBe(3);
      for (const s of subs) await s.close();
    } finally {
      for (const c of clients) c.dispose();
      for (const s of servers) await s.close();
      await redis?.stop();
    }
  }, 120_000);

  it('refuses a ledger the client is not granted, a key without the read scope, and payer details without the gdpr scope, each with its code', async () => {
    const gate = new PollGate();
    const served = await startGateway(h, gate);
    try {
      const narrow = createClient({ url: served.url, headers: { authorization: `Bearer ${KEYS.narrow}` }, retryAttempts: 0 });
      const refused = feedOfError(await sseSubscription(narrow, { id: BUSY, from: { now: true } }).next());
      expect(refused.extensions?.code).toBe('NOT_FOUND');
      // Its own ledger, with payer details asked: the entries come, the payer field is refused.
      const withPayer = SUBSCRIPTION.replace('node { id time }', 'node { id time payer { name } }');
      const own = await sseSubscription(narrow, { id: vippsLedgerGlobalId(OTHER), from: { date: facts.today } }, withPayer).next();
      expect(own.data?.ledgerFeed.edges.length).toBeGreaterThan(0);
      expect(own.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      narrow.dispose();

      const writer = createClient({ url: served.url, headers: { authorization: `Bearer ${KEYS.writer}` }, retryAttempts: 0 });
      expect(feedOfError(await sseSubscription(writer, { id: BUSY, from: { now: true } }).next()).extensions?.code).toBe('FORBIDDEN');
      writer.dispose();

      // A forged cursor: a coded input error, before the stream opens.
      const wideClient = createClient({ url: served.url, headers: wide, retryAttempts: 0 });
      expect(feedOfError(await sseSubscription(wideClient, { id: BUSY, after: 'not-a-cursor' }).next()).extensions?.code).toBe(
        'BAD_USER_INPUT',
      );
      wideClient.dispose();
    } finally {
      await served.close();
    }
  }, 60_000);

  it('caps the open subscriptions of one client, and lets one more in once one ends', async () => {
    const gate = new PollGate();
    const served = await startGateway(h, gate);
    const open = [];
    try {
      for (let i = 0; i < 8; i++) {
        const sub = await plainSubscription(served.url, { id: BUSY, from: { now: true } }, { method: 'GET', headers: wide });
        feedOf(await sub.next());
        open.push(sub);
      }
      const ninth = await plainSubscription(served.url, { id: BUSY, from: { now: true } }, { method: 'POST', headers: wide });
      expect(feedOfError(await ninth.next()).extensions?.code).toBe('RATE_LIMITED');
      open.pop()!.close();
      // The closed one is released once the gateway sees the connection go.
      let again: Result | undefined;
      for (let attempt = 0; attempt < 50; attempt++) {
        const sub = await plainSubscription(served.url, { id: BUSY, from: { now: true } }, { method: 'POST', headers: wide });
        again = await sub.next();
        if (!again.errors) {
          open.push(sub);
          break;
        }
        sub.close();
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(again?.errors).toBeUndefined();
    } finally {
      for (const s of open) s.close();
      await served.close();
    }
  }, 60_000);
});

function feedOfError(r: Result): NonNullable<Result['errors']>[number] {
  expect(r.errors?.length, JSON.stringify(r)).toBeGreaterThan(0);
  return r.errors![0]!;
}

describe('a subscription within the limits of a query', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { TALLY_MAX_COST: '500', TALLY_MAX_DEPTH: '4' }, sandbox: { vendors: { vipps: { historyDays: 2 } } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses a subscription over the cost or depth limit, as it refuses the query, before the stream opens', async () => {
    const gate = new PollGate();
    const served = await startGateway(h, gate);
    try {
      const client = createClient({ url: served.url, retryAttempts: 0 });
      // 1000 entries of one field each: over a cost of 500.
      const costly = `subscription($id: ID!) { ledgerFeed(id: $id, first: 1000, from: { now: true }) { edges { node { id } } } }`;
      const refused = feedOfError(await sseSubscription(client, { id: BUSY }, costly).next());
      expect(refused.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'complexity' });
      const deep = `subscription($id: ID!) { ledgerFeed(id: $id, first: 1, from: { now: true }) { edges { node { salesEvent { lines { name } } } } } }`;
      const tooDeep = feedOfError(await sseSubscription(client, { id: BUSY }, deep).next());
      expect(tooDeep.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'depth' });
      // Within both: it opens.
      const fine = `subscription($id: ID!) { ledgerFeed(id: $id, first: 5, from: { now: true }) { tryLater } }`;
      expect(feedOf(await sseSubscription(client, { id: BUSY }, fine).next()).tryLater).toBe(true);
      client.dispose();
    } finally {
      await served.close();
    }
  }, 60_000);
});
