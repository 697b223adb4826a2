import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, type Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DINTERO_SANDBOX_CREDENTIALS } from '../../src/sandbox/dintero/index.js';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { NOW, startHarness, vippsLedgerGlobalId, type Harness } from '../helpers/harness.js';
import { graphql } from '../__generated__/index.js';

const sha = (key: string) => createHash('sha256').update(key).digest('hex');
const facts = vippsSandboxFacts(undefined, { now: NOW });
/** The granted ledger: the busy one (Vippsnummer sales, so payer details exist upstream). */
const GRANTED = facts.busy.ledgerId;
/** A ledger outside the narrow grant, with daily payouts (so it has entries and payouts to ask for). */
const OTHER = (facts.ledgers.find((l) => l.ledgerId !== GRANTED && l.payout === 'daily') as { ledgerId: string }).ledgerId;
const DATE = facts.busy.date;
const TEST_ACCOUNT = DINTERO_SANDBOX_CREDENTIALS.test.accountId;
const PRODUCTION_ACCOUNT = DINTERO_SANDBOX_CREDENTIALS.production.accountId;
const KEYS = { narrow: 'narrow-client-key-0123456789', wide: 'wide-client-key-0123456789' };

const ENTRIES = `query($id: ID!, $date: Date!) { ledger(id: $id) { ledgerId entries(date: $date, first: 200) { edges { node { id kind payer { name maskedPhoneNo message } } } } } }`;

describe('each client sees only its merchants', () => {
  let h: Harness;
  const paths: string[] = [];
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-grants-'));
    const file = join(dir, 'clients.json');
    writeFileSync(
      file,
      JSON.stringify({
        clients: [
          {
            name: 'narrow',
            keySha256: sha(KEYS.narrow),
            ledgers: [`VIPPS_MOBILEPAY:${GRANTED}`],
            dinteroAccounts: [TEST_ACCOUNT],
            scopes: ['read'],
          },
          { name: 'wide', keySha256: sha(KEYS.wide), ledgers: ['*'], dinteroAccounts: ['*'], scopes: ['read', 'gdpr'] },
        ],
      }),
    );
    // Records every upstream request the gateway sends, query string included.
    const dispatcher = new Agent().compose((dispatch: Dispatcher['dispatch']) => (opts, handler) => {
      paths.push(String(opts.path));
      return dispatch(opts, handler);
    });
    h = await startHarness({ env: { TALLY_CLIENTS: file }, gateway: { sourceOptions: { dispatcher } } });
  });
  afterAll(async () => {
    await h.close();
  });
  const as = (key: string) => ({ authorization: `Bearer ${key}` });

  it('lists only the granted ledgers and Dintero accounts', async () => {
    const narrow = await h.op(
      graphql(`query GrantsLedgers { ledgers(first: 100) { edges { node { ledgerId provider } } } billingAccounts { accountId } }`),
      undefined,
      as(KEYS.narrow),
    );
    expect(narrow.errors).toBeUndefined();
    expect(narrow.data!.ledgers!.edges.map((e) => e!.node.ledgerId)).toEqual([GRANTED]);
    expect(narrow.data!.billingAccounts.map((a) => a.accountId)).toEqual([TEST_ACCOUNT]);
    const wide = await h.op(
      graphql(`query GrantsLedgers2 { ledgers(first: 100) { edges { cursor } } billingAccounts { accountId } }`),
      undefined,
      as(KEYS.wide),
    );
    expect(wide.data!.ledgers!.edges.length).toBeGreaterThan(1);
    expect(wide.data!.billingAccounts).toHaveLength(2);
  });

  it('answers NOT_FOUND by id and by node, and fetches nothing upstream for a ledger outside the grant', async () => {
    h.clearCache();
    await h.resetStats();
    paths.length = 0;
    const byId = await h.gql(ENTRIES, { id: vippsLedgerGlobalId(OTHER), date: DATE }, as(KEYS.narrow));
    expect(byId.data).toEqual({ ledger: null });
    expect(byId.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const byNode = await h.op(
      graphql(`query GrantsNode($id: ID!) { node(id: $id) { id } }`),
      { id: vippsLedgerGlobalId(OTHER) },
      as(KEYS.narrow),
    );
    expect(byNode.data!.node).toBeNull();
    expect(byNode.errors).toHaveLength(1);
    expect(byNode.errors![0]).toMatchObject({ path: ['node'], extensions: { code: 'NOT_FOUND' } });
    // An entry of that ledger, by node: its key names the ledger, so nothing is asked either.
    const wide = await h.op(
      graphql(
        `query GrantsLedger($id: ID!, $date: Date!) { ledger(id: $id) { entries(date: $date, first: 1) { edges { node { id } } } } }`,
      ),
      { id: vippsLedgerGlobalId(OTHER), date: DATE },
      as(KEYS.wide),
    );
    const entryId = wide.data!.ledger!.entries!.edges[0]?.node.id;
    h.clearCache();
    await h.resetStats();
    paths.length = 0;
    if (entryId) {
      const entry = await h.op(graphql(`query GrantsNode2($id: ID!) { node(id: $id) { id } }`), { id: entryId }, as(KEYS.narrow));
      expect(entry.data!.node).toBeNull();
      expect(entry.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    }
    const byIdAgain = await h.gql(ENTRIES, { id: vippsLedgerGlobalId(OTHER), date: DATE }, as(KEYS.narrow));
    expect(byIdAgain.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(paths.filter((p) => p.includes(OTHER))).toEqual([]);
    expect(paths.filter((p) => !p.includes('token'))).toEqual([]);
  });

  it('answers node(id:) outside the grant exactly as for an id that names nothing: null and one identical NOT_FOUND (ledger, entry, payout, account)', async () => {
    const global = (typename: string, key: string) => Buffer.from(`${typename}:${key}`).toString('base64url');
    const inner = (id: string) =>
      Buffer.from(id, 'base64url')
        .toString('utf8')
        .replace(/^[A-Za-z]+:/, '');
    // Real ids on the ledger outside the narrow grant, read with the wide key.
    const wide = await h.op(
      graphql(
        `query GrantsLedger2($id: ID!, $date: Date!, $from: Date!) { ledger(id: $id) { entries(date: $date, first: 1) { edges { node { id } } } payouts(from: $from, to: $date, first: 1) { edges { node { id } } } } }`,
      ),
      { id: vippsLedgerGlobalId(OTHER), date: DATE, from: '2026-11-01' },
      as(KEYS.wide),
    );
    expect(wide.errors).toBeUndefined();
    const entryId = wide.data!.ledger!.entries!.edges[0]!.node.id;
    const payoutId = wide.data!.ledger!.payouts!.edges[0]!.node.id;
    // The same keys on the granted ledger name nothing there: "unknown" ids inside the grant.
    const onGranted = (id: string, typename: string) => global(typename, inner(id).replace(`|${OTHER}|`, `|${GRANTED}|`));
    const pairs: Array<[string, string, string]> = [
      ['ledger', vippsLedgerGlobalId(OTHER), vippsLedgerGlobalId('999999999')],
      ['entry', entryId, onGranted(entryId, 'Entry')],
      ['payout', payoutId, onGranted(payoutId, 'Payout')],
      ['account', global('BillingAccount', PRODUCTION_ACCOUNT), global('BillingAccount', 'T99999999')],
    ];
    h.clearCache();
    paths.length = 0;
    for (const [what, ungranted, unknown] of pairs) {
      const answers = [];
      for (const id of [ungranted, unknown]) {
        const r = await h.op(graphql(`query GrantsNode3($id: ID!) { node(id: $id) { id } }`), { id }, as(KEYS.narrow));
        expect(r.data, what).toEqual({ node: null });
        expect(r.errors, what).toHaveLength(1);
        const { extensions, ...rest } = r.errors![0]! as { extensions: Record<string, unknown> };
        const { requestId: _requestId, ...ext } = extensions;
        answers.push({ ...rest, extensions: ext });
      }
      expect(answers[0], what).toMatchObject({ path: ['node'], extensions: { code: 'NOT_FOUND' } });
      expect(answers[0], `${what}: ungranted and unknown answer alike`).toEqual(answers[1]);
    }
    // Nothing outside the grant was asked upstream.
    expect(paths.filter((p) => p.includes(OTHER) || p.includes(PRODUCTION_ACCOUNT))).toEqual([]);
    // Malformed ids stay the client's input error.
    expect((await h.gql('{ node(id: "not an id") { id } }', undefined, as(KEYS.narrow))).errors![0]!.extensions!.code).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('answers NOT_FOUND for a Dintero account outside the grant, before any upstream call', async () => {
    paths.length = 0;
    const r = await h.op(
      graphql(`query GrantsBillingAccount($a: String!) { billingAccount(accountId: $a) { accountId } }`),
      { a: PRODUCTION_ACCOUNT },
      as(KEYS.narrow),
    );
    expect(r.data!.billingAccount).toBeNull();
    expect(r.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    const ok = await h.op(
      graphql(`query GrantsBillingAccount2($a: String!) { billingAccount(accountId: $a) { accountId } }`),
      { a: TEST_ACCOUNT },
      as(KEYS.narrow),
    );
    expect(ok.data!.billingAccount!.accountId).toBe(TEST_ACCOUNT);
    expect(paths).toEqual([]);
  });

  it('gives payer details only with the gdpr scope: otherwise null, one FORBIDDEN error, and not requested upstream', async () => {
    h.clearCache();
    paths.length = 0;
    const wide = await h.gql<{ ledger: { entries: { edges: Array<{ node: { payer: { name: string | null } | null } }> } } }>(
      ENTRIES,
      { id: vippsLedgerGlobalId(GRANTED), date: DATE },
      as(KEYS.wide),
    );
    expect(wide.errors).toBeUndefined();
    expect(wide.data!.ledger.entries.edges.some((e) => e.node.payer?.name)).toBe(true);
    expect(paths.some((p) => p.includes('includeGDPRSensitiveData=true'))).toBe(true);

    h.clearCache();
    paths.length = 0;
    const narrow = await h.gql<{ ledger: { entries: { edges: Array<{ node: { kind: string; payer: unknown } }> } } }>(
      ENTRIES,
      { id: vippsLedgerGlobalId(GRANTED), date: DATE },
      as(KEYS.narrow),
    );
    const edges = narrow.data!.ledger.entries.edges;
    expect(edges.length).toBeGreaterThan(1);
    for (const e of edges) expect(e.node.payer).toBeNull();
    expect(narrow.errors).toHaveLength(1);
    expect(narrow.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'gdpr', count: edges.length });
    expect(narrow.errors![0]!.path).toEqual(['ledger', 'entries', 'edges', 0, 'node', 'payer']);
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.filter((p) => p.includes('includeGDPRSensitiveData'))).toEqual([]);
  });
});
