import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { NOW, TODAY, vippsLedgerGlobalId } from '../helpers/harness.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { startReplica, type Replica } from '../helpers/replicas.js';
import { resetSandboxStats, sandboxStats } from '../helpers/sandbox-http.js';

const KEY = 'partner-key-0123456789abcdef';
const PER_MINUTE = 6;
/** A second client, whose request rate is no limit here: only its upstream calls are. */
const READER_KEY = 'reader-key-0123456789abcdef';
let redis: RedisServer;
let sandbox: RunningSandbox;
let dir: string;
const replicas: Replica[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  sandbox = await startSandbox({ port: 0, now: NOW });
  dir = mkdtempSync(path.join(tmpdir(), 'tally-clients-'));
  const clients = {
    clients: [
      {
        name: 'partner',
        keySha256: createHash('sha256').update(KEY).digest('hex'),
        ledgers: ['*'],
        dinteroAccounts: ['*'],
        scopes: ['read'],
        requestsPerMinute: PER_MINUTE,
      },
      {
        name: 'reader',
        keySha256: createHash('sha256').update(READER_KEY).digest('hex'),
        ledgers: ['*'],
        dinteroAccounts: ['*'],
        scopes: ['read'],
        requestsPerMinute: 600,
      },
    ],
  };
  writeFileSync(path.join(dir, 'clients.json'), JSON.stringify(clients));
});

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.close()));
  await sandbox?.close();
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('rate limits across replicas', () => {
  it("a client's rate is counted across replicas: its requests through both add up to one limit", async () => {
    const env = {
      TALLY_SIGNING_SECRET: 'replica-rate-signing-secret-0123456789abcdef',
      REDIS_URL: redis.url,
      TALLY_CLIENTS: path.join(dir, 'clients.json'),
    };
    const [a, b] = [
      await startReplica({ sandboxOrigin: sandbox.origin, today: TODAY, env }),
      await startReplica({ sandboxOrigin: sandbox.origin, today: TODAY, env }),
    ];
    replicas.push(a, b);
    const statuses: number[] = [];
    for (let i = 0; i < PER_MINUTE + 2; i++) {
      const r = i % 2 === 0 ? a : b;
      statuses.push((await r.gql('query Rate { __typename }', {}, { authorization: `Bearer ${KEY}` })).status);
    }
    // Each replica saw only half of the requests: alone, neither would have refused any. The bucket
    // refills one request every 10 s (6 a minute), far slower than these requests follow each other.
    expect(statuses).toEqual([...Array<number>(PER_MINUTE).fill(200), 429, 429]);
    const refused = await fetch(b.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(10);
  });

  it("a client's upstream calls per minute are counted across replicas: a second replica refuses the calls the first one already spent", async () => {
    const PER_MINUTE_CALLS = 10;
    const env = {
      TALLY_SIGNING_SECRET: 'replica-rate-signing-secret-0123456789abcdef',
      REDIS_URL: redis.url,
      TALLY_CLIENTS: path.join(dir, 'clients.json'),
      TALLY_UPSTREAM_CALLS_PER_MINUTE: String(PER_MINUTE_CALLS),
    };
    const [a, b] = [
      await startReplica({ sandboxOrigin: sandbox.origin, today: TODAY, env }),
      await startReplica({ sandboxOrigin: sandbox.origin, today: TODAY, env }),
    ];
    replicas.push(a, b);
    const id = vippsLedgerGlobalId(vippsSandboxFacts(undefined, { now: NOW }).busy.ledgerId);
    const week = (to: string) =>
      `query Week($id: ID!) { ledger(id: $id) { entries(from: "${new Date(Date.parse(`${to}T12:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10)}", to: "${to}", first: 1) { summary { count } } } }`;
    await resetSandboxStats(sandbox.origin);
    const auth = { authorization: `Bearer ${READER_KEY}` };
    const first = await a.gql<{ ledger: { entries: { summary: { count: number } | null } } | null }>(week('2026-11-19'), { id }, auth);
    const second = await b.gql<{ ledger: { entries: { summary: { count: number } | null } } | null }>(week('2026-10-19'), { id }, auth);
    const stats = await sandboxStats(sandbox.origin);
    const dataCalls = Object.entries(stats.byEndpoint)
      .filter(([endpoint]) => !/token/i.test(endpoint))
      .reduce((n, [, v]) => n + v, 0);
    // Alone, each replica would have allowed 10 calls; together they made at most 10.
    expect(dataCalls).toBeLessThanOrEqual(PER_MINUTE_CALLS);
    const refused = [...(first.errors ?? []), ...(second.errors ?? [])].filter((e) => e.extensions?.code === 'RATE_LIMITED');
    expect(refused.length).toBeGreaterThan(0);
    expect(second.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 'upstreamCallsPerMinute', max: PER_MINUTE_CALLS });
    expect(Number(second.errors?.[0]?.extensions?.retryAfterSeconds)).toBeGreaterThan(0);
  });
});
