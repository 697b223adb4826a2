import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { NOW, TODAY } from '../helpers/harness.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { startReplica, type Replica } from '../helpers/replicas.js';

const KEY = 'partner-key-0123456789abcdef';
const PER_MINUTE = 6;
let redis: RedisServer;
let sandbox: RunningSandbox;
let dir: string;
const replicas: Replica[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  sandbox = await startSandbox({ port: 0, now: NOW });
  dir = mkdtempSync(path.join(tmpdir(), 'tally-clients-'));
  const clients = { clients: [{ name: 'partner', keySha256: createHash('sha256').update(KEY).digest('hex'), ledgers: ['*'], dinteroAccounts: ['*'], scopes: ['read'], requestsPerMinute: PER_MINUTE }] };
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
    const env = { TALLY_SIGNING_SECRET: 'replica-rate-signing-secret-0123456789abcdef', REDIS_URL: redis.url, TALLY_CLIENTS: path.join(dir, 'clients.json') };
    const [a, b] = [await startReplica({ sandboxOrigin: sandbox.origin, today: TODAY, env }), await startReplica({ sandboxOrigin: sandbox.origin, today: TODAY, env })];
    replicas.push(a, b);
    const statuses: number[] = [];
    for (let i = 0; i < PER_MINUTE + 2; i++) {
      const r = i % 2 === 0 ? a : b;
      statuses.push((await r.gql('query Rate { __typename }', {}, { authorization: `Bearer ${KEY}` })).status);
    }
    // Each replica saw only half of the requests: alone, neither would have refused any. The bucket
    // refills one request every 10 s (6 a minute), far slower than these requests follow each other.
    expect(statuses).toEqual([...Array<number>(PER_MINUTE).fill(200), 429, 429]);
    const refused = await fetch(b.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(10);
  });
});
