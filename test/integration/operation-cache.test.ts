import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Kind,
  parse,
  print,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DINTERO_SANDBOX_CREDENTIALS } from '../../src/sandbox/dintero/index.js';
import { EASYPAY_SANDBOX_CREDENTIALS } from '../../src/sandbox/easypay/index.js';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { NOW, startHarness, vippsLedgerGlobalId, YESTERDAY, type GqlResult, type Harness } from '../helpers/harness.js';

/**
 * Work the gateway keeps between requests (compiled operations, parsed and validated documents)
 * is keyed by everything that changes an answer: one document with several operations answers
 * the operation each request names, in any order, however often the document was sent before.
 */
const facts = vippsSandboxFacts(undefined, { now: NOW });
const BUSY = vippsLedgerGlobalId(facts.busy.ledgerId);
const QUIET = vippsLedgerGlobalId(facts.quietLedgerId);
const EASYPAY = Buffer.from(`Ledger:EASYPAY:${EASYPAY_SANDBOX_CREDENTIALS.accountId}`).toString('base64url');

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ http: true });
});
afterAll(async () => {
  await h?.close();
});

/** A request as a client sends a document with several operations: with `operationName`. */
async function post<T>(query: string, operationName: string | undefined, variables?: Record<string, unknown>): Promise<GqlResult<T>> {
  const res = await fetch(h.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query, operationName, variables }),
  });
  const body = (await res.json()) as { data?: T | null; errors?: GqlResult['errors']; extensions?: Record<string, unknown> };
  return { status: res.status, data: body.data, errors: body.errors, extensions: body.extensions };
}

/** A subscription as a client opens it over SSE: its first event, then the connection is closed. */
async function firstEvent(
  query: string,
  operationName: string,
  variables: Record<string, unknown>,
): Promise<GqlResult<Record<string, unknown>>> {
  const controller = new AbortController();
  const res = await fetch(h.url, {
    method: 'POST',
    signal: controller.signal,
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query, operationName, variables }),
  });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  while (!/event: next\ndata: .*\n\n/.test(text)) text += (await reader.read()).value ?? '';
  controller.abort();
  const body = JSON.parse(/event: next\ndata: (.*)\n\n/.exec(text)![1]!) as {
    data?: Record<string, unknown> | null;
    errors?: GqlResult['errors'];
  };
  return { status: res.status, data: body.data, errors: body.errors, extensions: undefined };
}

describe('a document with several operations', () => {
  const doc = `
query Busy { ledger(id: "${BUSY}") { ledgerId } }
query Quiet { ledger(id: "${QUIET}") { ledgerId } }
query Named($id: ID!) { named: ledger(id: $id) { ledgerId provider } }
`;

  it('answers the operation each request names, not the one that ran first', async () => {
    const busy = await post<{ ledger: { ledgerId: string } }>(doc, 'Busy');
    const quiet = await post<{ ledger: { ledgerId: string } }>(doc, 'Quiet');
    const busyAgain = await post<{ ledger: { ledgerId: string } }>(doc, 'Busy');
    const named = await post<{ named: { ledgerId: string; provider: string } }>(doc, 'Named', { id: QUIET });
    expect(busy.errors).toBeUndefined();
    expect(busy.data).toEqual({ ledger: { ledgerId: facts.busy.ledgerId } });
    expect(quiet.data).toEqual({ ledger: { ledgerId: facts.quietLedgerId } });
    expect(busyAgain.data).toEqual({ ledger: { ledgerId: facts.busy.ledgerId } });
    expect(named.data).toEqual({ named: { ledgerId: facts.quietLedgerId, provider: 'VIPPS_MOBILEPAY' } });
  });

  it('answers the named operation after graphql-js ran the same document (a variable that does not fit)', async () => {
    const text = `query A($first: Int) { ledger(id: "${BUSY}") { ledgerId } f: __typename @include(if: true) x: ledgers(first: $first) { edges { node { ledgerId } } } }
query B { ledger(id: "${QUIET}") { ledgerId } }`;
    const refused = await post(text, 'A', { first: 'ten' });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const b = await post<{ ledger: { ledgerId: string } }>(text, 'B');
    expect(b.data).toEqual({ ledger: { ledgerId: facts.quietLedgerId } });
    const a = await post<{ ledger: { ledgerId: string } }>(text, 'A', { first: 1 });
    expect(a.data?.ledger).toEqual({ ledgerId: facts.busy.ledgerId });
  });
});

/** Values for the example operations' variables, by variable name. */
const VARIABLES: Record<string, unknown> = {
  ledger: BUSY,
  vipps: BUSY,
  easypay: EASYPAY,
  date: YESTERDAY,
  reference: 'no-such-order',
  accountId: DINTERO_SANDBOX_CREDENTIALS.test.accountId,
  id: 'not-a-rule-id',
  amount: 10000,
  currency: 'NOK',
  destinations: [{ type: 'PERCENTAGE', value: '100', destination: 'seller-a' }],
};

const EXAMPLES = join(process.cwd(), 'examples/operations');

describe('examples/operations/*.graphql posted as they are', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.graphql'));

  it('has files with several operations (what this test is about)', () => {
    expect(files.some((f) => operations(parse(read(f))).length > 1)).toBe(true);
  });

  for (const file of files) {
    it(`${file}: each operation name gets its own operation, sent twice in turn`, async () => {
      const text = read(file);
      const document = parse(text);
      const ops = operations(document);
      for (const round of [1, 2]) {
        for (const op of ops) {
          const name = op.name!.value;
          const variables = Object.fromEntries(
            (op.variableDefinitions ?? [])
              .map((d) => d.variable.name.value)
              .filter((v) => v in VARIABLES)
              .map((v) => [v, VARIABLES[v]]),
          );
          const r =
            op.operation === 'subscription'
              ? await firstEvent(text, name, variables)
              : await post<Record<string, unknown>>(text, name, op.operation === 'mutation' ? {} : variables);
          if (op.operation === 'mutation') {
            // Posted without its input: refused before it writes, naming this operation's input type.
            const input = print(op.variableDefinitions![0]!.type);
            expect(r.errors?.map((e) => e.message).join(' '), `${file} ${name} round ${round}`).toContain(
              `type "${input}" was not provided`,
            );
            continue;
          }
          expect(r.data, `${file} ${name} round ${round}: ${JSON.stringify(r.errors)}`).toBeTruthy();
          expect(misfits(r.data, op.selectionSet, fragments(document)), `${file} ${name} round ${round}`).toEqual([]);
        }
      }
    }, 60_000);
  }
});

function read(file: string): string {
  return readFileSync(join(EXAMPLES, file), 'utf8');
}

function operations(document: DocumentNode): OperationDefinitionNode[] {
  return document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
}

function fragments(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  return new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
}

/**
 * Where an answer does not have the shape of the operation it was asked for: a key the selection
 * does not name (through fragments), or a plain field of the selection the answer lacks.
 */
function misfits(value: unknown, set: SelectionSetNode, frags: Map<string, FragmentDefinitionNode>, path = ''): string[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => misfits(v, set, frags, `${path}.${i}`));
  const selectable = new Map<string, SelectionSetNode[]>();
  const required: string[] = [];
  const gather = (s: SelectionSetNode, direct: boolean) => {
    for (const sel of s.selections) {
      if (sel.kind === Kind.FIELD) {
        const key = sel.alias?.value ?? sel.name.value;
        selectable.set(key, [...(selectable.get(key) ?? []), ...(sel.selectionSet ? [sel.selectionSet] : [])]);
        if (direct && !sel.directives?.length) required.push(key);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) gather(sel.selectionSet, direct && !sel.typeCondition);
      else {
        const f = frags.get(sel.name.value);
        if (f) gather(f.selectionSet, false);
      }
    }
  };
  gather(set, true);
  const out: string[] = [];
  for (const key of required) if (!(key in value)) out.push(`${path}.${key} missing`);
  for (const [key, v] of Object.entries(value)) {
    const sets = selectable.get(key);
    if (!sets) out.push(`${path}.${key} not asked for`);
    else if (sets.length > 0)
      out.push(...misfits(v, { kind: Kind.SELECTION_SET, selections: sets.flatMap((s) => s.selections) }, frags, `${path}.${key}`));
  }
  return out;
}
