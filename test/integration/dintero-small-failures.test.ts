import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDinteroStandInGateway, type DinteroStandInGateway } from '../helpers/dintero-stand-in.js';

/*
 * What Dintero sends that is not what the Billing API page documents stays a small, named failure:
 * a time that is no instant fails its own field, a malformed item fails its list with the item's id
 * and field, each error status the API answers has its code, and the attachment endpoint may answer
 * the file itself. A stand-in Dintero on a loopback port answers what each test sets.
 */

const ACCOUNT = 'T12345678';

type Reply = { status: number; type?: string; body: unknown };
let replies: Record<string, Reply> = {};
const seen: string[] = [];

const report = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  created_at: '2026-11-20T10:21:54.141089Z',
  created_by: 'dintero-billing',
  updated_at: '2026-11-20T12:21:54.1234567+02:00',
  start_at: '2026-10-01T00:00:00Z',
  end_at: '2026-11-01',
  ...extra,
});

const rule = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  created_at: '2026-11-01T08:00:00.5Z',
  created_by: 'client',
  updated_at: '2026-11-01T08:00:00.5Z',
  deleted_at: null,
  deleted_by: null,
  account_id: ACCOUNT,
  rule_type: 'order.items.store.id',
  rule_id: id,
  rule_version: 1,
  destinations: [{ type: 'percentage', value: '100', destination: 'seller' }],
  metadata: {},
  ...extra,
});

describe('Dintero failures stay small and named', () => {
  let standIn: DinteroStandInGateway;
  let url: string;

  beforeAll(async () => {
    standIn = await startDinteroStandInGateway(
      ACCOUNT,
      (req, res) => {
        req.resume();
        req.on('end', () => {
          const u = new URL(req.url ?? '/', 'http://stub');
          const path = u.pathname.replace(`/v1/accounts/${ACCOUNT}`, '');
          seen.push(`${req.method} ${path}`);
          if (path === '/auth/token') {
            res.writeHead(200, { 'content-type': 'application/json' });
            return res.end(JSON.stringify({ access_token: 'stub-token', token_type: 'Bearer', expires_in: 86400 }));
          }
          const reply = replies[path];
          if (!reply) {
            res.writeHead(404, { 'content-type': 'application/json' });
            return res.end('{"error":{"message":"not set by the test"}}');
          }
          res.writeHead(reply.status, { 'content-type': reply.type ?? 'application/json' });
          res.end(typeof reply.body === 'string' && reply.type ? reply.body : JSON.stringify(reply.body));
        });
      },
      { TALLY_UPSTREAM_RETRIES: '0' },
    );
    url = standIn.url;
  });

  afterAll(async () => {
    await standIn?.close();
  });

  beforeEach(() => {
    replies = {};
    seen.length = 0;
    standIn.gateway.sources.cache.clear();
  });

  type Err = { message: string; path?: Array<string | number>; extensions?: Record<string, unknown> };
  async function gql<T>(query: string, variables?: Record<string, unknown>) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: T; errors?: Err[] };
  }

  it('keeps every sub-second digit Dintero sends, in UTC, and fails only the field of a time that is no instant', async () => {
    replies['/billing/reports'] = { status: 200, body: { reports: [report('br-1'), report('br-2', { start_at: 'string' })] } };
    const res = await gql<{ billingAccount: { billingReports: { edges: Array<{ node: Record<string, string | null> }> } } }>(
      `{ billingAccount(accountId: "${ACCOUNT}") { billingReports { edges { node { reportId createdAt updatedAt startAt endAt createdBy } } } } }`,
    );
    const nodes = res.data?.billingAccount.billingReports.edges.map((e) => e.node);
    expect(nodes?.[0]).toEqual({
      reportId: 'br-1',
      createdAt: '2026-11-20T10:21:54.141089Z',
      // An offset moves to UTC; the seven fraction digits stay.
      updatedAt: '2026-11-20T10:21:54.1234567Z',
      startAt: '2026-10-01T00:00:00.000Z',
      endAt: '2026-11-01T00:00:00.000Z',
      createdBy: 'dintero-billing',
    });
    // The seed's placeholder "string" is no instant: that one field is null with a coded error naming the item; the
    // rest of the item and the list stay.
    expect(nodes?.[1]).toMatchObject({ reportId: 'br-2', startAt: null, createdAt: '2026-11-20T10:21:54.141089Z' });
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0]?.path).toEqual(['billingAccount', 'billingReports', 'edges', 1, 'node', 'startAt']);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', source: 'dintero' });
    expect(res.errors?.[0]?.message).toContain('"br-2"');
    expect(res.errors?.[0]?.message).toContain('start_at');
  });

  it('fails a list with a malformed item with a coded error naming the item and field, and the rest of the response stays', async () => {
    replies['/billing/payout-rules'] = { status: 200, body: { payout_rules: [rule('r-ok'), rule('r-broken', { rule_type: 42 })] } };
    replies['/billing/reports'] = { status: 200, body: { reports: [report('br-1')] } };
    const res = await gql<{ billingAccount: { payoutRules: unknown; billingReports: { edges: unknown[] } } }>(
      `{ billingAccount(accountId: "${ACCOUNT}") { payoutRules { edges { node { payoutRuleId } } } billingReports { edges { node { reportId } } } } }`,
    );
    expect(res.data?.billingAccount.payoutRules).toBeNull();
    expect(res.data?.billingAccount.billingReports.edges).toHaveLength(1);
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0]?.path).toEqual(['billingAccount', 'payoutRules']);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', source: 'dintero' });
    expect(res.errors?.[0]?.message).toContain('payout_rules.1.rule_type');
    expect(res.errors?.[0]?.message).toContain('"r-broken"');
  });

  it('names the rule whose split tree has a node of a type Tally does not know', async () => {
    replies['/billing/payout-rules'] = {
      status: 200,
      body: { payout_rules: [rule('r-odd', { destinations: [{ type: 'lottery', destination: 'x' }] })] },
    };
    const res = await gql(`{ billingAccount(accountId: "${ACCOUNT}") { payoutRules { edges { node { payoutRuleId } } } } }`);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE' });
    expect(res.errors?.[0]?.message).toContain('"r-odd"');
    expect(res.errors?.[0]?.message).toContain('lottery');
  });

  it.each([
    [400, 'BAD_USER_INPUT'],
    [401, 'UPSTREAM_AUTH_FAILED'],
    [403, 'UPSTREAM_AUTH_FAILED'],
    [404, 'NOT_FOUND'],
    [409, 'BAD_USER_INPUT'],
    [429, 'UPSTREAM_RATE_LIMITED'],
    [500, 'UPSTREAM_UNAVAILABLE'],
    [503, 'UPSTREAM_UNAVAILABLE'],
  ])("answers Dintero status %i with %s, Dintero's message kept", async (status, code) => {
    replies['/billing/reports'] = { status, body: { error: { code: 'X', message: `the stub says ${status}` } } };
    const res = await gql<{ billingAccount: { billingReports: unknown } }>(
      `{ billingAccount(accountId: "${ACCOUNT}") { accountId billingReports { edges { node { reportId } } } } }`,
    );
    expect(res.data?.billingAccount).toEqual({ accountId: ACCOUNT, billingReports: null });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code, source: 'dintero' });
    expect(res.errors?.[0]?.message).toContain(`the stub says ${status}`);
  });

  describe('attachment downloads in every form the endpoint answers', () => {
    const settlement = {
      id: 'st-1',
      created_at: '2026-11-19T06:00:00Z',
      provider: 'payex',
      attachments: [{ id: 'att-1', key: 'reports/payex-st-1.csv', content_type: 'text/csv', extension: 'csv', created_by: 'payex' }],
      amounts: [],
    };
    const csv = 'transaction_id,amount\r\nt1,100\r\nt2,-25\r\n';

    async function download(): Promise<Response> {
      replies['/settlements'] = { status: 200, body: { items: [settlement] } };
      const res = await gql<{
        billingAccount: { settlements: { edges: Array<{ node: { attachments: Array<{ downloadUrl: string }> } }> } };
      }>(`{ billingAccount(accountId: "${ACCOUNT}") { settlements { edges { node { attachments { downloadUrl } } } } } }`);
      const link = res.data?.billingAccount.settlements.edges[0]?.node.attachments[0]?.downloadUrl;
      if (!link) throw new Error(`no download link: ${JSON.stringify(res.errors)}`);
      return fetch(link);
    }

    it('streams the file when Dintero answers it as a JSON string (the form the Billing API page documents)', async () => {
      replies['/settlements/st-1/attachments/att-1'] = { status: 200, body: csv };
      const res = await download();
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv');
      expect(res.headers.get('content-disposition')).toContain('payex-st-1.csv');
      expect(await res.text()).toBe(csv);
    });

    it('streams the file when Dintero answers it in its own type, and a JSON file that is no link as it is', async () => {
      replies['/settlements/st-1/attachments/att-1'] = { status: 200, type: 'text/csv', body: csv };
      const raw = await download();
      expect(raw.status).toBe(200);
      expect(await raw.text()).toBe(csv);

      const report = JSON.stringify({ settlement: 'st-1', lines: [{ amount: 100 }] });
      replies['/settlements/st-1/attachments/att-1'] = { status: 200, type: 'application/json', body: report };
      const json = await download();
      expect(json.status).toBe(200);
      expect(await json.text()).toBe(report);
    });

    it('refuses a link that is not http(s) with a coded 502', async () => {
      replies['/settlements/st-1/attachments/att-1'] = { status: 200, body: { url: 'file:///etc/passwd' } };
      const res = await download();
      expect(res.status).toBe(502);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UPSTREAM_BAD_RESPONSE');
    });
  });
});
