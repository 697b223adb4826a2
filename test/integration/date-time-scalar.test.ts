import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDinteroStandInGateway, type DinteroStandInGateway } from '../helpers/dintero-stand-in.js';
import { canonicalInstant } from '../../src/resolvers/scalars.js';

/*
 * `DateTime` is an instant or nothing: a value an upstream sends that is not one (the billing seed's
 * own placeholder `"string"`, an impossible date, a time without a zone) is an error on its field,
 * never handed on as the value. A stand-in Dintero serves billing reports with such timestamps.
 */

const ACCOUNT = 'T12345678';

describe('canonicalInstant', () => {
  it('keeps the fraction digits the upstream wrote and prints UTC with a Z', () => {
    expect(canonicalInstant('2019-08-24T14:15:22Z')).toBe('2019-08-24T14:15:22Z');
    expect(canonicalInstant('2019-08-24T14:15:22.141089Z')).toBe('2019-08-24T14:15:22.141089Z');
    expect(canonicalInstant('2019-08-24T14:15:22.141089123Z')).toBe('2019-08-24T14:15:22.141089123Z');
    expect(canonicalInstant('2019-08-24T16:15:22.5+02:00')).toBe('2019-08-24T14:15:22.5Z');
    expect(canonicalInstant('2019-08-24T00:15:22-01:30')).toBe('2019-08-24T01:45:22Z');
    expect(canonicalInstant('2024-02-29T23:59:59Z')).toBe('2024-02-29T23:59:59Z');
  });

  it('refuses what is not an instant', () => {
    for (const bad of [
      'string',
      '',
      '2019-08-24',
      '2019-08-24T14:15:22',
      '2019-08-24 14:15',
      '2019-02-29T10:00:00Z',
      '2019-08-24T24:00:00Z',
      '2019-08-24T14:60:00Z',
      '2019-13-01T00:00:00Z',
      '2019-08-24T14:15:22+25:00',
      ' 2019-08-24T14:15:22Z',
    ]) {
      expect(canonicalInstant(bad), bad).toBeNull();
    }
  });
});

describe('DateTime through the gateway', () => {
  let reports: unknown[] = [];
  let standIn: DinteroStandInGateway;
  let url: string;

  beforeAll(async () => {
    standIn = await startDinteroStandInGateway(ACCOUNT, (req, res) => {
      const path = new URL(req.url ?? '/', 'http://stub').pathname.replace(`/v1/accounts/${ACCOUNT}`, '');
      const send = (body: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (path === '/auth/token') return send({ access_token: 'stand-in-token', token_type: 'Bearer', expires_in: 86400 });
      if (path === '/billing/reports') return send({ reports });
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"not here"}}');
    });
    url = standIn.url;
  });

  afterAll(async () => {
    await standIn?.close();
  });

  it('nulls a timestamp that is not an instant with UPSTREAM_BAD_RESPONSE on that field alone', async () => {
    reports = [
      {
        id: 'r1',
        created_at: 'string',
        created_by: 'someone',
        updated_at: '2019-08-24T14:15:22Z',
        start_at: '2019-08-24T00:00:00Z',
        end_at: '24/08/2019',
      },
      {
        id: 'r2',
        created_at: '2019-08-25T14:15:22Z',
        created_by: 'someone',
        updated_at: '2019-08-25T14:15:22Z',
        start_at: '2019-08-25T00:00:00Z',
        end_at: '2019-08-26T00:00:00Z',
      },
    ];
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ billingAccount(accountId: "${ACCOUNT}") { billingReports { edges { node { reportId createdAt updatedAt startAt endAt } } } } }`,
      }),
    });
    const body = (await res.json()) as {
      data?: { billingAccount: { billingReports: { edges: Array<{ node: Record<string, string | null> }> } } };
      errors?: Array<{ path?: Array<string | number>; extensions?: Record<string, unknown> }>;
    };
    // Compared as instants: how many fraction digits Dintero's mapping prints is not this test's concern.
    const asInstants = (n: Record<string, string | null>) =>
      Object.fromEntries(Object.entries(n).map(([k, v]) => [k, k === 'reportId' || v === null ? v : Date.parse(v)]));
    const nodes = body.data?.billingAccount.billingReports.edges.map((e) => asInstants(e.node));
    expect(nodes).toEqual([
      asInstants({ reportId: 'r1', createdAt: null, updatedAt: '2019-08-24T14:15:22Z', startAt: '2019-08-24T00:00:00Z', endAt: null }),
      asInstants({
        reportId: 'r2',
        createdAt: '2019-08-25T14:15:22Z',
        updatedAt: '2019-08-25T14:15:22Z',
        startAt: '2019-08-25T00:00:00Z',
        endAt: '2019-08-26T00:00:00Z',
      }),
    ]);
    // Every value served is in the promised shape: UTC, seconds, a Z.
    for (const n of body.data?.billingAccount.billingReports.edges ?? []) {
      for (const [k, v] of Object.entries(n.node))
        if (k !== 'reportId' && v !== null) expect(v).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    }
    const errors = (body.errors ?? []).map((e) => ({ path: e.path?.join('.'), code: e.extensions?.code }));
    expect(errors).toEqual([
      { path: 'billingAccount.billingReports.edges.0.node.createdAt', code: 'UPSTREAM_BAD_RESPONSE' },
      { path: 'billingAccount.billingReports.edges.0.node.endAt', code: 'UPSTREAM_BAD_RESPONSE' },
    ]);
  });
});
