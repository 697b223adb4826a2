import { createHash } from 'node:crypto';
import { Agent, type Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SettlementsScreenDocument,
  type SettlementsScreenQuery,
  type SettlementsScreenQueryVariables,
} from '../../examples/__generated__/graphql.js';
import { DownloadLinks } from '../../src/downloads/links.js';
import {
  DINTERO_SANDBOX_CREDENTIALS,
  dinteroSandboxFacts,
  type Settlement as UpstreamSettlement,
} from '../../src/sandbox/dintero/index.js';
import { countCalls, startHarness, TODAY, type Harness } from '../helpers/harness.js';
import { graphql } from '../__generated__/index.js';
import { walkConnection } from '../helpers/connections.js';

const TEST = DINTERO_SANDBOX_CREDENTIALS.test;
const PROD = DINTERO_SANDBOX_CREDENTIALS.production;
const facts = dinteroSandboxFacts(undefined, { today: TODAY });
const SECRET = 'integration-test-signing-secret-0123456789';
const API_KEY = 'dintero-test-api-key';
const AUTH = { authorization: `Bearer ${API_KEY}` };
/** Small upstream pages, so every walk crosses many `last_evaluated_key` cursors. */
const UPSTREAM_PAGE = 7;

const settlementGlobalId = (aid: string, id: string) => Buffer.from(`Settlement:${aid}:${id}`).toString('base64url');

/** Records the request targets the gateway sends upstream, to see the cursor parts it carries. */
function recordingDispatcher(): { dispatcher: Dispatcher; paths: string[] } {
  const paths: string[] = [];
  const dispatcher = new Agent().compose((dispatch) => (opts, handler) => {
    paths.push(String(opts.path));
    return dispatch(opts, handler);
  });
  return { dispatcher, paths };
}

/** The sandbox's own answer, fetched directly in one call (limit 1000): what every walk must equal. */
async function upstreamList(h: Harness, aid: string, query: Record<string, string | string[]>): Promise<UpstreamSettlement[]> {
  const creds = aid === TEST.accountId ? TEST : PROD;
  const tokenRes = await fetch(`${h.sandbox.origin}/dintero/v1/accounts/${aid}/auth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${creds.clientId}:${creds.clientSecret}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ grant_type: 'client_credentials', audience: `https://api.dintero.com/v1/accounts/${aid}` }),
  });
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  const q = new URLSearchParams({ limit: '1000' });
  for (const [k, v] of Object.entries(query)) for (const item of [v].flat()) q.append(k, item);
  const res = await fetch(`${h.sandbox.origin}/dintero/v1/accounts/${aid}/settlements?${q}`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
  const body = (await res.json()) as { items: UpstreamSettlement[]; last_evaluated_key?: unknown };
  expect(body.last_evaluated_key).toBeUndefined();
  return body.items;
}

type Vars = Omit<SettlementsScreenQueryVariables, 'accountId' | 'first' | 'after'>;
type Node = NonNullable<NonNullable<SettlementsScreenQuery['billingAccount']>['settlements']>['edges'][number]['node'];

async function walk(h: Harness, aid: string, first: number, vars: Vars): Promise<{ nodes: Node[]; pages: number }> {
  const { nodes, requests } = await walkConnection(async (after) => {
    const res = await h.op(SettlementsScreenDocument, { accountId: aid, first, after, ...vars }, AUTH);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const conn = res.data?.billingAccount?.settlements;
    if (!conn) throw new Error('no connection');
    return conn;
  }, 999);
  return { nodes, pages: requests };
}

describe('Dintero settlements through the gateway', () => {
  let h: Harness;
  const rec = recordingDispatcher();

  beforeAll(async () => {
    h = await startHarness({
      http: true,
      env: { TALLY_API_KEY_SHA256: createHash('sha256').update(API_KEY).digest('hex') },
      gateway: { sourceOptions: { dispatcher: rec.dispatcher, dintero: { settlementPageSize: UPSTREAM_PAGE } } },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  const filters: Array<[string, Vars, Record<string, string | string[]>]> = [
    ['no filter', {}, {}],
    [
      'a settled-date range',
      { settledFrom: '2026-10-01', settledTo: '2026-11-05' },
      { 'created_at.gte': '2026-10-01', 'created_at.lte': '2026-11-05' },
    ],
    [
      'a created-date range (pages by created_at)',
      { createdFrom: '2026-10-10', createdTo: '2026-11-20' },
      { 'item_created_at.gte': '2026-10-10', 'item_created_at.lte': '2026-11-20' },
    ],
    ['created from only (postponed settlements included)', { createdFrom: '2026-09-01' }, { 'item_created_at.gte': '2026-09-01' }],
    [
      'settled from with created to',
      { settledFrom: '2026-09-15', createdTo: '2026-11-01' },
      { 'created_at.gte': '2026-09-15', 'item_created_at.lte': '2026-11-01' },
    ],
    ['providers', { providers: ['vipps', 'payex'] }, { payment_provider: ['payex', 'vipps'] }],
    ['a payout destination', { payoutDestinationId: 'PD002' }, { payout_destination_id: 'PD002' }],
    ['search in ids', { search: 'a' }, { search: 'a' }],
    [
      'everything at once',
      { settledFrom: '2026-08-01', settledTo: '2026-11-19', providers: ['collector', 'bambora', 'swish'], payoutDestinationId: 'PD001' },
      {
        'created_at.gte': '2026-08-01',
        'created_at.lte': '2026-11-19',
        payment_provider: ['bambora', 'collector', 'swish'],
        payout_destination_id: 'PD001',
      },
    ],
  ];

  it.each(filters)('walks %s with several page sizes, each walk equal to the full filtered list', async (_name, vars, upstreamQuery) => {
    const expected = (await upstreamList(h, TEST.accountId, upstreamQuery)).map((s) => s.id);
    expect(expected.length).toBeGreaterThan(0);
    for (const first of [1, 3, UPSTREAM_PAGE, 10, 1000]) {
      if (first === 1 && expected.length > 40) continue;
      const { nodes } = await walk(h, TEST.accountId, first, vars);
      expect(nodes.map((n) => n.settlementId)).toEqual(expected);
    }
  });

  it('carries both parts of last_evaluated_key on every next page: id with settled_at, or with created_at when filtering by creation', async () => {
    const all = await upstreamList(h, TEST.accountId, {});
    const byId = new Map(all.map((s) => [s.id, s]));
    for (const [vars, dateOf] of [
      [{}, (s: UpstreamSettlement) => s.settled_at ?? s.created_at],
      [{ createdFrom: '2026-01-01' }, (s: UpstreamSettlement) => s.created_at],
    ] as const) {
      h.clearCache();
      rec.paths.length = 0;
      const { nodes } = await walk(h, TEST.accountId, 1000, vars);
      const calls = rec.paths.filter((p) => p.includes('/settlements?')).map((p) => new URL(p, 'http://x').searchParams);
      expect(calls.length).toBe(Math.ceil(nodes.length / UPSTREAM_PAGE));
      expect(calls[0]?.has('starting_after_id')).toBe(false);
      calls.slice(1).forEach((q, i) => {
        // The page before this one ended with the item at index (i + 1) * page - 1 of the walk.
        const last = byId.get(nodes[(i + 1) * UPSTREAM_PAGE - 1]?.settlementId ?? '') as UpstreamSettlement;
        expect(q.get('starting_after_id')).toBe(last.id);
        expect(q.get('starting_after_date')).toBe(dateOf(last));
      });
      // Postponed settlements (settled_at null) are in the walk, so the created_at fallback was exercised.
      expect(nodes.some((n) => n.paymentStatus === 'POSTPONED')).toBe(true);
    }
  });

  it('reads each upstream page once however small the GraphQL pages are (pages are kept 30 s)', async () => {
    h.clearCache();
    await h.resetStats();
    const { nodes, pages } = await walk(h, TEST.accountId, 3, {});
    expect(pages).toBe(Math.ceil(nodes.length / 3));
    expect(countCalls(await h.stats(), 'GET /v1/accounts/:aid/settlements')).toBe(Math.ceil(nodes.length / UPSTREAM_PAGE));
  });

  it('gives every amount with one fee sign: positive magnitudes with net = capture - refund - fee, whatever the provider sent', async () => {
    const upstream = new Map((await upstreamList(h, TEST.accountId, {})).map((s) => [s.id, s]));
    const { nodes } = await walk(h, TEST.accountId, 1000, {});
    const providersSeen = new Set<string>();
    for (const n of nodes) {
      const raw = upstream.get(n.settlementId) as UpstreamSettlement;
      expect(n.amounts.map((a) => a.currency)).toEqual(raw.amounts.map((a) => a.currency));
      n.amounts.forEach((a, i) => {
        const r = raw.amounts[i] as UpstreamSettlement['amounts'][number];
        expect(a.fee.minorUnits).toBe(Math.abs(r.fee));
        expect(a.fee.minorUnits).toBeGreaterThan(0);
        expect(a.capture.minorUnits - a.refund.minorUnits - a.fee.minorUnits).toBe(a.net.minorUnits);
        expect(a.net.minorUnits).toBe(r.amount);
        expect(a.fee.currency).toBe(r.currency);
        if (r.fee < 0) providersSeen.add(`negative:${n.provider}`);
        else providersSeen.add(`positive:${n.provider}`);
      });
    }
    // Both upstream conventions were present and normalised.
    for (const p of facts.negativeFeeProviders) expect(providersSeen.has(`negative:${p}`)).toBe(true);
    for (const p of facts.positiveFeeProviders) expect(providersSeen.has(`positive:${p}`)).toBe(true);
    const multi = nodes.find((n) => n.settlementId === facts.accounts.test.multiCurrencySettlementIds[0]);
    expect(multi?.amounts.length).toBe(2);
  });

  it('refuses a malformed account id, an account without credentials and uncombinable filters before any upstream call', async () => {
    await h.resetStats();
    const q =
      'query($a: String!, $f: Date, $c: Date) { billingAccount(accountId: $a) { accountId settlements(settledFrom: $f, createdFrom: $c) { edges { node { id } } } } }';
    const malformed = await h.gql(q, { a: 'X1234567' }, AUTH);
    expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(malformed.errors?.[0]?.message).toMatch(/T \(test\) or P \(production\) followed by 8 digits/);
    const lower = await h.gql(q, { a: 't12345678' }, AUTH);
    expect(lower.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const unknown = await h.gql(q, { a: 'T99999999' }, AUTH);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const both = await h.gql(q, { a: TEST.accountId, f: '2026-10-01', c: '2026-10-01' }, AUTH);
    expect(both.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(both.errors?.[0]?.message).toMatch(/settledFrom.*createdFrom.*cannot be combined/);
    expect(both.data?.billingAccount).toEqual({ accountId: TEST.accountId, settlements: null });
    expect(countCalls(await h.stats(), 'dintero')).toBe(0);
  });

  it('keeps accounts apart and refetches settlements and accounts by global id', async () => {
    const res = await h.op(
      graphql(`query DinteroSettlementsBillingAccounts { billingAccounts { id accountId environment isTest } }`),
      {},
      AUTH,
    );
    expect(res.data?.billingAccounts.map((a) => [a.accountId, a.environment, a.isTest])).toEqual([
      [TEST.accountId, 'TEST', true],
      [PROD.accountId, 'PRODUCTION', false],
    ]);
    const prod = await walk(h, PROD.accountId, 1000, {});
    expect(prod.nodes.map((n) => n.settlementId)).toEqual((await upstreamList(h, PROD.accountId, {})).map((s) => s.id));
    expect(prod.nodes.every((n) => facts.accounts.production.stores.includes(n.storeId ?? 'webshop'))).toBe(true);

    const id = facts.accounts.production.postponedSettlementIds[0] as string;
    const node = await h.op(
      graphql(
        `query DinteroSettlementsNode($id: ID!, $acc: ID!) { node(id: $id) { id ... on Settlement { settlementId paymentStatus settledAt accountId } } account: node(id: $acc) { ... on BillingAccount { accountId } } }`,
      ),
      { id: settlementGlobalId(PROD.accountId, id), acc: res.data!.billingAccounts[1]!.id },
      AUTH,
    );
    expect(node.errors).toBeUndefined();
    expect(node.data?.node).toMatchObject({
      id: settlementGlobalId(PROD.accountId, id),
      settlementId: id,
      paymentStatus: 'POSTPONED',
      settledAt: null,
      accountId: PROD.accountId,
    });
    expect(node.data?.account).toEqual({ accountId: PROD.accountId });
    // The same settlement id under the other account is not visible.
    const foreign = await h.op(
      graphql(`query DinteroSettlementsNode2($id: ID!) { node(id: $id) { id } }`),
      { id: settlementGlobalId(TEST.accountId, id) },
      AUTH,
    );
    expect(foreign.data?.node).toBeNull();
    expect(foreign.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  describe('attachment downloads', () => {
    async function attachmentsOf(settlementId: string) {
      const res = await h.op(
        graphql(
          `query DinteroSettlementsNode3($id: ID!) { node(id: $id) { ... on Settlement { attachments { attachmentId fileName contentType downloadUrl downloadUrlExpiresAt } } } }`,
        ),
        { id: settlementGlobalId(TEST.accountId, settlementId) },
        AUTH,
      );
      expect(res.errors).toBeUndefined();
      return res.data?.node!.attachments ?? [];
    }

    /** The file as Dintero serves it: the `{url}` link, then the link fetched without a token. */
    async function upstreamFile(settlementId: string, attachmentId: string): Promise<{ bytes: Buffer; type: string | null }> {
      const tokenRes = await fetch(`${h.sandbox.origin}/dintero/v1/accounts/${TEST.accountId}/auth/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${TEST.clientId}:${TEST.clientSecret}`).toString('base64')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ grant_type: 'client_credentials', audience: `https://api.dintero.com/v1/accounts/${TEST.accountId}` }),
      });
      const { access_token } = (await tokenRes.json()) as { access_token: string };
      const link = await fetch(
        `${h.sandbox.origin}/dintero/v1/accounts/${TEST.accountId}/settlements/${settlementId}/attachments/${attachmentId}`,
        {
          headers: { authorization: `Bearer ${access_token}` },
        },
      );
      const { url } = (await link.json()) as { url: string };
      const file = await fetch(url);
      return { bytes: Buffer.from(await file.arrayBuffer()), type: file.headers.get('content-type') };
    }

    it.each(['pdf', 'xml', 'csv'] as const)('streams a %s attachment byte for byte from a signed link, without an API key', async (ext) => {
      const ref = facts.accounts.test.attachments[ext];
      if (!ref) throw new Error(`no ${ext} attachment in the sandbox`);
      const attachment = (await attachmentsOf(ref.settlementId)).find((a) => a.attachmentId === ref.attachmentId);
      if (!attachment) throw new Error('attachment missing');
      expect(new URL(attachment.downloadUrl).origin).toBe(new URL(h.url).origin);
      expect(new URL(attachment.downloadUrl).pathname.startsWith('/downloads/')).toBe(true);
      // No credential of any kind in the link.
      for (const secret of [TEST.clientSecret, TEST.clientId, API_KEY]) expect(attachment.downloadUrl).not.toContain(secret);
      expect(Date.parse(attachment.downloadUrlExpiresAt) - Date.now()).toBeGreaterThan(800_000);

      await h.resetStats();
      const res = await fetch(attachment.downloadUrl);
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      const stats = await h.stats();
      // Two upstream requests: the attachment endpoint with the token, then the signed file link without it (the sandbox answers 400 to a link sent with a token).
      expect(countCalls(stats, 'attachments/:attachmentId')).toBe(1);
      expect(countCalls(stats, '/_files/:token')).toBe(1);
      const expected = await upstreamFile(ref.settlementId, ref.attachmentId);
      expect(bytes.equals(expected.bytes)).toBe(true);
      expect(bytes.length).toBeGreaterThan(100);
      expect(res.headers.get('content-type')).toBe(attachment.contentType);
      expect(res.headers.get('content-type')).toBe(expected.type);
      expect(res.headers.get('content-disposition')).toContain(`filename="${attachment.fileName}"`);
      expect(attachment.fileName.endsWith(`.${ext}`)).toBe(true);
      if (ext === 'pdf') expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    });

    it('refuses a tampered, truncated or foreign link with 403 and an expired one with 410, without asking Dintero', async () => {
      const ref = facts.accounts.test.attachments.pdf as { settlementId: string; attachmentId: string };
      const { downloadUrl } = (await attachmentsOf(ref.settlementId)).find((a) => a.attachmentId === ref.attachmentId) as {
        downloadUrl: string;
      };
      const [payload, mac] = new URL(downloadUrl).pathname.slice('/downloads/'.length).split('.') as [string, string];
      // Point the link at another attachment while keeping the signature.
      const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const other = facts.accounts.test.attachments.csv as { settlementId: string; attachmentId: string };
      const forged = Buffer.from(JSON.stringify({ ...decoded, s: other.settlementId, t: other.attachmentId })).toString('base64url');
      const flipped = `${payload.slice(0, -1)}${payload.endsWith('A') ? 'B' : 'A'}`;
      const foreign = new DownloadLinks('another-deployment-secret-0123456789', 900, () => '').sign({
        accountId: TEST.accountId,
        settlementId: ref.settlementId,
        attachmentId: ref.attachmentId,
        fileName: 'x.pdf',
        contentType: 'application/pdf',
      }).token;
      await h.resetStats();
      for (const token of [`${forged}.${mac}`, `${flipped}.${mac}`, payload, `${payload}.${mac.slice(0, 10)}`, foreign, 'nonsense']) {
        const res = await fetch(`${new URL(h.url).origin}/downloads/${token}`);
        expect(res.status).toBe(403);
        expect(res.headers.get('content-type')).toContain('application/json');
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe('DOWNLOAD_LINK_INVALID');
        expect(body.error.message).toMatch(/not valid/);
      }

      // A correctly signed link whose time is up (signed as if 20 minutes ago, with the gateway's secret).
      const expired = new DownloadLinks(
        SECRET,
        900,
        () => '',
        () => Date.now() - 20 * 60_000,
      ).sign({
        accountId: TEST.accountId,
        settlementId: ref.settlementId,
        attachmentId: ref.attachmentId,
        fileName: 'x.pdf',
        contentType: 'application/pdf',
      }).token;
      const res = await fetch(`${new URL(h.url).origin}/downloads/${expired}`);
      expect(res.status).toBe(410);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('DOWNLOAD_LINK_EXPIRED');
      expect(body.error.message).toMatch(/expired at/);
      expect(countCalls(await h.stats(), 'dintero')).toBe(0);

      // The same link, fresh, still works: the refusals were about the links, not the file.
      const fresh = new DownloadLinks(SECRET, 900, () => '').sign({
        accountId: TEST.accountId,
        settlementId: ref.settlementId,
        attachmentId: ref.attachmentId,
        fileName: 'x.pdf',
        contentType: 'application/pdf',
      }).token;
      expect((await fetch(`${new URL(h.url).origin}/downloads/${fresh}`)).status).toBe(200);
    });
  });
});

describe('Dintero reads under rate limiting', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      sandbox: {
        vendors: { dintero: { rateLimit: { everyNthRequest: 2, retryAfterSeconds: 1, endpoints: ['GET /v1/accounts/:aid/settlements'] } } },
      },
      gateway: { sourceOptions: { dintero: { settlementPageSize: UPSTREAM_PAGE } } },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('waits out a 429 Retry-After on a read and returns the complete page', async () => {
    await h.resetStats();
    h.clearCache();
    const started = performance.now();
    const res = await h.op(
      graphql(
        `query DinteroSettlementsBillingAccount { billingAccount(accountId: "T12345678") { settlements(first: 10) { edges { node { settlementId } } } } }`,
      ),
    );
    const elapsed = performance.now() - started;
    expect(res.errors).toBeUndefined();
    expect(res.data?.billingAccount!.settlements!.edges).toHaveLength(10);
    // Upstream: page 1 ok, page 2 answered 429 with Retry-After: 1, page 2 again after a second.
    expect(countCalls(await h.stats(), 'GET /v1/accounts/:aid/settlements')).toBe(3);
    expect(elapsed).toBeGreaterThanOrEqual(950);
  });
});
