import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { NOW, startHarness, vippsLedgerGlobalId, type Harness } from '../helpers/harness.js';

/**
 * Seeded fuzzing through real HTTP (issue 10): a few hundred generated requests, well-formed and
 * not, against the gateway on the sandbox with some upstream 5xx and malformed bodies. Whatever
 * comes in, the gateway never answers 5xx, never shows a stack or a server path, and every error
 * carries a code. The same seed generates the same requests.
 */
const SEED = 20261201;
const COUNT = 300;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const facts = vippsSandboxFacts(undefined, { now: NOW });
const LEDGER = vippsLedgerGlobalId(facts.salesLedgerIds[0] ?? facts.quietLedgerId);

interface FuzzRequest {
  kind: string;
  path: string;
  init: RequestInit;
}

function generator(seed: number) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const junk = (n: number) =>
    Array.from({ length: n }, () =>
      String.fromCharCode(pick([int(32, 126), int(32, 126), int(0x80, 0x24f), int(0xd800, 0xdfff), 0, 10, 37])),
    ).join('');
  const b64 = (s: string) => Buffer.from(s).toString('base64url');
  // A URL cannot carry a lone surrogate; bodies can and do.
  const uri = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'));

  const scalars = (): unknown =>
    pick<() => unknown>([
      () => int(-5, 2000),
      () => '10',
      () => 1e308 * 10,
      () => -0.5,
      () => 2 ** 53 + 1,
      () => null,
      () => true,
      () => [1, 2],
      () => ({ nested: { deeper: 'x' } }),
      () => junk(int(0, 40)),
      () => 'someone@example.com',
      () => '2026-02-30',
      () => '2026-11-19',
      () => '9999-12-31',
      () => '',
    ])();
  const id = () =>
    pick<() => string>([
      () => LEDGER,
      () => b64(`Ledger:VIPPS_MOBILEPAY:${int(0, 999999)}`),
      () => b64(`Ledger:EASYPAY:${junk(5)}`),
      () => b64(`${pick(['Entry', 'SalesEvent', 'Settlement', 'PayoutRule', 'Invoice', 'Query', '__Type'])}:${junk(int(0, 20))}`),
      () => b64(junk(int(0, 30))),
      () => junk(int(0, 30)),
      () => `${b64('Ledger:VIPPS_MOBILEPAY:1')}==`,
    ])();
  const literal = (v: unknown) => JSON.stringify(v) ?? 'null';
  const fields = [
    () => '__typename',
    () => `ledgers(first: ${literal(scalars())}) { edges { cursor node { id ledgerId currency } } pageInfo { endCursor hasNextPage } }`,
    () =>
      `ledger(id: ${literal(id())}) { ledgerId entries(date: ${literal(scalars())}, first: ${int(-2, 1200)}${r() < 0.5 ? `, after: ${literal(junk(int(0, 60)))}` : ''}) { edges { node { id amount { amount } payer { name } } } } }`,
    () => `node(id: ${literal(id())}) { id ... on Ledger { ledgerId } }`,
    () =>
      `ledger(id: ${literal(LEDGER)}) { entries(from: ${literal(scalars())}, to: ${literal(scalars())}, first: 3) { final edges { node { kind salesEvent { id } } } } }`,
    () => `ledger(id: ${literal(LEDGER)}) { feed(first: ${int(0, 5)}, last: ${int(0, 3)}) { tryLater } }`,
    () => `billingAccount(accountId: ${literal(pick(['T12345678', 'P87654321', junk(8), 'T1234567']))}) { accountId }`,
    () => `${pick(['a', 'b', 'c', '__schema', '__type(name: "Ledger")'])} { ${pick(['name', 'types { name }', 'x'])} }`,
    () => Array.from({ length: int(1, 40) }, (_, i) => `a${i}: __typename`).join(' '),
    () => `__typename ${'@include(if: true) '.repeat(int(1, 60))}`,
    () => `__schema { types { fields { type ${'{ ofType '.repeat(int(1, 25))}{ name }${' }'.repeat(0)}`,
    () => junk(int(1, 80)),
  ];
  const document = (): string => {
    const shape = r();
    if (shape < 0.1) return junk(int(0, 200));
    if (shape < 0.15) return `{ ${'__typename '.repeat(int(1500, 2500))}}`;
    const body = Array.from({ length: int(1, 3) }, () => pick(fields)()).join(' ');
    if (shape < 0.25) return `mutation { deletePayoutRule(input: { id: ${literal(id())} }) { __typename } }`;
    if (shape < 0.35)
      return `query Q($f: Int, $d: Date!, $id: ID!, $a: String) { ledger(id: $id) { entries(date: $d, first: $f, after: $a) { edges { cursor } } } }`;
    return r() < 0.5 ? `{ ${body} }` : `query ${pick(['A', 'B', ''])} { ${body} `;
  };
  const variables = () =>
    r() < 0.3
      ? undefined
      : pick<() => unknown>([() => ({ f: scalars(), d: scalars(), id: id(), a: scalars() }), () => scalars(), () => ({}), () => 'x'])();

  return (): FuzzRequest => {
    const kind = pick(['json', 'json', 'json', 'json', 'json', 'get', 'body', 'type', 'download', 'path']);
    const json = (body: string, type = 'application/json'): RequestInit => ({ method: 'POST', headers: { 'content-type': type }, body });
    switch (kind) {
      case 'get':
        return {
          kind,
          path: `/graphql?query=${uri(document())}${r() < 0.5 ? `&variables=${uri(junk(int(0, 30)))}` : ''}`,
          init: { headers: { accept: pick(['application/json', 'text/html', '*/*', 'application/graphql-response+json']) } },
        };
      case 'body':
        return {
          kind,
          path: '/graphql',
          init: json(
            pick([
              junk(int(0, 100)),
              '[]',
              '[{"query":"{__typename}"}]',
              'null',
              '"x"',
              '{"query": 5}',
              `{"query": ${JSON.stringify(document())}, "variables": ${pick(['1e309', '"x"', '[1]', '{"f": 1e309}'])}}`,
              '{"documentId": "sha256:00"}',
              '{"query":"{__typename}","extensions":{"persistedQuery":{"version":1,"sha256Hash":"00"}}}',
            ]),
          ),
        };
      case 'type':
        return {
          kind,
          path: '/graphql',
          init: json(
            JSON.stringify({ query: document() }),
            pick([
              'text/plain',
              'application/x-www-form-urlencoded',
              'application/graphql',
              'multipart/form-data; boundary=x',
              'application/xml',
              '',
            ]),
          ),
        };
      case 'download':
        return {
          kind,
          path: `/downloads/${pick(['%', '%zz', '%00', junk(int(0, 60)).replace(/[/?#]/g, ''), `${b64('{"v":1}')}.${b64(junk(16))}`, '..%2f..%2fetc%2fpasswd', 'a.b='])}`.replace(
            /\s/g,
            '%20',
          ),
          init: { method: pick(['GET', 'GET', 'HEAD', 'POST', 'DELETE']) },
        };
      case 'path':
        return {
          kind,
          path: pick(['/', '/graphql/', '/graphql%00', '/health', '/%', '/graphql?query=%', `/${junk(10).replace(/[?#\s]/g, '')}`]),
          init: { method: pick(['GET', 'POST', 'PUT', 'OPTIONS']) },
        };
      default:
        return {
          kind,
          path: '/graphql',
          init: json(JSON.stringify({ query: document(), variables: variables(), operationName: r() < 0.1 ? junk(5) : undefined })),
        };
    }
  };
}

const STACK = /\n\s+at |node_modules|\/work\/|file:\/\/|\(internal\/|Error: .*\n.*:\d+:\d+/;

describe('fuzzing the gateway', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      http: true,
      env: { TALLY_UPSTREAM_RETRIES: '0', TALLY_RATE_LIMIT_PER_MINUTE: '100000' },
      sandbox: { faults: { vipps: { serverErrorRate: 0.05, malformedRate: 0.02 } } },
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it(`answers ${COUNT} seeded inputs without a 5xx, a stack or an uncoded error`, async () => {
    const next = generator(SEED);
    const origin = new URL(h.url).origin;
    const byStatus = new Map<number, number>();
    const byCode = new Map<string, number>();
    const failures: string[] = [];
    let refused = 0;
    for (let i = 0; i < COUNT; i++) {
      const req = next();
      let res: Response;
      try {
        res = await fetch(`${origin}${req.path}`, req.init);
      } catch (err) {
        // A URL or header the client itself refuses to send: not the gateway's doing. A connection the
        // gateway dropped or refused is: an input that resets the socket or kills the process fails.
        const cause = (err as { cause?: { code?: unknown } }).cause;
        const code = typeof cause?.code === 'string' ? cause.code : '';
        if (/^(ECONNRESET|ECONNREFUSED|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED)$/.test(code))
          failures.push(`#${i} ${req.kind} ${req.path.slice(0, 80)}: connection ${code}`);
        refused++;
        continue;
      }
      const text = await res.text();
      byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
      const where = `#${i} ${req.kind} ${req.init.method ?? 'GET'} ${req.path.slice(0, 80)} -> ${res.status}`;
      if (res.status >= 500) failures.push(`${where}: 5xx ${text.slice(0, 200)}`);
      const type = res.headers.get('content-type') ?? '';
      // The GraphiQL page (HTML for a browser's GET) is the gateway's own static page, not an answer to the input.
      if (!type.includes('text/html') && STACK.test(text)) failures.push(`${where}: stack or path in ${text.slice(0, 300)}`);
      if (!type.includes('json') || req.init.method === 'HEAD') continue;
      let body: { errors?: Array<{ extensions?: { code?: unknown } }>; error?: { code?: unknown } };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        failures.push(`${where}: JSON content type with a body that is not JSON`);
        continue;
      }
      const codes = [...(body.errors ?? []).map((e) => e.extensions?.code), ...(body.error ? [body.error.code] : [])];
      for (const code of codes) {
        if (typeof code !== 'string') failures.push(`${where}: an error without a code: ${text.slice(0, 200)}`);
        else byCode.set(code, (byCode.get(code) ?? 0) + 1);
        if (code === 'INTERNAL_SERVER_ERROR')
          failures.push(`${where}: masked unexpected error for ${String(req.init.body ?? '').slice(0, 300)}`);
      }
    }
    console.log(
      `fuzz seed ${SEED}, ${COUNT} inputs. By status: ${[...byStatus]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}=${n}`)
        .join(' ')}. By code: ${[...byCode]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([c, n]) => `${c}=${n}`)
        .join(' ')}`,
    );
    expect(failures).toEqual([]);
    // The generator reaches the interesting answers, so the assertions above are not vacuous.
    expect(byStatus.get(200)).toBeGreaterThan(50);
    expect(byCode.get('BAD_USER_INPUT')).toBeGreaterThan(50);
    expect([...byStatus.keys()].some((s) => s >= 400)).toBe(true);
    // Most inputs reach the gateway (the client refuses only a few), and it still answers after them all.
    console.log(`fuzz: ${refused} inputs the client refused to send`);
    expect(refused).toBeLessThan(COUNT / 10);
    expect((await fetch(`${origin}/health`)).status).toBe(200);
  });
});
