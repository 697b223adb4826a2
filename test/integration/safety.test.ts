import { createHash } from 'node:crypto';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DINTERO_SANDBOX_CREDENTIALS } from '../../src/sandbox/dintero/index.js';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { NOW, startHarness, vippsLedgerGlobalId, type Harness } from '../helpers/harness.js';
import { graphql } from '../__generated__/index.js';

const sha = (key: string) => createHash('sha256').update(key).digest('hex');
const facts = vippsSandboxFacts(undefined, { now: NOW });
const LEDGER = vippsLedgerGlobalId(facts.salesLedgerIds[0] ?? facts.quietLedgerId);
const MANIFEST = 'examples/__generated__/persisted-documents.json';
const TEST_ACCOUNT = DINTERO_SANDBOX_CREDENTIALS.test.accountId;

async function raw(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; headers: Headers; text: string; json: () => Record<string, unknown> }> {
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  raw(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

const totalCalls = (stats: Record<string, number>) => Object.values(stats).reduce((a, b) => a + b, 0);

describe('safe by default: the sandbox gateway', () => {
  let h: Harness;
  const logs: Array<{ level: string; message: string }> = [];
  beforeAll(async () => {
    h = await startHarness({
      http: true,
      env: { LOG_LEVEL: 'info', TALLY_ALLOWED_ORIGINS: 'https://books.example.com' },
      gateway: { log: (level, message) => logs.push({ level, message }) },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it('refuses a form-encoded or text POST (CSRF) before anything runs: no payout rule is deleted', async () => {
    await h.resetStats();
    const doc = `mutation { deletePayoutRule(input: { accountId: "${TEST_ACCOUNT}", ruleId: "anything" }) { __typename } }`;
    const form = await raw(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: doc }).toString(),
    });
    expect(form.status).toBe(415);
    expect((form.json().errors as Array<{ extensions: { code: string } }>)[0]!.extensions.code).toBe('BAD_USER_INPUT');
    const text = await raw(h.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: doc }) });
    expect(text.status).toBe(415);
    const multipart = new FormData();
    multipart.set('operations', JSON.stringify({ query: doc }));
    expect((await raw(h.url, { method: 'POST', body: multipart })).status).toBe(415);
    expect(totalCalls(await h.stats())).toBe(0);
  });

  it('answers CORS only for configured origins, never reflecting another and never with credentials', async () => {
    const evil = await postJson(h.url, { query: '{ __typename }' }, { origin: 'https://evil.example' });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(evil.headers.get('access-control-allow-credentials')).toBeNull();
    const ok = await postJson(h.url, { query: '{ __typename }' }, { origin: 'https://books.example.com' });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://books.example.com');
    expect(ok.headers.get('access-control-allow-credentials')).toBeNull();
    const preflight = await raw(h.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('puts downloadUrl on the listen address, whatever Host the request names', async () => {
    const body = JSON.stringify({
      query:
        'query($a: String!) { billingAccount(accountId: $a) { settlements(first: 5) { edges { node { attachments { downloadUrl } } } } } }',
      variables: { a: TEST_ACCOUNT },
    });
    const port = new URL(h.url).port;
    const answer = await new Promise<string>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/graphql',
          method: 'POST',
          headers: { host: 'evil.example', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    const urls = [...answer.matchAll(/"downloadUrl":"([^"]+)"/g)].map((m) => m[1] as string);
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) expect(new URL(u).origin).toBe(new URL(h.url).origin);
    expect(answer).not.toContain('evil.example');
  });

  it('codes a variable of the wrong type as BAD_USER_INPUT and never logs its value', async () => {
    logs.length = 0;
    const q = 'query($f: Int, $d: Date!) { ledger(id: "x") { entries(date: $d, first: $f) { edges { cursor } } } }';
    for (const [vars, value] of [
      ['{"f":"10","d":"2026-11-19"}', '"10"'],
      ['{"f":1e309,"d":"2026-11-19"}', 'Infinity'],
      ['{"f":1,"d":"someone@example.com"}', 'someone@example.com'],
    ] as const) {
      const r = await raw(h.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"query":${JSON.stringify(q)},"variables":${vars}}`,
      });
      expect(r.status).toBeLessThan(500);
      const errors = r.json().errors as Array<{ extensions: { code: string } }>;
      expect(errors.length).toBeGreaterThan(0);
      for (const e of errors) expect(e.extensions.code).toBe('BAD_USER_INPUT');
      for (const line of logs) expect(line.message).not.toContain(value.replace(/"/g, ''));
    }
    // Client mistakes are not logged at the default level at all, and never with the document.
    expect(logs.filter((l) => l.level !== 'debug')).toEqual([]);
  });

  const limitCases: Array<[string, string, string]> = [
    ['aliases', `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ')} }`, 'aliases'],
    ['directives', `{ ${'__typename @include(if: true) '.repeat(51)}}`, 'directives'],
    ['tokens', `{ ${'__typename '.repeat(2001)}}`, 'tokens'],
    [
      'depth through a fragment',
      `{ __schema { types { ...T } } } fragment T on __Type { fields { type ${'{ ofType '.repeat(14)}{ name }${' }'.repeat(14)} } }`,
      'depth',
    ],
    ['depth of introspection', `{ __schema { types { fields { type ${'{ ofType '.repeat(20)}{ name }${' }'.repeat(20)} } } } }`, 'depth'],
  ];
  for (const [name, query, limit] of limitCases) {
    it(`answers BAD_USER_INPUT naming the ${name} limit`, async () => {
      const r = await h.gql(query);
      expect(r.status).toBeLessThan(500);
      expect(r.data ?? null).toBeNull();
      expect(r.errors!.length).toBeGreaterThan(0);
      expect(r.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit });
    });
  }

  it('answers BAD_USER_INPUT for a global id of an unknown type, and for after: ""', async () => {
    const unknown = Buffer.from('Invoice:1').toString('base64url');
    const r = await h.gql('query($id: ID!) { node(id: $id) { id } }', { id: unknown });
    expect(r.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const query = Buffer.from('Query:1').toString('base64url');
    expect((await h.gql('query($id: ID!) { node(id: $id) { id } }', { id: query })).errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const empty = await h.gql('{ ledgers(first: 1, after: "") { edges { cursor } } }');
    expect(empty.data ?? null).toBeNull();
    expect(empty.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
  });

  it('refuses a bad cursor before any upstream call, the ledger lookup and the token included', async () => {
    h.clearCache();
    await h.resetStats();
    const q =
      'query($id: ID!, $after: String) { ledger(id: $id) { ledgerId entries(date: "2026-11-18", first: 2, after: $after) { edges { cursor } } } }';
    for (const after of ['', 'nonsense', 'eyJ2IjoxfQ.AAAAAAAAAAAAAAAAAAAAAA']) {
      const r = await h.gql(q, { id: LEDGER, after });
      expect(r.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    }
    expect(await h.stats()).toEqual({});
  });

  it('accepts a signature in one encoding only', async () => {
    const first = await h.op(graphql(`query SafetyLedgers { ledgers(first: 1) { pageInfo { endCursor } } }`));
    const cursor = first.data!.ledgers!.pageInfo.endCursor;
    const next = (after: string) => h.gql('query($a: String) { ledgers(first: 1, after: $a) { edges { cursor } } }', { a: after });
    expect((await next(cursor!)).errors).toBeUndefined();
    // 16 MAC bytes are 22 base64url characters; the last one has 2 spare bits, so 4 spellings decode alike.
    const last = cursor!.at(-1) as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[(alphabet.indexOf(last) & ~3) | ((alphabet.indexOf(last) + 1) & 3)] as string;
    expect(Buffer.from(`${cursor!.slice(0, -1)}${sibling}`.split('.')[1] as string, 'base64url')).toEqual(
      Buffer.from(cursor!.split('.')[1] as string, 'base64url'),
    );
    for (const variant of [`${cursor}=`, `${cursor}==`, `${cursor!.slice(0, -1)}${sibling}`, ` ${cursor}`, cursor!.replace('.', '.=')]) {
      expect((await next(variant)).errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    }
  });

  it("codes malformed JSON in a GET request's variables as BAD_USER_INPUT", async () => {
    const r = await raw(`${h.url}?query=${encodeURIComponent('{ __typename }')}&variables=not-json`, {
      headers: { accept: 'application/json' },
    });
    expect(r.status).toBe(400);
    expect(r.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT', argument: 'variables' } }] });
  });

  it("gives every refusal a coded JSON body: 415, 406, 405, 404 and a body that is not JSON (without the parser's error)", async () => {
    const cases: Array<[string, RequestInit, number, string, string?]> = [
      ['/graphql', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<query/>' }, 415, 'BAD_USER_INPUT'],
      [
        '/graphql',
        { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/xml' }, body: '{"query":"{ __typename }"}' },
        406,
        'BAD_REQUEST',
      ],
      ['/graphql', { method: 'GET', headers: { accept: 'image/png' } }, 406, 'BAD_REQUEST'],
      ['/graphql', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' }, 405, 'BAD_REQUEST'],
      ['/nothing-here', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }, 404, 'NOT_FOUND'],
      [
        '/graphql',
        { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: '{"query":' },
        400,
        'BAD_REQUEST',
      ],
    ];
    for (const [path, init, status, code] of cases) {
      const r = await raw(new URL(path, h.url).toString(), init);
      expect({ path, method: init.method, status: r.status }).toEqual({ path, method: init.method, status });
      expect(r.headers.get('content-type')).toContain('application/json');
      const body = r.json() as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
      expect(body.errors[0]!.message.length).toBeGreaterThan(0);
      expect(body.errors[0]!.extensions.code).toBe(code);
      expect(r.text).not.toMatch(/originalError|SyntaxError|is not valid JSON/);
    }
    // node:http's own refusal of headers over its limit carries a code too.
    const big = await raw(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-padding': 'p'.repeat(20_000) },
      body: '{}',
    });
    expect(big.status).toBe(431);
    expect(big.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
    // HEAD has no body (HTTP): its status and headers are those of the coded JSON refusal.
    const head = await raw(h.url, { method: 'HEAD' });
    expect(head.status).toBe(405);
    expect(head.headers.get('allow')).toBe('GET, POST');
    expect(head.headers.get('content-type')).toContain('application/json');
    expect(head.text).toBe('');
  });

  it('answers GET /downloads/% with 403 and never a stack', async () => {
    for (const path of ['/downloads/%', '/downloads/%zz', '/downloads/%E0%A4%A', '/downloads/', '/downloads/a.b=']) {
      const r = await raw(new URL(path, h.url).toString());
      expect(r.status).toBe(403);
      expect(r.text).not.toMatch(/\bat .*\(|node_modules|\/work\/|URIError/);
      expect(JSON.parse(r.text)).toMatchObject({ error: { code: 'DOWNLOAD_LINK_INVALID' } });
    }
  });

  it('makes one failing upstream call one error and one log line, however many entries shared it', async () => {
    h.clearCache();
    logs.length = 0;
    h.sandbox.faults.set('vipps', { serverErrorRate: 1, endpoints: ['/sales/'] });
    try {
      const r = await h.op(
        graphql(
          `query SafetyLedger($id: ID!, $date: Date!) { ledger(id: $id) { entries(date: $date, first: 200) { edges { node { kind salesEvent { id } } } } } }`,
        ),
        { id: vippsLedgerGlobalId(facts.busy.ledgerId), date: facts.busy.date },
      );
      const sales = r.data!.ledger!.entries!.edges.filter((e) => e.node.kind === 'CAPTURE' || e.node.kind === 'REFUND');
      expect(sales.length).toBeGreaterThan(20);
      expect(r.errors).toHaveLength(1);
      expect(r.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', source: 'vipps-sales', count: sales.length });
      const failures = logs.filter((l) => l.message.startsWith('upstream failure'));
      expect(failures).toHaveLength(1);
      expect(failures[0]!.level).toBe('warn');
    } finally {
      h.sandbox.faults.clear('vipps');
    }
  });

  it('refuses a body over the limit with 413 before parsing, by length and when chunked', async () => {
    const big = JSON.stringify({ query: `{ __typename } # ${'x'.repeat(1_100_000)}` });
    const byLength = await raw(h.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(byLength.status).toBe(413);
    expect(byLength.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT', limit: 'bodyBytes', max: 1_048_576 } }] });
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        const piece = new TextEncoder().encode(big.slice(0, 100_000));
        for (let i = 0; i < 12; i++) controller.enqueue(piece);
        controller.close();
      },
    });
    const chunked = await raw(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(chunked.text).toContain('REQUEST_ENTITY_TOO_LARGE');
  });
});

describe('safe by default: clients, scopes and rates', () => {
  let h: Harness;
  const KEYS = { reader: 'reader-key-0123456789', writer: 'writer-key-0123456789', slow: 'slow-key-0123456789', none: 'none' };
  beforeAll(async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/tally-safety-`);
    writeFileSync(
      `${dir}/clients.json`,
      JSON.stringify({
        clients: [
          { name: 'reader', keySha256: sha(KEYS.reader), ledgers: ['*'], dinteroAccounts: ['*'], scopes: ['read'] },
          { name: 'writer', keySha256: sha(KEYS.writer), ledgers: ['*'], dinteroAccounts: ['*'], scopes: ['read', 'write'] },
          { name: 'slow', keySha256: sha(KEYS.slow), ledgers: ['*'], scopes: ['read'], requestsPerMinute: 5 },
          { name: 'writes-only', keySha256: sha(KEYS.none), scopes: ['write'] },
        ],
      }),
    );
    h = await startHarness({
      http: true,
      env: { TALLY_CLIENTS: `${dir}/clients.json`, TALLY_INTROSPECTION: 'off', TALLY_GRAPHIQL: 'off', TALLY_TRUSTED_DOCUMENTS: MANIFEST },
    });
  });
  afterAll(async () => {
    await h.close();
  });
  const as = (key: string) => ({ authorization: `Bearer ${key}` });

  it('needs a known key', async () => {
    expect((await postJson(h.url, { query: '{ __typename }' })).status).toBe(401);
    const unknown = await postJson(h.url, { query: '{ __typename }' }, as('who-knows'));
    expect(unknown.status).toBe(401);
    expect(unknown.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    expect((await postJson(h.url, { query: '{ __typename }' }, { 'x-api-key': KEYS.reader })).status).toBe(200);
  });

  it('runs mutations only for a client with the write scope, refusing before any upstream call', async () => {
    await h.resetStats();
    const doc = `mutation { deletePayoutRule(input: { id: "${Buffer.from(`PayoutRule:${TEST_ACCOUNT}:no-such-rule`).toString('base64url')}" }) { __typename } }`;
    const r = await h.gql(doc, undefined, as(KEYS.reader));
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'write' });
    expect(totalCalls(await h.stats())).toBe(0);
    const w = await h.gql(doc, undefined, as(KEYS.writer));
    expect(w.errors?.[0]?.extensions?.code).not.toBe('FORBIDDEN');
    const noRead = await h.gql('{ ledgers(first: 1) { edges { cursor } } }', undefined, as(KEYS.none));
    expect(noRead.errors).toHaveLength(1);
    expect(noRead.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'read' });
  });

  it('limits each client to its rate with 429 and Retry-After, leaving other clients alone', async () => {
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof raw>> | undefined;
    for (let i = 0; i < 8; i++) {
      const r = await postJson(h.url, { query: '{ __typename }' }, as(KEYS.slow));
      statuses.push(r.status);
      if (r.status === 429) limited ??= r;
    }
    // 5 a minute: an idle client's 5 at once, then one every 12 s (these follow each other far faster).
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const retryAfter = Number(limited!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(12);
    expect(limited!.json()).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter } }] });
    expect((await postJson(h.url, { query: '{ __typename }' }, as(KEYS.reader))).status).toBe(200);
  });

  it('turns introspection and GraphiQL off when configured (the default with real upstreams); __typename stays', async () => {
    const r = await h.gql('{ __schema { queryType { name } } }', undefined, as(KEYS.reader));
    expect(r.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect((await h.gql('{ __type(name: "Ledger") { name } }', undefined, as(KEYS.reader))).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect((await h.gql('{ __typename }', undefined, as(KEYS.reader))).data).toEqual({ __typename: 'Query' });
    const page = await raw(h.url, { headers: { accept: 'text/html' } });
    expect(page.text).not.toContain('graphiql');
  });

  it('runs a trusted document by its documentId', async () => {
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>;
    const [id] = Object.entries(manifest).find(([, doc]) => doc.startsWith('query Ledgers')) as [string, string];
    const r = await postJson(h.url, { documentId: id, variables: { first: 2 } }, as(KEYS.reader));
    expect(r.status).toBe(200);
    expect((r.json().data as { ledgers: { edges: unknown[] } }).ledgers.edges.length).toBe(2);
    const unknown = await postJson(h.url, { documentId: `sha256:${'0'.repeat(64)}` }, as(KEYS.reader));
    expect(unknown.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] });
  });
});

describe('safe by default: failed authentications per address', () => {
  let h: Harness;
  let now = Date.parse('2026-11-20T14:30:00Z');
  const logs: Array<{ level: string; message: string }> = [];
  const KEY = 'the-right-key-0123456789';
  const ATTACKER = '198.51.100.7';
  const OFFICE = '203.0.113.9';
  beforeAll(async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(`${tmpdir()}/tally-auth-failures-`);
    writeFileSync(
      `${dir}/clients.json`,
      JSON.stringify({ clients: [{ name: 'books', keySha256: sha(KEY), ledgers: ['*'], scopes: ['read'] }] }),
    );
    h = await startHarness({
      http: true,
      // One reverse proxy in front: the client is the last X-Forwarded-For entry.
      env: { TALLY_CLIENTS: `${dir}/clients.json`, TALLY_AUTH_FAILURES_PER_MINUTE: '3', TALLY_TRUSTED_PROXY_HOPS: '1' },
      gateway: { rateClock: () => now, log: (level, message) => logs.push({ level, message }) },
    });
  });
  afterAll(async () => {
    await h.close();
  });
  const from = (address: string, key?: string) =>
    postJson(
      h.url,
      { query: '{ __typename }' },
      { 'x-forwarded-for': address, ...(key === undefined ? {} : { authorization: `Bearer ${key}` }) },
    );
  const warnings = () => logs.filter((l) => l.level === 'warn' && l.message.includes('failed authentications'));

  it('answers 429 with Retry-After once an address spends its failures, for any key, and warns once without the key', async () => {
    const guesses = ['guess-0001', 'guess-0002', 'guess-0003'];
    for (const guess of guesses) expect((await from(ATTACKER, guess)).status).toBe(401);
    const refused = await from(ATTACKER, 'guess-0004');
    expect(refused.status).toBe(429);
    // 3 a minute: the next failure is allowed 20 s later.
    expect(refused.headers.get('retry-after')).toBe('20');
    expect(refused.json()).toMatchObject({
      errors: [{ extensions: { code: 'RATE_LIMITED', limit: 'authFailures', retryAfterSeconds: 20 } }],
    });
    // While refused, the key is not even looked up: the right one waits too (else the 429 would tell a guesser which key is right).
    expect((await from(ATTACKER, KEY)).status).toBe(429);
    expect((await from(ATTACKER)).status).toBe(429);
    // A spoofed entry left of the proxy's own changes nothing.
    expect((await from(`192.0.2.1, ${ATTACKER}`, 'guess-0005')).status).toBe(429);
    // Another address is not affected, and its successes never count.
    for (let i = 0; i < 5; i++) expect((await from(OFFICE, KEY)).status).toBe(200);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]!.message).toContain(ATTACKER);
    expect(JSON.stringify(logs)).not.toMatch(/guess-000|the-right-key/);
  });

  it('lets the address try again once its budget refills: one failure per 20 s, and a new warning for a new refusal', async () => {
    now += 20_000;
    expect((await from(ATTACKER, KEY)).status).toBe(200);
    expect((await from(ATTACKER, 'guess-0006')).status).toBe(401);
    const again = await from(ATTACKER, 'guess-0007');
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('20');
    expect(warnings()).toHaveLength(2);
  });
});

describe('safe by default: trusted documents only', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ http: true, env: { TALLY_TRUSTED_DOCUMENTS: MANIFEST, TALLY_TRUSTED_DOCUMENTS_ONLY: 'on' } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('refuses any other document, and accepts the text of a listed one however it is spaced', async () => {
    const other = await postJson(h.url, { query: '{ ledgers(first: 1) { edges { cursor } } }' });
    expect(other.status).toBe(403);
    expect(other.json()).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, string>;
    const ledgers = Object.values(manifest).find((doc) => doc.startsWith('query Ledgers')) as string;
    const respaced = ledgers.replace(/ \{ /g, ' {\n  ');
    const r = await postJson(h.url, { query: respaced, variables: { first: 1 } });
    expect(r.status).toBe(200);
    expect(r.json().errors).toBeUndefined();
  });
});
