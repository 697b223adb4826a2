import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  getNamedType,
  getNullableType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type FieldNode,
  type GraphQLField,
  type GraphQLOutputType,
  type SelectionSetNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/logger.js';
import { schema } from '../../src/resolvers/index.js';
import { PERSONAL_DATA_NOTE } from '../../src/resolvers/personal.js';
import { DINTERO_SANDBOX_CREDENTIALS } from '../../src/sandbox/dintero/index.js';
import { EASYPAY_SANDBOX_CREDENTIALS } from '../../src/sandbox/easypay/index.js';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { NOW, startHarness, vippsLedgerGlobalId, type GqlResult, type Harness } from '../helpers/harness.js';
import { graphql } from '../__generated__/index.js';

const sha = (key: string) => createHash('sha256').update(key).digest('hex');
const facts = vippsSandboxFacts(undefined, { now: NOW });
const BUSY = vippsLedgerGlobalId(facts.busy.ledgerId);
const DATE = facts.busy.date;
const EASYPAY = Buffer.from(`Ledger:EASYPAY:${EASYPAY_SANDBOX_CREDENTIALS.accountId}`).toString('base64url');
const TEST_ACCOUNT = DINTERO_SANDBOX_CREDENTIALS.test.accountId;
const KEYS = {
  read: 'pii-read-key-0123456789',
  gdpr: 'pii-gdpr-key-0123456789',
  write: 'pii-write-key-0123456789',
  writeGdpr: 'pii-write-gdpr-key-0123456789',
};
const as = (key: string) => ({ authorization: `Bearer ${key}` });

/** A field whose name or description suggests personal data. */
const SUGGESTS_PERSONAL =
  /e-?mail|phone|\bname\b|message|metadata|createdBy|deletedBy|descriptive|payment.?key|bank account|account number|iban/i;

/**
 * Fields that match SUGGESTS_PERSONAL but are not about a person, each with why a bookkeeper with
 * `read` gets it. Anything else that matches must be marked personal.
 */
const NOT_PERSONAL: Record<string, string> = {
  'InputPathSegment.field': 'the name of an input field (`destinations`)',
  'InputProblem.message': "Tally's words about the caller's own input, as the same refusal's top-level error message says them",
  'InvalidInput.message': "Tally's words about the caller's own write, as the same failure's top-level error message says them",
  'PayoutRuleVersionConflict.message':
    "Tally's words about the caller's own write, as the same failure's top-level error message says them",
  'WriteOutcomeUnknown.message': "Tally's words about the caller's own write, as the same failure's top-level error message says them",
  'BillingDimension.name': 'a billing dimension (`payment_product_type`)',
  'EasypayPaymentDetails.method': 'a payment method code',
  'EasypayPaymentDetails.paymentKey': "the merchant's own order key, the same value as Entry.reference (the bookkeeping join key)",
  'Entry.reference': "the merchant's order reference or the payout's bank text: what the books are matched on",
  'Identifier.scheme': 'the kind of identifier (register, bank account scheme), not its value',
  'KeyValue.key': 'reachable only through PayoutRule.metadata, which is personal',
  'SalesLine.name': 'what was sold',
  'SalesUnit.name': "the merchant's sales unit",
  'Settlement.emailReceivedAt': 'a time',
  'SettlementAmounts.net': 'money',
  'SettlementAttachment.createdBy': 'names a system (`dintero`, the payment provider), not a person',
  'SettlementAttachment.downloadUrl': 'a signed link to a provider file',
  'SettlementAttachment.fileName': "the provider file's storage name",
  'SettlementReportConfiguration.fileTypes': 'report formats (`pdf`, `csv`)',
};

function isPersonal(field: GraphQLField<unknown, unknown>): boolean {
  return (field.description ?? '').endsWith(PERSONAL_DATA_NOTE);
}

function personalFields(): string[] {
  const out: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) if (isPersonal(field)) out.push(`${type.name}.${field.name}`);
  }
  return out.sort();
}

/** Every value under a personal field of `data`, as answered to `document`: the strings that must not reach a client without `gdpr`. */
function personalValues(document: string, data: unknown): string[] {
  const out: string[] = [];
  const leaves = (v: unknown): void => {
    if (typeof v === 'string' && v.length > 0) out.push(v);
    else if (Array.isArray(v)) v.forEach(leaves);
    else if (v && typeof v === 'object') Object.values(v).forEach(leaves);
  };
  const walk = (type: GraphQLOutputType, selections: SelectionSetNode, value: unknown): void => {
    if (value === null || value === undefined) return;
    const t = getNullableType(type);
    if (isListType(t)) {
      for (const item of value as unknown[]) walk(t.ofType, selections, item);
      return;
    }
    const named = getNamedType(t);
    for (const sel of selections.selections) {
      if (sel.kind === 'InlineFragment') {
        const on = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : named;
        if (on && isObjectType(on) && (value as { __typename?: string }).__typename === on.name) walk(on, sel.selectionSet, value);
        continue;
      }
      if (sel.kind !== 'Field' || !isObjectType(named)) continue;
      const field = named.getFields()[sel.name.value];
      if (!field) continue;
      const v = (value as Record<string, unknown>)[sel.alias?.value ?? sel.name.value];
      if (isPersonal(field)) leaves(v);
      else if (sel.selectionSet) walk(field.type, sel.selectionSet, v);
    }
  };
  const op = parse(document).definitions[0];
  if (op?.kind !== 'OperationDefinition') throw new Error('one operation expected');
  walk(op.operation === 'mutation' ? schema.getMutationType()! : schema.getQueryType()!, op.selectionSet, data);
  return out;
}

/** The personal fields a document selects. */
function selectedPersonal(document: string): string[] {
  const info = new TypeInfo(schema);
  const out: string[] = [];
  visit(
    parse(document),
    visitWithTypeInfo(info, {
      Field(node: FieldNode) {
        const parent = info.getParentType();
        const field = info.getFieldDef();
        if (parent && field && isPersonal(field)) out.push(`${parent.name}.${node.name.value}`);
      },
    }),
  );
  return out;
}

const CUSTOMER = 'customer { email phone name }';
const PAYER = 'payer { name maskedPhoneNo message }';
/** Every path to personal data: each is run as a client with `gdpr` and as one without. */
const QUERIES: Record<string, { query: string; variables?: Record<string, unknown> }> = {
  salesEvents: {
    query: `query($id: ID!, $date: Date!) { ledger(id: $id) { salesEvents(date: $date, first: 1000) { edges { node { id ${CUSTOMER} } } } } }`,
    variables: { id: BUSY, date: DATE },
  },
  entries: {
    query: `query($id: ID!, $date: Date!) { ledger(id: $id) { payoutBankAccount { scheme id } entries(date: $date, first: 1000) { edges { node { id ${PAYER} salesEvent { ${CUSTOMER} } } } } } }`,
    variables: { id: BUSY, date: DATE },
  },
  feed: {
    query: `query($id: ID!) { ledger(id: $id) { feed(first: 300) { edges { node { ${PAYER} salesEvent { ${CUSTOMER} } } } } } }`,
    variables: { id: BUSY },
  },
  easypay: {
    query: `query($id: ID!, $from: Date!, $to: Date!) { ledger(id: $id) { payoutBankAccount { id } entries(from: $from, to: $to, first: 200) { edges { node { easypay { descriptive } } } } } }`,
    variables: { id: EASYPAY, from: '2026-11-10', to: '2026-11-19' },
  },
  dintero: {
    query: `query($aid: String!) { billingAccount(accountId: $aid) {
      payoutRules(includeDeleted: true) { edges { node { createdBy deletedBy metadata { key value } } } }
      settlementReportConfigurations { edges { node { destinations { type email } } } }
      billingReports { edges { node { createdBy } } }
      subscriptions { edges { node { createdBy } } }
    } }`,
    variables: { aid: TEST_ACCOUNT },
  },
};

const NODE = `query($ids: [ID!]!) { nodes: billingAccounts { accountId } ${[0, 1, 2, 3]
  .map(
    (i) =>
      `n${i}: node(id: $ids_${i}) { __typename ... on SalesEvent { ${CUSTOMER} } ... on Entry { ${PAYER} salesEvent { ${CUSTOMER} } } }`,
  )
  .join(' ')} }`;

const CREATE_RULE = `mutation($input: CreatePayoutRuleInput!) { createPayoutRule(input: $input) { payoutRule { ruleId createdBy metadata { key value } } } }`;
const CREATE_CONFIG = `mutation($input: CreateSettlementReportConfigurationInput!) { createSettlementReportConfiguration(input: $input) { settlementReportConfiguration { destinations { type email } } } }`;
const ruleInput = (ruleId: string) => ({
  accountId: TEST_ACCOUNT,
  ruleType: 'order.items.store.id',
  ruleId,
  destinations: [{ type: 'PERCENTAGE', value: '100', destination: 'seller-a' }],
  metadata: [{ key: 'contact', value: `Kari Nordmann, kari.${ruleId}@example.no` }],
});
const configInput = (n: number) => ({
  accountId: TEST_ACCOUNT,
  fileTypes: ['csv'],
  destinations: [{ type: 'EMAIL', email: `regnskap.${n}@example.no` }],
  providers: ['payex'],
  payoutDestinationIds: ['PD002'],
});

describe('the schema marks personal data', () => {
  it('marks every field whose name or description suggests personal data, and only nullable fields, each with the gdpr scope check', () => {
    const unmarked: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const name = `${type.name}.${field.name}`;
        const scopes = (field.extensions as { pothosOptions?: { authScopes?: unknown } }).pothosOptions?.authScopes;
        if (isPersonal(field)) {
          // Null with an error is how a personal field answers without the scope.
          expect(isNonNullType(field.type), name).toBe(false);
          expect(scopes, name).toEqual({ gdpr: true });
        } else {
          expect(scopes, `${name} has authScopes but its description does not say so`).toBeUndefined();
          if ((SUGGESTS_PERSONAL.test(field.name) || SUGGESTS_PERSONAL.test(field.description ?? '')) && !(name in NOT_PERSONAL))
            unmarked.push(name);
        }
      }
    }
    expect(unmarked).toEqual([]);
    expect(personalFields()).toEqual([
      'BillingReport.createdBy',
      'BillingSubscription.createdBy',
      'EasypayEntryDetails.descriptive',
      'Entry.payer',
      'Ledger.payoutBankAccount',
      'PayerDetails.maskedPhoneNo',
      'PayerDetails.message',
      'PayerDetails.name',
      'PayoutRule.createdBy',
      'PayoutRule.deletedBy',
      'PayoutRule.metadata',
      'SalesCustomer.email',
      'SalesCustomer.name',
      'SalesCustomer.phone',
      'SalesEvent.customer',
      'SettlementReportDestination.email',
    ]);
  });

  it('queries every personal field in the walk below', () => {
    const covered = new Set([...Object.values(QUERIES).map((q) => q.query), NODE, CREATE_RULE, CREATE_CONFIG].flatMap(selectedPersonal));
    expect(personalFields().filter((f) => !covered.has(f))).toEqual([]);
  });
});

describe('personal data needs the gdpr scope on every path', () => {
  let h: Harness;
  const logLines: string[] = [];
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-pii-'));
    const file = join(dir, 'clients.json');
    const client = (name: string, key: string, scopes: string[]) => ({
      name,
      keySha256: sha(key),
      ledgers: ['*'],
      dinteroAccounts: ['*'],
      scopes,
    });
    writeFileSync(
      file,
      JSON.stringify({
        clients: [
          client('reader', KEYS.read, ['read']),
          client('gdpr', KEYS.gdpr, ['read', 'gdpr']),
          client('writer', KEYS.write, ['write']),
          client('writer-gdpr', KEYS.writeGdpr, ['write', 'gdpr']),
        ],
      }),
    );
    // Every log line, at the most talkative level, to look for personal values in them.
    const sink = new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    h = await startHarness({ http: true, env: { TALLY_CLIENTS: file }, gateway: { logger: createLogger('debug', sink) } });
  });
  afterAll(async () => {
    await h?.close();
  });

  /** The answer's FORBIDDEN errors are one per kind of refusal, with the gdpr scope named. */
  function expectRefused(r: GqlResult<unknown>, label: string): void {
    const forbidden = (r.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN');
    expect(forbidden.length, `${label}: ${JSON.stringify(r.errors)}`).toBeGreaterThan(0);
    expect(forbidden.length, label).toBeLessThanOrEqual(2);
    for (const e of forbidden) expect(e.extensions).toMatchObject({ scope: 'gdpr' });
    expect(
      (r.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN'),
      label,
    ).toEqual([]);
  }

  it('gives every personal value to a client with gdpr, and none of them to one without, in answers, payloads, exports and logs', async () => {
    const personal = new Set<string>();
    const withoutScope: string[] = [];
    const run = async (
      label: string,
      query: string,
      variables: Record<string, unknown> | undefined,
      withKey: string,
      withoutKey: string,
    ) => {
      const full = await h.gql(query, variables, as(withKey));
      expect(full.errors, label).toBeUndefined();
      for (const v of personalValues(query, full.data)) personal.add(v);
      const bare = await h.gql(query, variables, as(withoutKey));
      withoutScope.push(JSON.stringify(bare));
      return { full, bare };
    };

    // Queries (graphql-jit runs them) through every path, the cache warmed by the other client first and then in the other order.
    for (const [label, q] of Object.entries(QUERIES)) {
      const { bare } = await run(label, q.query, q.variables, KEYS.gdpr, KEYS.read);
      expectRefused(bare, label);
      h.clearCache();
      const bareFirst = await h.gql(q.query, q.variables, as(KEYS.read));
      withoutScope.push(JSON.stringify(bareFirst));
      await h.gql(q.query, q.variables, as(KEYS.gdpr));
    }
    // node(id:) of sales events and entries that carry a customer or a payer.
    const sales = await h.gql<{ ledger: { salesEvents: { edges: Array<{ node: { id: string; customer: unknown } }> } } }>(
      QUERIES.salesEvents!.query,
      QUERIES.salesEvents!.variables,
      as(KEYS.gdpr),
    );
    const entries = await h.gql<{
      ledger: { entries: { edges: Array<{ node: { id: string; payer: unknown; salesEvent: { customer: unknown } | null } }> } };
    }>(QUERIES.entries!.query, QUERIES.entries!.variables, as(KEYS.gdpr));
    const ids = [
      ...sales
        .data!.ledger.salesEvents.edges.filter((e) => e.node.customer)
        .slice(0, 2)
        .map((e) => e.node.id),
      entries.data!.ledger.entries.edges.find((e) => e.node.payer)!.node.id,
      entries.data!.ledger.entries.edges.find((e) => e.node.salesEvent?.customer)!.node.id,
    ];
    const nodeQuery = NODE.replace('$ids: [ID!]!', ids.map((_, i) => `$ids_${i}: ID!`).join(', '));
    const nodeVars = Object.fromEntries(ids.map((id, i) => [`ids_${i}`, id]));
    h.clearCache();
    const nodes = await run('node', nodeQuery, nodeVars, KEYS.gdpr, KEYS.read);
    expectRefused(nodes.bare, 'node');

    // Mutation payloads (graphql-js runs them): a write-only client creates, and gets no personal data back.
    const ruleGdpr = await h.gql(CREATE_RULE, { input: ruleInput('pii-with-gdpr') }, as(KEYS.writeGdpr));
    expect(ruleGdpr.errors).toBeUndefined();
    const givenWithScope = personalValues(CREATE_RULE, ruleGdpr.data);
    expect(givenWithScope).toContain('Kari Nordmann, kari.pii-with-gdpr@example.no');
    const bareRule = await h.gql(CREATE_RULE, { input: ruleInput('pii-without-gdpr') }, as(KEYS.write));
    expect(bareRule.data).toMatchObject({
      createPayoutRule: { payoutRule: { ruleId: 'pii-without-gdpr', createdBy: null, metadata: null } },
    });
    withoutScope.push(JSON.stringify(bareRule));
    expectRefused(bareRule, 'createPayoutRule (write only)');
    personal.add('Kari Nordmann, kari.pii-without-gdpr@example.no');
    const config = await h.gql(CREATE_CONFIG, { input: configInput(1) }, as(KEYS.write));
    withoutScope.push(JSON.stringify(config));
    expectRefused(config, 'createSettlementReportConfiguration');
    personal.add('regnskap.1@example.no');
    const configGdpr = await h.gql(CREATE_CONFIG, { input: configInput(2) }, as(KEYS.writeGdpr));
    expect(JSON.stringify(configGdpr.data)).toContain('regnskap.2@example.no');
    // The configuration made by the write-only client is there for a client with gdpr, and its recipient not for one without.
    const dintero = QUERIES.dintero!;
    expect(JSON.stringify((await h.gql(dintero.query, dintero.variables, as(KEYS.gdpr))).data)).toContain('regnskap.1@example.no');
    withoutScope.push(JSON.stringify(await h.gql(dintero.query, dintero.variables, as(KEYS.read))));

    // The CSV export a reader is handed.
    const exported = await h.op(
      graphql(
        `query PersonalDataLedger($id: ID!, $date: Date!) { ledger(id: $id) { entriesExport(from: $date, to: $date) { downloadUrl } } }`,
      ),
      { id: BUSY, date: DATE },
      as(KEYS.read),
    );
    const csv = await (await fetch(exported.data!.ledger!.entriesExport.downloadUrl)).text();
    expect(csv.split('\n').length).toBeGreaterThan(10);
    withoutScope.push(csv);

    // The sandbox serves every kind: customers, payers, metadata, people's names, e-mail addresses, phone numbers.
    const values = [...personal];
    expect(values.some((v) => /@example\.com$/.test(v))).toBe(true);
    expect(values.some((v) => /^\+47 9\d{7}$/.test(v))).toBe(true);
    expect(values.some((v) => /^xxxx \d{4}$/.test(v))).toBe(true);
    expect(values.length).toBeGreaterThan(50);
    const leaks = values.filter((v) => withoutScope.some((text) => text.includes(v)) || logLines.some((line) => line.includes(v)));
    expect(leaks).toEqual([]);
    expect(logLines.length).toBeGreaterThan(0);
  });

  it('drops the Sales API customer as it arrives for a client without gdpr, so the cache it hits never holds one', async () => {
    h.clearCache();
    const q = QUERIES.entries!;
    const withScope = await h.gql<{ ledger: { entries: { edges: Array<{ node: { salesEvent: { customer: unknown } | null } }> } } }>(
      q.query,
      q.variables,
      as(KEYS.gdpr),
    );
    expect(withScope.data!.ledger.entries.edges.some((e) => e.node.salesEvent?.customer)).toBe(true);
    // Same pages, right after, for a client without gdpr: the cache it hits holds no customer.
    const direct = h.gateway.sources.sales.forRequest({}, { today: () => '2026-11-20' } as never, { today: async () => DATE } as never, {
      mayRead: () => true,
      gdpr: false,
    });
    const page = await direct.configured().datePage(facts.busy.ledgerId, DATE, null);
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((e) => e.customer === null)).toBe(true);
  });
});
