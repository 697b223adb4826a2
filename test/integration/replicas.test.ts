import type { Redis } from 'ioredis';
import { Redis as RedisClient } from 'ioredis';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreatePayoutRuleDocument,
  PayoutRulesDocument,
  UpdatePayoutRuleDocument,
  type CreatePayoutRuleInput,
  type CreatePayoutRuleMutation,
  type PayoutRulesQuery,
  type UpdatePayoutRuleMutation,
} from '../../examples/__generated__/graphql.js';
import { DINTERO_SANDBOX_CREDENTIALS } from '../../src/sandbox/dintero/index.js';
import { sandboxUpstreams } from '../../src/embedded-sandbox.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { credentialFingerprint } from '../../src/sources/http/upstream-client.js';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { type RedisStore } from '../../src/store/index.js';
import { countCalls, NOW, TODAY, vippsLedgerGlobalId } from '../helpers/harness.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import { startReplica, type Replica } from '../helpers/replicas.js';
import { clearSandboxFaults, resetSandboxStats, sandboxStats, setSandboxFaults } from '../helpers/sandbox-http.js';

const facts = vippsSandboxFacts(undefined, { now: NOW });
const BUSY = facts.busy;
const SECRET = 'replica-test-signing-secret-0123456789abcdef';

const JOINED = `query EntriesWithSales($id: ID!, $date: Date!, $first: Int, $after: String) {
  ledger(id: $id) { entries(date: $date, first: $first, after: $after) {
    edges { cursor node { id pspReference amount { minorUnits currency } salesEvent { pspReference amounts { gross { minorUnits } } } } }
    pageInfo { hasNextPage endCursor } } } }`;

interface Page {
  ledger: {
    entries: {
      edges: Array<{ cursor: string; node: { id: string; pspReference: string | null; salesEvent: unknown } }>;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
}

let redis: RedisServer;
let sandbox: RunningSandbox;
let inspect: Redis;
const replicas: Replica[] = [];

async function replica(env: Record<string, string> = {}): Promise<Replica> {
  const r = await startReplica({
    sandboxOrigin: sandbox.origin,
    today: TODAY,
    env: { TALLY_SIGNING_SECRET: SECRET, REDIS_URL: redis.url, ...env },
  });
  replicas.push(r);
  return r;
}

async function stats(): Promise<Record<string, number>> {
  return (await sandboxStats(sandbox.origin)).byEndpoint;
}
const resetStats = () => resetSandboxStats(sandbox.origin);
const total = (s: Record<string, number>) => Object.values(s).reduce((a, b) => a + b, 0);
/** What a load balancer does before it sends traffic: the readiness probe (it also obtains the replica's own tokens). */
const ready = async (r: Replica) => expect((await fetch(new URL('/ready', r.url))).status).toBe(200);

beforeAll(async () => {
  redis = await startRedisServer();
  sandbox = await startSandbox({ port: 0, now: NOW });
  inspect = new RedisClient(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  inspect.on('error', () => {}); // it reconnects by itself after the restart
});

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.close()));
  inspect?.disconnect();
  await sandbox?.close();
  await redis?.stop();
});

describe('two replicas, one sandbox, one Redis', () => {
  it('a closed day read through one replica costs no upstream call through the other; the pages in Redis are encrypted, keyed by credential fingerprint, with TTLs', async () => {
    const [a, b] = [await replica(), await replica()];
    await ready(b);
    const vars = { id: vippsLedgerGlobalId(BUSY.ledgerId), date: BUSY.date, first: 1000 };
    await resetStats();
    const first = await a.gql<Page>(JOINED, vars);
    expect(first.errors).toBeUndefined();
    const cold = await stats();
    expect(countCalls(cold, '/dates/')).toBeGreaterThan(0); // report pages of the day
    expect(countCalls(cold, 'sales')).toBeGreaterThan(0); // and the sales join

    await resetStats();
    const second = await b.gql<Page>(JOINED, vars);
    expect(second.errors).toBeUndefined();
    expect(total(await stats())).toBe(0);
    expect(second.data).toEqual(first.data);
    // The cursor A handed out resumes on B: one gateway, whichever replica answers.
    const next = await b.gql<Page>(JOINED, { ...vars, after: first.data!.ledger.entries.pageInfo.endCursor });
    expect(next.errors).toBeUndefined();

    await inspect.connect();
    const keys = await inspect.keys('tally:page:v1:*');
    expect(keys.length).toBeGreaterThan(0);
    // The credential fingerprint of the Vipps keys that fetched the pages is part of every key.
    const v = sandboxUpstreams(sandbox.origin).vipps!;
    const fingerprint = credentialFingerprint('vipps', v.baseUrl, v.keyType, v.clientId, v.clientSecret);
    expect(new Set(keys.map((k) => k.split(':')[3]))).toEqual(new Set([fingerprint]));
    const psp = first.data!.ledger.entries.edges.find((e) => e.node.pspReference)!.node.pspReference!;
    for (const key of keys.slice(0, 20)) {
      const raw = (await inspect.getBuffer(key))!.toString('latin1');
      expect(raw).not.toContain(psp);
      expect(raw).not.toContain(BUSY.ledgerId);
      expect(raw).not.toContain('items');
      expect(key).not.toContain(BUSY.ledgerId); // the key hashes the request, never shows the URL
      const ttl = await inspect.pttl(key);
      expect(ttl).toBeGreaterThan(0);
    }
  });

  it('a replica with another signing secret cannot read the pages (they do not decrypt): it asks the upstream, without an error', async () => {
    const stranger = await replica({ TALLY_SIGNING_SECRET: 'another-replica-secret-that-is-long-enough-000' });
    await ready(stranger);
    await resetStats();
    const r = await stranger.gql<Page>(JOINED, { id: vippsLedgerGlobalId(BUSY.ledgerId), date: BUSY.date, first: 50 });
    expect(r.errors).toBeUndefined();
    expect(countCalls(await stats(), '/dates/')).toBeGreaterThan(0);
  });

  it('Redis restarts in the middle of a walk: every page answers, nothing is lost or repeated, each replica warns once, and sharing resumes', async () => {
    const [a, b] = [await replica(), await replica()];
    await Promise.all([ready(a), ready(b)]);
    await inspect.flushall();
    const id = vippsLedgerGlobalId(BUSY.ledgerId);
    const seen: string[] = [];
    let after: string | null = null;
    let page = 0;
    for (;;) {
      if (page === 4) await redis.stop();
      if (page === 8) {
        await redis.start();
        for (const r of [a, b]) expect(await (r.gateway.sources.store as RedisStore).connected(10_000)).toBe(true);
      }
      // Alternate replicas, as a load balancer would.
      const r: Replica = page % 2 === 0 ? a : b;
      const res: Awaited<ReturnType<typeof r.gql<Page>>> = await r.gql<Page>(JOINED, { id, date: BUSY.date, first: 200, after });
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
      const conn = res.data!.ledger.entries;
      seen.push(...conn.edges.map((e) => e.node.id));
      page++;
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(page).toBeGreaterThan(8);
    expect(seen).toHaveLength(BUSY.fundsEntries);
    expect(new Set(seen).size).toBe(BUSY.fundsEntries);
    // One warning per outage and replica (a replica that happened not to touch Redis while it was
    // down has nothing to warn about), an all-clear after it, and never the URL (it may hold a password).
    const warned = [a, b].map((r) => r.logs.filter((l) => l.startsWith('warn: Redis is unavailable')).length);
    expect(Math.max(...warned)).toBe(1);
    for (const r of [a, b]) {
      if (r.logs.some((l) => l.startsWith('warn:'))) expect(r.logs.some((l) => l.startsWith('info: Redis answers again'))).toBe(true);
      expect(r.logs.join('\n')).not.toContain(redis.url);
    }

    // Sharing resumes: the restarted (empty) Redis fills from one replica and serves the other.
    a.clearProcessCache();
    b.clearProcessCache();
    const walk = async (r: Replica) => {
      let cursor: string | null = null;
      for (;;) {
        const res: Awaited<ReturnType<typeof r.gql<Page>>> = await r.gql<Page>(JOINED, { id, date: BUSY.date, first: 1000, after: cursor });
        expect(res.errors).toBeUndefined();
        if (!res.data!.ledger.entries.pageInfo.hasNextPage) return;
        cursor = res.data!.ledger.entries.pageInfo.endCursor;
      }
    };
    await walk(a);
    await resetStats();
    await walk(b);
    expect(total(await stats())).toBe(0);
  });
});

describe('writes through two replicas', () => {
  const TEST = DINTERO_SANDBOX_CREDENTIALS.test.accountId;
  const RULES_POST = 'dintero POST /v1/accounts/:aid/billing/payout-rules';
  const input = (ruleId: string, idempotencyKey: string): CreatePayoutRuleInput => ({
    accountId: TEST,
    ruleType: 'order.items.store.id',
    ruleId,
    idempotencyKey,
    destinations: [{ type: 'PERCENTAGE', value: '100', destination: 'seller' }],
  });
  const create = (r: Replica, i: CreatePayoutRuleInput) => r.gql<CreatePayoutRuleMutation>(print(CreatePayoutRuleDocument), { input: i });
  const rulesNamed = async (r: Replica, ruleId: string) =>
    (await r.gql<PayoutRulesQuery>(print(PayoutRulesDocument), { accountId: TEST, ruleType: 'order.items.store.id', ruleId })).data!
      .billingAccount!.payoutRules!.edges;

  it('a retried create with the same key is one rule whichever replica gets it (the record is shared: the retry never reaches Dintero)', async () => {
    const [a, b] = [await replica(), await replica()];
    await resetStats();
    const key = 'replica-create-0000-4000-8000-000000000001';
    const first = await create(a, input('store-replicas', key));
    expect(first.errors, JSON.stringify(first.errors)).toBeUndefined();
    expect(first.data!.createPayoutRule.replayed).toBe(false);
    expect(countCalls(await stats(), RULES_POST)).toBe(1);

    const retried = await create(b, input('store-replicas', key));
    expect(retried.errors).toBeUndefined();
    expect(retried.data!.createPayoutRule).toMatchObject({
      replayed: true,
      idempotencyKey: key,
      payoutRule: { id: first.data!.createPayoutRule.payoutRule.id },
    });
    expect(countCalls(await stats(), RULES_POST)).toBe(1);
    expect(await rulesNamed(a, 'store-replicas')).toHaveLength(1);
  });

  it('a create whose answer was lost on one replica, retried on the other with its key, ends with exactly one rule', async () => {
    const [a, b] = [await replica(), await replica()];
    const key = 'replica-create-0000-4000-8000-000000000002';
    await setSandboxFaults(sandbox.origin, { dintero: { lostReplyRate: 1, endpoints: ['payout-rules'] } });
    let lost;
    try {
      lost = await create(a, input('store-lost-reply', key));
    } finally {
      await clearSandboxFaults(sandbox.origin);
    }
    expect(lost.errors?.[0]?.extensions?.code).toBe('UPSTREAM_OUTCOME_UNKNOWN');
    const retried = await create(b, input('store-lost-reply', key));
    expect(retried.errors).toBeUndefined();
    const rules = await rulesNamed(b, 'store-lost-reply');
    expect(rules).toHaveLength(1);
    expect(rules[0]!.node.id).toBe(retried.data!.createPayoutRule.payoutRule.id);
  });

  it('while Redis is down, writes that need the replicas to agree are refused with COORDINATION_UNAVAILABLE on both replicas, before Dintero is called; reads still answer', async () => {
    const [a, b] = [await replica(), await replica()];
    const created = await create(a, input('store-redis-down', 'replica-create-0000-4000-8000-000000000003'));
    expect(created.errors, JSON.stringify(created.errors)).toBeUndefined();
    const rule = created.data!.createPayoutRule.payoutRule;
    const update = (r: Replica, value: string) =>
      r.gql<UpdatePayoutRuleMutation>(print(UpdatePayoutRuleDocument), {
        input: { id: rule.id, expectedVersion: rule.ruleVersion, destinations: [{ type: 'PERCENTAGE', value, destination: 'seller' }] },
      });
    await redis.stop();
    try {
      await resetStats();
      // Two edits from the same version, one per replica, at the same time: neither may win by
      // coordinating in its own memory (one of them would overwrite the other unknowingly).
      const [ua, ub] = await Promise.all([update(a, '60'), update(b, '40')]);
      for (const u of [ua, ub]) {
        expect(u.data?.updatePayoutRule ?? null).toBeNull();
        expect(u.errors?.[0]?.extensions).toMatchObject({ code: 'COORDINATION_UNAVAILABLE' });
      }
      const again = await create(b, input('store-redis-down-2', 'replica-create-0000-4000-8000-000000000004'));
      expect(again.errors?.[0]?.extensions?.code).toBe('COORDINATION_UNAVAILABLE');
      const written = Object.entries(await stats()).filter(
        ([endpoint]) => /dintero (PUT|POST|DELETE) /.test(endpoint) && !endpoint.includes('token'),
      );
      expect(written).toEqual([]);
      // Reads degrade (no shared cache) but answer.
      const rules = await rulesNamed(a, 'store-redis-down');
      expect(rules.map((e) => e.node.ruleVersion)).toEqual([rule.ruleVersion]);
    } finally {
      await redis.start();
    }
    for (const r of [a, b]) expect(await (r.gateway.sources.store as RedisStore).connected(10_000)).toBe(true);
    const after = await update(b, '40');
    expect(after.errors).toBeUndefined();
    expect(after.data!.updatePayoutRule).toMatchObject({ previousVersion: rule.ruleVersion, interleavedWrite: false });
  });
});
