import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import {
  DINTERO_SANDBOX_CREDENTIALS,
  dinteroSandboxFacts,
  type BillingReport,
  type CostItem,
  type PayoutRule,
  type ReportConfig,
  type Settlement,
  type Subscription,
} from '../../src/sandbox/dintero/index.js';
import {
  SEED_BILLING_REPORTS,
  SEED_COSTS,
  SEED_DESTINATIONS,
  SEED_PAYOUT_RULE,
  SEED_PAYOUT_RULE_REQUEST,
  SEED_PAYOUT_RULES,
  SEED_SUBSCRIPTIONS,
  shapeDifferences,
} from '../fixtures/dintero-billing-seed.js';
import { request as call, type Reply, resetSandboxStats, sandboxStats, setSandboxFaults } from '../helpers/sandbox-http.js';

const NOW = '2026-11-20T14:30:00Z';
const TEST = DINTERO_SANDBOX_CREDENTIALS.test;
const PROD = DINTERO_SANDBOX_CREDENTIALS.production;
const facts = dinteroSandboxFacts(undefined, { today: NOW.slice(0, 10) });

interface ErrorBody {
  error: { code?: string; message: string; errors?: Array<{ path?: string; message: string }> };
}

function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

function expectEnvelope(reply: Reply<unknown>, status: number): ErrorBody['error'] {
  expect(reply.status).toBe(status);
  expect(reply.headers.get('content-type')).toContain('application/json');
  const body = reply.body as ErrorBody;
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error;
}

class Client {
  constructor(
    readonly origin: string,
    readonly accountId: string,
    readonly token: string,
  ) {}

  static async login(origin: string, creds: { accountId: string; clientId: string; clientSecret: string }): Promise<Client> {
    const reply = await requestToken(origin, creds.accountId, basic(creds.clientId, creds.clientSecret), {
      grant_type: 'client_credentials',
      audience: `https://api.dintero.com/v1/accounts/${creds.accountId}`,
    });
    expect(reply.status).toBe(200);
    return new Client(origin, creds.accountId, (reply.body as { access_token: string }).access_token);
  }

  url(path: string, aid = this.accountId): string {
    return `${this.origin}/dintero/v1/accounts/${aid}${path}`;
  }

  get<T>(path: string, init: { aid?: string; headers?: Record<string, string> } = {}): Promise<Reply<T>> {
    return call<T>(this.url(path, init.aid), { headers: { authorization: `Bearer ${this.token}`, ...init.headers } });
  }

  send<T>(method: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    return call<T>(this.url(path), {
      method,
      headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
}

function requestToken(origin: string, oid: string, authorization: string | undefined, body: unknown): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization) headers.authorization = authorization;
  return call(`${origin}/dintero/v1/accounts/${oid}/auth/token`, { method: 'POST', headers, body: JSON.stringify(body) });
}

type SettlementPage = {
  items: Settlement[];
  last_evaluated_key?: { id: string; account_id: string; settled_at: string | null; created_at: string };
};

/**
 * Walks every page the way a client must (dintero quirk 1 (docs/upstreams/dintero.md)): both cursor parts from `last_evaluated_key`, the date
 * being `settled_at`, or `created_at` when filtering with item_created_at.* or while `settled_at` is null.
 */
async function walk(client: Client, query: Record<string, string | string[]>, limit: number | undefined, byCreated = false) {
  const items: Settlement[] = [];
  const cursorDates: Array<string | null> = [];
  let cursor: { id: string; date: string } | undefined;
  for (let pages = 0; pages < 2000; pages++) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) for (const one of [v].flat()) q.append(k, one);
    if (limit !== undefined) q.set('limit', String(limit));
    if (cursor) {
      q.set('starting_after_id', cursor.id);
      q.set('starting_after_date', cursor.date);
    }
    const reply = await client.get<SettlementPage>(`/settlements?${q}`);
    expect(reply.status).toBe(200);
    expect(reply.body.items.length).toBeLessThanOrEqual(limit ?? 10);
    items.push(...reply.body.items);
    const key = reply.body.last_evaluated_key;
    if (!key) return { items, cursorDates };
    expect(reply.body.items.length).toBe(limit ?? 10);
    expect(key.id).toBe(reply.body.items.at(-1)?.id);
    expect(key.account_id).toBe(client.accountId);
    cursorDates.push(key.settled_at);
    cursor = { id: key.id, date: byCreated ? key.created_at : (key.settled_at ?? key.created_at) };
  }
  throw new Error('paging did not end');
}

const ids = (items: readonly { id: string }[]) => items.map((i) => i.id);
const day = (iso: string) => iso.slice(0, 10);

describe('Dintero sandbox', () => {
  let sandbox: RunningSandbox;
  let client: Client;
  let prod: Client;
  let all: Settlement[];

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, now: NOW, vendors: { dintero: {} } });
    client = await Client.login(sandbox.origin, TEST);
    prod = await Client.login(sandbox.origin, PROD);
    const full = await client.get<SettlementPage>('/settlements?limit=1000');
    expect(full.status).toBe(200);
    all = full.body.items;
  });
  afterAll(() => sandbox.close());

  describe('token endpoint', () => {
    it('issues a bearer token for client credentials and the account audience', async () => {
      const reply = await requestToken(sandbox.origin, TEST.accountId, basic(TEST.clientId, TEST.clientSecret), {
        grant_type: 'client_credentials',
        audience: `https://api.dintero.com/v1/accounts/${TEST.accountId}`,
      });
      expect(reply.status).toBe(200);
      const body = reply.body as { access_token: string; token_type: string; expires_in: number };
      expect(body.token_type).toBe('Bearer');
      expect(body.expires_in).toBe(86_400);
      expect(body.access_token.split('.')).toHaveLength(3);
    });

    it('accepts a sandbox-origin audience', async () => {
      const reply = await requestToken(sandbox.origin, PROD.accountId, basic(PROD.clientId, PROD.clientSecret), {
        grant_type: 'client_credentials',
        audience: `${sandbox.origin}/dintero/v1/accounts/${PROD.accountId}`,
      });
      expect(reply.status).toBe(200);
    });

    it("answers 401 for wrong or missing credentials, including another account's", async () => {
      const audience = `https://api.dintero.com/v1/accounts/${TEST.accountId}`;
      const body = { grant_type: 'client_credentials', audience };
      expectEnvelope(await requestToken(sandbox.origin, TEST.accountId, basic(TEST.clientId, 'wrong'), body), 401);
      expectEnvelope(await requestToken(sandbox.origin, TEST.accountId, undefined, body), 401);
      expectEnvelope(await requestToken(sandbox.origin, TEST.accountId, basic(PROD.clientId, PROD.clientSecret), body), 401);
    });

    it('answers 400 for another grant or a missing audience, 403 for an audience of another account', async () => {
      const auth = basic(TEST.clientId, TEST.clientSecret);
      const e1 = expectEnvelope(
        await requestToken(sandbox.origin, TEST.accountId, auth, {
          grant_type: 'password',
          audience: `https://api.dintero.com/v1/accounts/${TEST.accountId}`,
        }),
        400,
      );
      expect(e1.message).toContain('grant_type');
      expectEnvelope(await requestToken(sandbox.origin, TEST.accountId, auth, { grant_type: 'client_credentials' }), 400);
      expectEnvelope(
        await requestToken(sandbox.origin, TEST.accountId, auth, {
          grant_type: 'client_credentials',
          audience: `https://api.dintero.com/v1/accounts/${PROD.accountId}`,
        }),
        403,
      );
    });

    it('binds the token to its account: 403 on another account, 401 without or with a forged token', async () => {
      expectEnvelope(await client.get('/settlements', { aid: PROD.accountId }), 403);
      expectEnvelope(await call(client.url('/settlements')), 401);
      const forged = `${client.token.slice(0, -4)}AAAA`;
      expectEnvelope(await call(client.url('/settlements'), { headers: { authorization: `Bearer ${forged}` } }), 401);
    });
  });

  describe('settlements', () => {
    it('serves every settlement in one stable order: paging date (settled_at, else created_at) desc, then id desc', () => {
      expect(all).toHaveLength(facts.accounts.test.settlementCount);
      const key = (s: Settlement) => Date.parse(s.settled_at ?? s.created_at);
      for (let i = 1; i < all.length; i++) {
        const a = all[i - 1] as Settlement;
        const b = all[i] as Settlement;
        expect(key(a) > key(b) || (key(a) === key(b) && a.id > b.id)).toBe(true);
      }
      expect(new Set(ids(all)).size).toBe(all.length);
    });

    it('has the documented shape and amounts that add up, with both fee signs (dintero quirk 5 (docs/upstreams/dintero.md))', () => {
      const t = facts.accounts.test;
      expect(new Set(all.map((s) => s.provider))).toEqual(new Set(t.providers));
      expect(new Set(all.flatMap((s) => s.amounts.map((a) => a.currency)))).toEqual(new Set(['NOK', 'SEK', 'DKK', 'EUR']));
      expect(
        all
          .filter((s) => s.amounts.length === 2)
          .map((s) => s.id)
          .sort(),
      ).toEqual([...t.multiCurrencySettlementIds].sort());
      const postponed = all.filter((s) => s.settled_at === null);
      expect(ids(postponed).sort()).toEqual([...t.postponedSettlementIds].sort());
      expect(postponed.length).toBeGreaterThan(0);
      for (const s of postponed) expect(s.payment_status).toBe('postponed');
      const signs = new Set<number>();
      for (const s of all) {
        for (const a of s.amounts) {
          expect(Number.isInteger(a.amount) && Number.isInteger(a.fee)).toBe(true);
          expect(a.amount).toBe(a.capture - a.refund - Math.abs(a.fee));
          expect(Math.sign(a.fee)).toBe(facts.negativeFeeProviders.includes(s.provider) ? -1 : 1);
          signs.add(Math.sign(a.fee));
        }
        expect(s.attachments.length).toBeGreaterThan(0);
      }
      expect(signs).toEqual(new Set([1, -1]));
    });

    it('defaults to 10 per page and walks to the full list with several page sizes', async () => {
      const first = await client.get<SettlementPage>('/settlements');
      expect(first.body.items).toHaveLength(10);
      expect(first.body.last_evaluated_key).toBeDefined();
      for (const limit of [undefined, 1, 7, 33, 119, 120, 1000]) {
        const { items } = await walk(client, {}, limit);
        expect(ids(items)).toEqual(ids(all));
      }
    });

    it('falls back to created_at in the cursor while settled_at is null', async () => {
      const { items, cursorDates } = await walk(client, {}, 1);
      expect(ids(items)).toEqual(ids(all));
      expect(cursorDates.filter((d) => d === null).length).toBeGreaterThan(0);
    });

    it('accepts the date-only cursor of the spec example when settled_at is at midnight', async () => {
      const page = await client.get<SettlementPage>('/settlements?limit=4');
      const key = page.body.last_evaluated_key;
      expect(key?.settled_at).toMatch(/T00:00:00\.000Z$/);
      const next = await client.get<SettlementPage>(
        `/settlements?limit=3&starting_after_id=${key?.id}&starting_after_date=${day(key?.settled_at ?? '')}`,
      );
      expect(ids(next.body.items)).toEqual(ids(all.slice(4, 7)));
    });

    it('filters created_at.gte/lte on settled_at (never matching unpaid settlements)', async () => {
      const paid = all.filter((s) => s.settled_at !== null);
      const gte = day((paid[40] as Settlement).settled_at as string);
      const lte = day((paid[10] as Settlement).settled_at as string);
      const expected = all.filter((s) => s.settled_at !== null && day(s.settled_at) >= gte && day(s.settled_at) <= lte);
      expect(expected.length).toBeGreaterThan(20);
      for (const limit of [4, 1000]) {
        const { items } = await walk(client, { 'created_at.gte': gte, 'created_at.lte': lte }, limit);
        expect(ids(items)).toEqual(ids(expected));
      }
      const onlyGte = await walk(client, { 'created_at.gte': gte }, 9);
      expect(ids(onlyGte.items)).toEqual(ids(all.filter((s) => s.settled_at !== null && day(s.settled_at) >= gte)));
    });

    it('filters item_created_at.gte/lte on created_at, ordered and paged by created_at', async () => {
      const byCreated = [...all].sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || (a.id < b.id ? 1 : -1));
      const gte = (byCreated[50] as Settlement).created_at;
      const lte = day((byCreated[3] as Settlement).created_at);
      const expected = byCreated.filter((s) => s.created_at >= gte && day(s.created_at) <= lte);
      expect(expected.length).toBeGreaterThan(30);
      const { items } = await walk(client, { 'item_created_at.gte': gte, 'item_created_at.lte': lte }, 5, true);
      expect(ids(items)).toEqual(ids(expected));
      // A different corresponding pair may be combined: settled_at upper bound with a created_at lower bound.
      const settledLte = day((all[20] as Settlement).settled_at ?? (all[20] as Settlement).created_at);
      const mixed = await walk(client, { 'item_created_at.gte': gte, 'created_at.lte': settledLte }, 6, true);
      expect(ids(mixed.items)).toEqual(ids(expected.filter((s) => s.settled_at !== null && day(s.settled_at) <= settledLte)));
    });

    it('filters on repeated payment_provider, payout_destination_id and search', async () => {
      const providers = await walk(client, { payment_provider: ['vipps', 'swish'] }, 6);
      expect(ids(providers.items)).toEqual(ids(all.filter((s) => s.provider === 'vipps' || s.provider === 'swish')));
      expect(providers.items.length).toBeGreaterThan(0);

      const destination = facts.accounts.test.payoutDestinations[1] as string;
      const byDestination = await walk(client, { payout_destination_id: destination }, 8);
      expect(ids(byDestination.items)).toEqual(ids(all.filter((s) => s.payout_destination_id === destination)));
      expect(byDestination.items.length).toBeGreaterThan(0);

      const target = all[37] as Settlement;
      const search = await walk(client, { search: target.id.slice(0, 13).toUpperCase() }, 10);
      expect(ids(search.items)).toContain(target.id);
      expect(search.items.every((s) => s.id.startsWith(target.id.slice(0, 13)))).toBe(true);

      const combined = await walk(client, { payment_provider: 'payex', 'created_at.gte': day(all[60]?.settled_at ?? '') }, 2);
      expect(ids(combined.items)).toEqual(
        ids(all.filter((s) => s.provider === 'payex' && s.settled_at !== null && day(s.settled_at) >= day(all[60]?.settled_at ?? ''))),
      );
    });

    it('answers 400 for a one-part cursor, non-combinable filters and out-of-range parameters', async () => {
      const first = all[0] as Settlement;
      const e1 = expectEnvelope(await client.get(`/settlements?starting_after_id=${first.id}`), 400);
      expect(e1.message).toContain('starting_after_date');
      expectEnvelope(await client.get(`/settlements?starting_after_date=${first.created_at}`), 400);
      const e2 = expectEnvelope(await client.get('/settlements?created_at.gte=2026-01-01&item_created_at.gte=2026-01-01'), 400);
      expect(e2.message).toContain('cannot be combined');
      expectEnvelope(await client.get('/settlements?created_at.lte=2026-11-01&item_created_at.lte=2026-11-01'), 400);
      for (const bad of ['limit=0', 'limit=1001', 'limit=ten', 'created_at.gte=2026-13-01', 'item_created_at.lte=yesterday']) {
        expectEnvelope(await client.get(`/settlements?${bad}`), 400);
      }
    });

    it('serves the production account its own settlements', async () => {
      const reply = await prod.get<SettlementPage>('/settlements?limit=1000');
      expect(reply.body.items).toHaveLength(facts.accounts.production.settlementCount);
      expect(new Set(reply.body.items.map((s) => s.store_id).filter(Boolean))).toEqual(new Set(facts.accounts.production.stores));
      expect(ids(reply.body.items).some((id) => ids(all).includes(id))).toBe(false);
    });
  });

  describe('attachments', () => {
    const fileTypes = ['pdf', 'xml', 'csv'] as const;

    async function link(type: (typeof fileTypes)[number]): Promise<{ url: string; settlement: Settlement }> {
      const ref = facts.accounts.test.attachments[type];
      if (!ref) throw new Error(`no ${type} attachment`);
      const reply = await client.get<{ url: string }>(`/settlements/${ref.settlementId}/attachments/${ref.attachmentId}`);
      expect(reply.status).toBe(200);
      expect(Object.keys(reply.body)).toEqual(['url']);
      expect(reply.body.url.startsWith(`${sandbox.origin}/dintero/_files/`)).toBe(true);
      return { url: reply.body.url, settlement: all.find((s) => s.id === ref.settlementId) as Settlement };
    }

    it('answers a link whose file is fetched without the bearer token, with content type and file name', async () => {
      for (const type of fileTypes) {
        const { url, settlement } = await link(type);
        const attachment = settlement.attachments.find((a) => a.extension === type);
        const res = await fetch(url);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe(attachment?.content_type);
        const name = attachment?.key.split('/').at(-1);
        expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${name}"`);
        const bytes = Buffer.from(await res.arrayBuffer());
        const again = Buffer.from(await (await fetch((await link(type)).url)).arrayBuffer());
        expect(again.equals(bytes)).toBe(true);
        const text = bytes.toString('latin1');
        if (type === 'pdf') {
          expect(text.startsWith('%PDF-1.4\n')).toBe(true);
          expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
          const startxref = Number(/startxref\n(\d+)/.exec(text)?.[1]);
          expect(text.slice(startxref, startxref + 4)).toBe('xref');
        }
        if (type === 'xml') {
          expect(text.startsWith('<?xml')).toBe(true);
          expect(text).toContain(`settlementId="${settlement.id}"`);
        }
        if (type === 'csv') {
          const [header, ...rows] = text.trim().split('\r\n');
          expect(header).toBe(
            'transaction_id,reference,merchant_reference_2,transaction_date,type,payment_product_type,card_brand,currency,capture,refund,fee,amount',
          );
          for (const a of settlement.amounts) {
            const sum = rows
              .map((r) => r.split(','))
              .filter((c) => c[7] === a.currency)
              .reduce((s, c) => s + Number(c[11]), 0);
            expect(sum).toBe(a.amount);
          }
        }
      }
    });

    it('refuses the link with an Authorization header (400), when tampered with (403)', async () => {
      const { url } = await link('csv');
      const withAuth = await fetch(url, { headers: { authorization: `Bearer ${client.token}` } });
      expect(withAuth.status).toBe(400);
      const [payload, sig] = (url.split('/').at(-1) as string).split('.') as [string, string];
      const flipped = `${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`;
      expect((await fetch(url.replace(sig, flipped))).status).toBe(403);
      const other = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { s: string };
      const swapped = Buffer.from(JSON.stringify({ ...other, s: all[5]?.id })).toString('base64url');
      expect((await fetch(url.replace(payload, swapped))).status).toBe(403);
    });

    it('answers 404 for an unknown attachment and 403 on another account', async () => {
      const ref = facts.accounts.test.attachments.pdf;
      expectEnvelope(await client.get(`/settlements/${ref?.settlementId}/attachments/nope`), 404);
      expectEnvelope(await client.get(`/settlements/nope/attachments/${ref?.attachmentId}`), 404);
      expectEnvelope(await prod.get(`/settlements/${ref?.settlementId}/attachments/${ref?.attachmentId}`, { aid: TEST.accountId }), 403);
    });
  });

  describe('settlement report configurations', () => {
    const body = {
      filetypes: ['csv', 'pdf'],
      destinations: [{ destination_type: 'email', destination_value: 'regnskap@example.no' }, { destination_type: 'account_email' }],
      providers: ['vipps'],
      filters: [{ filter: 'payout_destination_id', value: 'PD001' }],
    };

    it('creates (200), reads, pages, updates (200) and deletes (200, returning the item)', async () => {
      const start = await client.get<{ items: ReportConfig[]; starting_after?: string }>('/settlements/reports/configuration');
      expect(start.status).toBe(200);
      expect(start.body.items).toHaveLength(facts.accounts.test.reportConfigurationCount);
      expect(start.body.starting_after).toBeUndefined();

      const created = await client.send<ReportConfig>('POST', '/settlements/reports/configuration', body);
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({ ...body, account_id: TEST.accountId });
      expect(created.body.destinations.every((d) => typeof d.id === 'string')).toBe(true);
      const second = await client.send<ReportConfig>('POST', '/settlements/reports/configuration', { ...body, providers: [] });
      expect(second.status).toBe(200);

      const got = await client.get<ReportConfig>(`/settlements/reports/configuration/${created.body.id}`);
      expect(got.body).toEqual(created.body);

      const pages: string[] = [];
      let after: string | undefined;
      do {
        const page = await client.get<{ items: ReportConfig[]; starting_after?: string }>(
          `/settlements/reports/configuration?limit=1${after ? `&starting_after=${after}` : ''}`,
        );
        expect(page.body.items.length).toBeLessThanOrEqual(1);
        pages.push(...ids(page.body.items));
        after = page.body.starting_after;
      } while (after);
      expect(pages).toEqual([...ids(start.body.items), created.body.id, second.body.id]);

      const updated = await client.send<ReportConfig>('PUT', `/settlements/reports/configuration/${created.body.id}`, {
        ...body,
        filetypes: ['xml'],
      });
      expect(updated.status).toBe(200);
      expect(updated.body.filetypes).toEqual(['xml']);
      expect(updated.body.created_at).toBe(created.body.created_at);
      expect(Date.parse(updated.body.updated_at)).toBeGreaterThan(Date.parse(created.body.updated_at));

      const deleted = await client.send<ReportConfig>('DELETE', `/settlements/reports/configuration/${created.body.id}`, undefined);
      expect(deleted.status).toBe(200);
      expect(deleted.body).toEqual(updated.body);
      expectEnvelope(await client.get(`/settlements/reports/configuration/${created.body.id}`), 404);
      expectEnvelope(await client.send('PUT', `/settlements/reports/configuration/${created.body.id}`, body), 404);
      // Writes are per account.
      expectEnvelope(await prod.get(`/settlements/reports/configuration/${second.body.id}`), 404);
    });

    it('validates bodies with the 400 envelope naming the field', async () => {
      const cases: Array<[unknown, string]> = [
        [{ ...body, destinations: [{ destination_type: 'email', destination_value: 'not-an-email' }] }, 'destinations.0.destination_value'],
        [{ ...body, destinations: [{ destination_type: 'sms', destination_value: '+4799999999' }] }, 'destinations.0.destination_type'],
        [{ destinations: [], providers: [] }, 'filetypes'],
        [{ ...body, filetypes: [''] }, 'filetypes.0'],
        [{ ...body, filters: [{ filter: 'store_id', value: '' }] }, 'filters.0.value'],
        [{ ...body, providers: undefined }, 'providers'],
      ];
      for (const [bad, path] of cases) {
        const error = expectEnvelope(await client.send('POST', '/settlements/reports/configuration', bad), 400);
        expect(error.errors?.map((e) => e.path)).toContain(path);
      }
      const notJson = await call(client.url('/settlements/reports/configuration'), {
        method: 'POST',
        headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json' },
        body: '{"filetypes": [',
      });
      expectEnvelope(notJson, 400);
    });
  });

  describe('payout rules', () => {
    const tree = [
      { type: 'percentage', value: 2.5, destination: 'platform' },
      { type: 'flat_amount', value: '1500', destination: 'logistics' },
      { type: 'remaining_amount', destinations: [{ type: 'percentage', value: '100.0', destination: 'seller-1' }] },
    ];
    type RuleList = { starting_after?: string; payout_rules: PayoutRule[] };

    it("answers the seed's example request with a rule of exactly the seed's shape, values kept as sent", async () => {
      const created = await client.send<PayoutRule>('POST', '/billing/payout-rules', SEED_PAYOUT_RULE_REQUEST);
      expect(created.status).toBe(200);
      expect(shapeDifferences(SEED_PAYOUT_RULE, created.body)).toEqual([]);
      expect(created.body.destinations).toEqual(SEED_DESTINATIONS);
      const listed = await client.get<RuleList>('/billing/payout-rules?rule_type=order.items.store.id&rule_id=sc029');
      expect(shapeDifferences(SEED_PAYOUT_RULES, { starting_after: 'x', ...listed.body })).toEqual([]);
      expect(listed.body.payout_rules).toEqual([created.body]);
    });

    it('lives through create, update (new rule_version) and soft delete', async () => {
      const created = await client.send<PayoutRule>('POST', '/billing/payout-rules', {
        rule_type: 'order.items.store.id',
        rule_id: 'store-lifecycle',
        destinations: tree,
        metadata: { owner: 'finance' },
      });
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({
        rule_version: 1,
        rule_id: 'store-lifecycle',
        destinations: tree,
        account_id: TEST.accountId,
        created_by: TEST.clientId,
      });
      expect(created.body.deleted_at).toBeNull();

      const listed = await client.get<RuleList>('/billing/payout-rules?rule_type=order.items.store.id&rule_id=store-lifecycle');
      expect(listed.body.payout_rules).toEqual([created.body]);

      const newTree = [
        { type: 'percentage', value: 10, destination: 'platform' },
        { type: 'remaining_amount', destinations: [{ type: 'percentage', value: 100, destination: 'seller-2' }] },
      ];
      const updated = await client.send<PayoutRule>('PUT', `/billing/payout-rules/${created.body.id}`, {
        rule_type: 'order.items.store.id',
        rule_id: 'store-lifecycle',
        destinations: newTree,
      });
      expect(updated.status).toBe(200);
      expect(updated.body.id).toBe(created.body.id);
      expect(updated.body.rule_version).toBe(2);
      expect(updated.body.destinations).toEqual(newTree);
      expect(updated.body.created_at).toBe(created.body.created_at);
      expect(Date.parse(updated.body.updated_at)).toBeGreaterThan(Date.parse(created.body.updated_at));

      const deleted = await client.send<PayoutRule>('DELETE', `/billing/payout-rules/${created.body.id}`, undefined);
      expect(deleted.status).toBe(200);
      expect(deleted.body.deleted_at).toEqual(expect.any(String));
      expect(deleted.body.deleted_by).toBe(TEST.clientId);
      const hidden = await client.get<RuleList>('/billing/payout-rules?rule_type=order.items.store.id&rule_id=store-lifecycle');
      expect(hidden.body.payout_rules).toEqual([]);
      const shown = await client.get<RuleList>(
        '/billing/payout-rules?rule_type=order.items.store.id&rule_id=store-lifecycle&include_deleted=true',
      );
      expect(shown.body.payout_rules).toEqual([deleted.body]);
      expectEnvelope(
        await client.send('PUT', `/billing/payout-rules/${created.body.id}`, { rule_type: 'x', rule_id: 'y', destinations: tree }),
        404,
      );
      expectEnvelope(await client.send('DELETE', `/billing/payout-rules/${created.body.id}`, undefined), 404);
      expectEnvelope(await client.get('/billing/payout-rules?include_deleted=yes'), 400);
      expectEnvelope(await client.get('/billing/payout-rules?rule_id=store-lifecycle'), 400);
    });

    it('keeps rule_id unique per rule type among active rules (seed: "Unique ID given the rule type")', async () => {
      const body = { rule_type: 'order.items.store.id', rule_id: 'store-unique', destinations: tree };
      const first = await client.send<PayoutRule>('POST', '/billing/payout-rules', body);
      expect(first.status).toBe(200);
      expect(expectEnvelope(await client.send('POST', '/billing/payout-rules', body), 409).message).toMatch(/already exists/);
      const other = await client.send<PayoutRule>('POST', '/billing/payout-rules', { ...body, rule_id: 'store-unique-2' });
      expectEnvelope(await client.send('PUT', `/billing/payout-rules/${other.body.id}`, body), 409);
      // Once deleted, the pair is free again.
      await client.send('DELETE', `/billing/payout-rules/${first.body.id}`, undefined);
      expect((await client.send('POST', '/billing/payout-rules', body)).status).toBe(200);
    });

    it('pages the list by limit and starting_after, the envelope naming where to continue', async () => {
      const ruleType = 'order.items.paging';
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) {
        const r = await prod.send<PayoutRule>('POST', '/billing/payout-rules', {
          rule_type: ruleType,
          rule_id: `s${i}`,
          destinations: tree,
        });
        ids.push(r.body.id);
      }
      const walked: string[] = [];
      let after: string | undefined;
      const sizes: number[] = [];
      do {
        const page = await prod.get<RuleList>(
          `/billing/payout-rules?rule_type=${ruleType}&limit=3${after ? `&starting_after=${after}` : ''}`,
        );
        expect(page.status).toBe(200);
        sizes.push(page.body.payout_rules.length);
        walked.push(...page.body.payout_rules.map((r) => r.id));
        after = page.body.starting_after;
        if (after) expect(after).toBe(page.body.payout_rules.at(-1)?.id);
      } while (after);
      expect(sizes).toEqual([3, 3, 1]);
      expect(walked).toEqual(ids);
      expectEnvelope(await prod.get(`/billing/payout-rules?starting_after=${TEST.accountId}-unknown`), 400);
    });

    it('creates once per Idempotency-Key and refuses the key with another body', async () => {
      const body = { rule_type: 'order.items.store.id', rule_id: 'store-idem', destinations: tree };
      const first = await client.send<PayoutRule>('POST', '/billing/payout-rules', body, { 'idempotency-key': 'key-1' });
      const again = await client.send<PayoutRule>('POST', '/billing/payout-rules', body, { 'idempotency-key': 'key-1' });
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const listed = await client.get<RuleList>('/billing/payout-rules?rule_type=order.items.store.id&rule_id=store-idem');
      expect(listed.body.payout_rules).toHaveLength(1);
      expectEnvelope(
        await client.send('POST', '/billing/payout-rules', { ...body, rule_id: 'other' }, { 'idempotency-key': 'key-1' }),
        409,
      );
      // The same key on another account is another key.
      const onProd = await prod.send<PayoutRule>('POST', '/billing/payout-rules', body, { 'idempotency-key': 'key-1' });
      expect(onProd.status).toBe(200);
      expect(onProd.body.id).not.toBe(first.body.id);
    });

    it('rejects structurally broken trees with 400', async () => {
      const cases: Array<[unknown, string]> = [
        [{ rule_type: 'order.items.store.id', rule_id: 'x', destinations: [{ type: 'remaining_amount' }] }, 'destinations.0.destinations'],
        [
          { rule_type: 'order.items.store.id', rule_id: 'x', destinations: [{ type: 'percentage', destination: 'a' }] },
          'destinations.0.value',
        ],
        [
          { rule_type: 'order.items.store.id', rule_id: 'x', destinations: [{ type: 'percentage', value: 'ten', destination: 'a' }] },
          'destinations.0.value',
        ],
        [
          { rule_type: 'order.items.store.id', rule_id: 'x', destinations: [{ type: 'split', value: 1, destination: 'a' }] },
          'destinations.0.type',
        ],
        [{ rule_id: 'x', destinations: tree }, 'rule_type'],
      ];
      for (const [bad, path] of cases) {
        const error = expectEnvelope(await client.send('POST', '/billing/payout-rules', bad), 400);
        expect(error.errors?.map((e) => e.path)).toContain(path);
      }
    });
  });

  describe('costs, billing reports, subscriptions', () => {
    it("serves costs as the seed's bare array, paged after the last id to the full month, filtered by type and date", async () => {
      const full = await client.get<CostItem[]>('/billing/costs?year=2026&month=10&limit=1000');
      expect(full.status).toBe(200);
      expect(Array.isArray(full.body)).toBe(true);
      expect(full.body.length).toBeGreaterThan(100);
      expect(shapeDifferences(SEED_COSTS, full.body)).toEqual([]);
      expect(new Set(full.body.map((c) => c.start_at.slice(0, 10))).size).toBe(31);
      expect(new Set(full.body.map((c) => c.id)).size).toBe(full.body.length);
      const defaultPage = await client.get<CostItem[]>('/billing/costs?year=2026&month=10');
      expect(defaultPage.body).toEqual(full.body.slice(0, 100));
      for (const limit of [7, 50]) {
        const walked: CostItem[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await client.get<CostItem[]>(
            `/billing/costs?year=2026&month=10&limit=${limit}${after ? `&starting_after=${after}` : ''}`,
          );
          walked.push(...page.body);
          if (page.body.length < limit) break;
          after = page.body.at(-1)?.id;
        }
        expect(walked).toEqual(full.body);
      }
      // Prices finer than an øre, as the seed's 0.0125, and totals that are count x price exactly (in ten-thousandths).
      expect(full.body.some((c) => c.plan.prices.some((p) => p.amount === 0.0125))).toBe(true);
      const tenThousandths = (n: number) => {
        const [whole, frac = ''] = String(n).split('.');
        expect(frac.length).toBeLessThanOrEqual(4);
        return BigInt(whole + frac.padEnd(4, '0'));
      };
      for (const c of full.body)
        expect(tenThousandths(c.total_amount)).toBe(BigInt(c.total_count) * tenThousandths(c.plan.prices[0]?.amount ?? NaN));
      const captures = await client.get<CostItem[]>('/billing/costs?year=2026&month=10&limit=1000&type=checkout/capture');
      expect(captures.body).toEqual(full.body.filter((c) => c.type === 'checkout/capture'));
      const oneDay = await client.get<CostItem[]>('/billing/costs?year=2026&month=10&type=checkout/capture&date=2026-10-15');
      expect(oneDay.body.length).toBeGreaterThan(0);
      expect(oneDay.body).toEqual(full.body.filter((c) => c.type === 'checkout/capture' && c.start_at.startsWith('2026-10-15')));
      // The current month lists closed days only; a future month nothing.
      const current = await client.get<CostItem[]>('/billing/costs?year=2026&month=11&limit=1000');
      expect(current.body.length).toBeGreaterThan(0);
      expect(current.body.every((c) => c.start_at < '2026-11-20')).toBe(true);
      expect((await client.get<CostItem[]>('/billing/costs?year=2027&month=1')).body).toEqual([]);
    });

    it('answers 400 for missing year/month, date without type and an unknown starting_after', async () => {
      for (const bad of [
        'month=10',
        'year=2026',
        'year=2026&month=13',
        'year=2026&month=10&date=2026-10-15',
        'year=2026&month=10&starting_after=bm9wZQ',
        'year=2026&month=10&limit=0',
      ]) {
        expectEnvelope(await client.get(`/billing/costs?${bad}`), 400);
      }
    });

    it("serves billing reports in the seed's envelope, paged by its starting_after", async () => {
      type Reports = { starting_after?: string; reports: BillingReport[] };
      const full = await client.get<Reports>('/billing/reports?limit=1000');
      expect(full.body.reports).toHaveLength(facts.accounts.test.billingReportCount);
      expect(full.body.starting_after).toBeUndefined();
      expect(shapeDifferences(SEED_BILLING_REPORTS, { starting_after: 'x', ...full.body })).toEqual([]);
      expect(full.body.reports[0]).toMatchObject({ start_at: '2026-10-01T00:00:00Z', end_at: '2026-11-01T00:00:00Z' });
      const walked: BillingReport[] = [];
      let after: string | undefined;
      do {
        const page = await client.get<Reports>(`/billing/reports?limit=5${after ? `&starting_after=${after}` : ''}`);
        expect(shapeDifferences(SEED_BILLING_REPORTS, { starting_after: 'x', ...page.body })).toEqual([]);
        walked.push(...page.body.reports);
        after = page.body.starting_after;
      } while (after);
      expect(walked).toEqual(full.body.reports);
      expectEnvelope(await client.get('/billing/reports?starting_after=unknown'), 400);
    });

    it("serves subscriptions as the seed's bare array, paged after the last id and filtered by namespace and price currency", async () => {
      const full = await client.get<Subscription[]>('/billing/subscriptions');
      expect(full.body).toHaveLength(facts.accounts.test.subscriptionCount);
      expect(shapeDifferences(SEED_SUBSCRIPTIONS, full.body)).toEqual([]);
      const walked: Subscription[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await client.get<Subscription[]>(`/billing/subscriptions?limit=2${after ? `&starting_after=${after}` : ''}`);
        walked.push(...page.body);
        if (page.body.length < 2) break;
        after = page.body.at(-1)?.id;
      }
      expect(walked).toEqual(full.body);
      const checkout = await client.get<Subscription[]>('/billing/subscriptions?namespace=checkout');
      expect(checkout.body.length).toBeGreaterThan(1);
      expect(checkout.body.every((s) => s.namespace === 'checkout')).toBe(true);
      const sek = await client.get<Subscription[]>('/billing/subscriptions?namespace=checkout&currency=SEK');
      expect(sek.body.map((s) => s.prices.map((p) => p.currency))).toEqual([['SEK']]);
      expectEnvelope(await client.get('/billing/subscriptions?currency=kroner'), 400);
    });
  });

  it('counts every request per endpoint, writes and file downloads included', async () => {
    await resetSandboxStats(sandbox.origin);
    const created = await client.send<PayoutRule>('POST', '/billing/payout-rules', {
      rule_type: 'order.items.store.id',
      rule_id: 'counted',
      destinations: [{ type: 'percentage', value: 100, destination: 'a' }],
    });
    await client.send('PUT', `/billing/payout-rules/${created.body.id}`, {
      rule_type: 'order.items.store.id',
      rule_id: 'counted',
      destinations: [{ type: 'percentage', value: 50, destination: 'a' }],
    });
    await client.send('DELETE', `/billing/payout-rules/${created.body.id}`, undefined);
    await client.send('POST', '/settlements/reports/configuration', { filetypes: ['pdf'], destinations: [], providers: [] });
    const ref = facts.accounts.test.attachments.pdf;
    const { body } = await client.get<{ url: string }>(`/settlements/${ref?.settlementId}/attachments/${ref?.attachmentId}`);
    await fetch(body.url);
    const stats = await sandboxStats(sandbox.origin);
    expect(stats.byEndpoint).toEqual({
      'dintero DELETE /v1/accounts/:aid/billing/payout-rules/:id': 1,
      'dintero GET /_files/:token': 1,
      'dintero GET /v1/accounts/:aid/settlements/:settlementId/attachments/:attachmentId': 1,
      'dintero POST /v1/accounts/:aid/billing/payout-rules': 1,
      'dintero POST /v1/accounts/:aid/settlements/reports/configuration': 1,
      'dintero PUT /v1/accounts/:aid/billing/payout-rules/:id': 1,
    });
    expect(stats.total).toBe(6);
  });

  it('answers unknown routes and methods with the envelope', async () => {
    expectEnvelope(await client.get('/nothing-here'), 404);
    expectEnvelope(await client.send('PATCH', '/billing/payout-rules', {}), 405);
  });
});

describe('Dintero sandbox options', () => {
  it('applies a write and then loses its answer under the lostReplyRate fault', async () => {
    const sandbox = await startSandbox({
      port: 0,
      now: NOW,
      faults: { dintero: { lostReplyRate: 1, endpoints: ['POST /v1/accounts/:aid/billing/payout-rules'] } },
    });
    try {
      const client = await Client.login(sandbox.origin, TEST);
      const body = {
        rule_type: 'order.items.store.id',
        rule_id: 'lost',
        destinations: [{ type: 'percentage', value: 100, destination: 'a' }],
      };
      await expect(client.send('POST', '/billing/payout-rules', body, { 'idempotency-key': 'lost-1' })).rejects.toThrow();
      // Reads are untouched by the fault, and show that the write happened.
      const listed = await client.get<{ payout_rules: PayoutRule[] }>('/billing/payout-rules?rule_type=order.items.store.id&rule_id=lost');
      expect(listed.body.payout_rules).toHaveLength(1);
      sandbox.faults.clear('dintero');
      const retry = await client.send<PayoutRule>('POST', '/billing/payout-rules', body, { 'idempotency-key': 'lost-1' });
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(retry.body.id).toBe(listed.body.payout_rules[0]?.id);
    } finally {
      await sandbox.close();
    }
  });

  it('throttles every Nth request with a Dintero 429 and Retry-After; core faults use the same envelope', async () => {
    const sandbox = await startSandbox({
      port: 0,
      now: NOW,
      vendors: { dintero: { rateLimit: { everyNthRequest: 3, retryAfterSeconds: 7, endpoints: ['GET /v1/accounts/:aid/settlements'] } } },
    });
    try {
      const client = await Client.login(sandbox.origin, TEST);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const reply = await client.get('/settlements?limit=1');
        statuses.push(reply.status);
        if (reply.status === 429) {
          expect(reply.headers.get('retry-after')).toBe('7');
          expect(expectEnvelope(reply, 429).code).toBe('TOO_MANY_REQUESTS');
        }
      }
      expect(statuses).toEqual([200, 200, 429, 200, 200, 429]);
      // Routes outside the selection are not throttled.
      for (let i = 0; i < 3; i++) expect((await client.get('/billing/subscriptions')).status).toBe(200);

      await setSandboxFaults(sandbox.origin, { dintero: { rateLimitRate: 1, retryAfterSeconds: 2 } });
      const faulted = await client.get('/billing/subscriptions');
      expect(faulted.headers.get('retry-after')).toBe('2');
      expectEnvelope(faulted, 429);
    } finally {
      await sandbox.close();
    }
  });

  it('expires tokens and file links after their TTL (0 = born expired under a fixed clock)', async () => {
    const sandbox = await startSandbox({ port: 0, now: NOW, vendors: { dintero: { tokenTtlSeconds: 0, fileLinkTtlSeconds: 0 } } });
    const live = await startSandbox({ port: 0, now: NOW, vendors: { dintero: { fileLinkTtlSeconds: 0 } } });
    try {
      const expired = await Client.login(sandbox.origin, TEST);
      const e = expectEnvelope(await expired.get('/settlements'), 401);
      expect(e.message).toContain('expired');

      const client = await Client.login(live.origin, TEST);
      const ref = facts.accounts.test.attachments.xml;
      const { body } = await client.get<{ url: string }>(`/settlements/${ref?.settlementId}/attachments/${ref?.attachmentId}`);
      const res = await fetch(body.url);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('expired');
    } finally {
      await sandbox.close();
      await live.close();
    }
  });

  it('anchors settlements to fixed dates: the same id has the same settled_at and content tomorrow', async () => {
    const [current, tomorrow] = await Promise.all([
      startSandbox({ port: 0, now: NOW }),
      startSandbox({ port: 0, now: '2026-11-21T14:30:00Z' }),
    ]);
    try {
      const [a, b] = await Promise.all([Client.login(current.origin, TEST), Client.login(tomorrow.origin, TEST)]);
      const today = (await walk(a, {}, 1000)).items;
      const next = (await walk(b, {}, 1000)).items;
      const byId = new Map(next.map((s) => [s.id, s]));
      const both = today.filter((s) => byId.has(s.id));
      // Tomorrow brings the two payouts of today and ages out the two oldest; everything else is the same settlement.
      expect(both).toHaveLength(today.length - 2);
      expect(next.filter((s) => !today.some((t) => t.id === s.id)).map((s) => s.created_at.slice(0, 10))).toEqual([
        '2026-11-20',
        '2026-11-20',
      ]);
      for (const s of both) {
        const later = byId.get(s.id) as Settlement;
        // A settlement still postponed today may be paid by tomorrow (settled_at then appears); a paid one never moves.
        if (s.settled_at !== null) expect(later.settled_at, s.id).toBe(s.settled_at);
        expect({ ...later, settled_at: null, payment_status: null }).toEqual({ ...s, settled_at: null, payment_status: null });
      }
      expect(both.filter((s) => s.settled_at !== null).length).toBeGreaterThan(100);
    } finally {
      await Promise.all([current.close(), tomorrow.close()]);
    }
  });

  it('generates settlementCount settlements per account and rejects unknown options', async () => {
    const small = dinteroSandboxFacts(undefined, { settlementCount: 25, today: NOW.slice(0, 10) });
    expect(small.accounts.test.settlementCount).toBe(25);
    expect(small.accounts.test.attachments.csv?.settlementId).toBe(facts.accounts.test.attachments.csv?.settlementId);
    const sandbox = await startSandbox({ port: 0, now: NOW, vendors: { dintero: { settlementCount: 25 } } });
    try {
      const client = await Client.login(sandbox.origin, PROD);
      const { items } = await walk(client, {}, 4);
      expect(items).toHaveLength(25);
    } finally {
      await sandbox.close();
    }
    await expect(startSandbox({ port: 0, vendors: { dintero: { settlementCount: 10, bogus: true } } })).rejects.toThrow();
  });
});
