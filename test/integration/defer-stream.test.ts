import { request, type IncomingMessage } from 'node:http';
import { meros } from 'meros/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EASYPAY_SANDBOX_CREDENTIALS } from '../../src/sandbox/easypay/index.js';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { plusDays } from '../helpers/calendar.js';
import { NOW, startHarness, vippsLedgerGlobalId, type Harness } from '../helpers/harness.js';

/*
 * Issue 22: @defer and @stream over multipart/mixed (read with meros, a real multipart client) and
 * over server-sent events, next to compiled execution, the cost extension, the cost limit and the
 * error mask.
 */

const facts = vippsSandboxFacts(undefined, { now: NOW });
const LEDGER = vippsLedgerGlobalId(facts.quietLedgerId);
const EASYPAY = Buffer.from(`Ledger:EASYPAY:${EASYPAY_SANDBOX_CREDENTIALS.accountId}`).toString('base64url');
const TODAY = NOW.slice(0, 10);
const MONTH = { id: LEDGER, from: plusDays(TODAY, -30), to: plusDays(TODAY, -1) };

const STREAMED = `query Month($id: ID!, $from: Date!, $to: Date!) {
  ledger(id: $id) {
    entries(from: $from, to: $to, first: 40) {
      edges @stream(initialCount: 5) { cursor node { id amount { minorUnits } } }
      ... @defer(label: "summary") { summary { count } }
    }
  }
}`;
const PLAIN = `query Month($id: ID!, $from: Date!, $to: Date!) {
  ledger(id: $id) { entries(from: $from, to: $to, first: 40) { edges { cursor node { id amount { minorUnits } } } summary { count } } }
}`;

interface Part {
  data?: { ledger?: { entries?: { edges?: Array<{ cursor: string; node: { id: string } }> } } };
  hasNext?: boolean;
  incremental?: Array<{
    items?: unknown[];
    data?: Record<string, unknown>;
    path: Array<string | number>;
    errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  }>;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  extensions?: { cost?: { upstreamCalls: number } };
}

/** POSTs an operation asking for multipart/mixed and reads every part with meros. */
async function multipart(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  extraHeaders: Record<string, string> = {},
): Promise<{ contentType: string; parts: Part[] }> {
  const body = JSON.stringify({ query, variables });
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', accept: 'multipart/mixed', ...extraHeaders } },
      resolve,
    );
    req.on('error', reject);
    req.end(body);
  });
  const contentType = String(res.headers['content-type'] ?? '');
  const parts: Part[] = [];
  const read = await meros<Part>(res);
  if (Symbol.asyncIterator in (read as object)) {
    for await (const part of read as AsyncIterable<{ json: boolean; body: Part }>) parts.push(part.body);
  } else {
    let text = '';
    for await (const chunk of res) text += chunk;
    parts.push(JSON.parse(text) as Part);
  }
  return { contentType, parts };
}

/** The edges of a streamed answer, put back together in order. */
function mergedEdges(parts: Part[]): Array<{ cursor: string; node: { id: string } }> {
  const edges = [...(parts[0]?.data?.ledger?.entries?.edges ?? [])];
  for (const p of parts.slice(1)) for (const i of p.incremental ?? []) if (i.items) edges.push(...(i.items as typeof edges));
  return edges;
}

describe('@defer and @stream', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ http: true, env: { TALLY_MAX_COST: '5000' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("streams a month's entries after the first five and defers the summary over multipart/mixed: the same entries as one answer, the cost on the last part only", async () => {
    const plain = await h.gql<{
      ledger: { entries: { edges: Array<{ cursor: string; node: { id: string } }>; summary: { count: number } } };
    }>(PLAIN, MONTH);
    expect(plain.errors).toBeUndefined();
    const whole = plain.data!.ledger.entries;
    expect(whole.edges.length).toBeGreaterThan(5);

    const { contentType, parts } = await multipart(h.url, STREAMED, MONTH);
    expect(contentType).toMatch(/^multipart\/mixed/);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts[0]?.hasNext).toBe(true);
    expect(parts[0]?.data?.ledger?.entries?.edges).toHaveLength(5);
    expect(mergedEdges(parts).map((e) => e.node.id)).toEqual(whole.edges.map((e) => e.node.id));
    const deferred = parts.flatMap((p) => p.incremental ?? []).find((i) => i.data && 'summary' in i.data);
    expect(deferred?.data).toEqual({ summary: { count: whole.summary.count } });
    const last = parts[parts.length - 1]!;
    expect(last.hasNext).toBe(false);
    expect(last.extensions?.cost?.upstreamCalls).toEqual(expect.any(Number));
    expect(parts.slice(0, -1).every((p) => p.extensions?.cost === undefined)).toBe(true);
  });

  it('streams over server-sent events too, the last event carrying the cost', async () => {
    const res = await fetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: STREAMED, variables: MONTH }),
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = (await res.text())
      .split('\n\n')
      .map((block) =>
        block
          .split('\n')
          .find((l) => l.startsWith('data: '))
          ?.slice(6),
      )
      .filter((d): d is string => d !== undefined && d !== '')
      .map((d) => JSON.parse(d) as Part);
    expect(events.length).toBeGreaterThan(1);
    expect(events[0]?.data?.ledger?.entries?.edges).toHaveLength(5);
    const withNext = events.filter((e) => 'hasNext' in e);
    expect(withNext[withNext.length - 1]?.hasNext).toBe(false);
    expect(withNext[withNext.length - 1]?.extensions?.cost).toBeDefined();
  });

  it('prices a streamed list as the same list unstreamed: both refused by the cost limit with the same cost', async () => {
    const big = (streamed: boolean) => `query($id: ID!, $from: Date!, $to: Date!) {
      ledger(id: $id) { entries(from: $from, to: $to, first: 1000) { edges ${streamed ? '@stream(initialCount: 1)' : ''} { node { id salesEvent { id lines { name } } } } } } }`;
    const plain = await h.gql(big(false), MONTH);
    const streamed = await h.gql(big(true), MONTH);
    expect(plain.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit: 'complexity' });
    expect(streamed.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      limit: 'complexity',
      actual: plain.errors?.[0]?.extensions?.actual,
    });
  });

  it('keeps the code of an error inside a deferred payload (the error mask runs on later payloads too)', async () => {
    const q = `query($id: ID!, $from: Date!, $to: Date!) { ledger(id: $id) { id ... @defer { vatSummary(from: $from, to: $to) { coverage { __typename } } } } }`;
    const { parts } = await multipart(h.url, q, { id: EASYPAY, from: MONTH.from, to: MONTH.to });
    expect(parts[0]?.data?.ledger).toMatchObject({ id: EASYPAY });
    const errors = parts.flatMap((p) => p.incremental ?? []).flatMap((i) => i.errors ?? []);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'NO_SALES_DATA' });
  });
});
