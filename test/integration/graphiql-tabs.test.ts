import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxExamples } from '../../src/embedded-sandbox.js';
import { graphiqlTabs } from '../../src/plugins/graphiql-tabs.js';
import { NOW, startHarness, type Harness } from '../helpers/harness.js';

/** What a new user meets first: every example tab GraphiQL opens with runs as it is and shows data. */
describe('GraphiQL example tabs on the sandbox', () => {
  let h: Harness;
  const examples = sandboxExamples(undefined, new Date(NOW));
  beforeAll(async () => {
    h = await startHarness({ http: true, gateway: { graphiqlExamples: () => examples } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('prefills real ids, and the page carries them', async () => {
    expect(examples.ledgerId).toBeTruthy();
    const html = await (await fetch(h.url, { headers: { accept: 'text/html' } })).text();
    expect(html).toContain(examples.ledgerId);
  });

  for (const [i, tab] of graphiqlTabs(examples).entries()) {
    const variables = tab.variables ? (JSON.parse(tab.variables) as Record<string, unknown>) : undefined;
    if (/^subscription /m.test(tab.query)) {
      it(`tab ${i + 1} (a subscription) opens over SSE and sends its first event, the feed from now`, async () => {
        const controller = new AbortController();
        const res = await fetch(h.url, {
          method: 'POST',
          signal: controller.signal,
          headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
          body: JSON.stringify({ query: tab.query, variables }),
        });
        expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
        const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
        let text = '';
        while (!/event: next\ndata: .*\n\n/.test(text)) text += (await reader.read()).value ?? '';
        controller.abort();
        const event = JSON.parse(/event: next\ndata: (.*)\n\n/.exec(text)![1]!) as {
          data?: { ledgerFeed: { tryLater: boolean; edges: unknown[]; pageInfo: { endCursor: string } } };
          errors?: unknown;
        };
        expect(event.errors).toBeUndefined();
        expect(event.data!.ledgerFeed).toMatchObject({ tryLater: true, edges: [] });
        expect(event.data!.ledgerFeed.pageInfo.endCursor).toBeTruthy();
      });
      continue;
    }
    it(`tab ${i + 1} runs without errors and returns data`, async () => {
      if (tab.query.includes('@stream')) {
        // GraphiQL reads a streamed answer as server-sent events (or multipart): so does this check.
        const res = await fetch(h.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
          body: JSON.stringify({ query: tab.query, variables: variables ?? {} }),
        });
        const events = (await res.text())
          .split('\n')
          .filter((l) => l.startsWith('data: ') && l.length > 6)
          .map((l) => JSON.parse(l.slice(6)) as { errors?: unknown; data?: unknown; incremental?: Array<{ errors?: unknown }> });
        expect(events.length).toBeGreaterThan(1);
        expect(events.flatMap((e) => [e.errors, ...(e.incremental ?? []).map((i) => i.errors)]).filter(Boolean)).toEqual([]);
        expect(JSON.stringify(events[0]?.data)).toMatch(/"edges":\[\{/);
        return;
      }
      const r = await h.gql(tab.query, variables);
      expect(r.errors).toBeUndefined();
      const text = JSON.stringify(r.data);
      if (tab.query.includes('from: { now: true }')) {
        // The feed from now: no history, a cursor to resume from.
        expect(text).toMatch(/"tryLater":true/);
        expect(text).toMatch(/"endCursor":"[^"]+"/);
        return;
      }
      // The typed-errors tab shows a refused write: its answer is the InvalidInput member, with a path.
      if (tab.query.includes('mutation '))
        expect(text).toMatch(/"__typename":"InvalidInput".*"pathText":"input\.destinations\[1\]\.destination"/);
      else expect(text).toMatch(/"(edges|rows)":\[\{/);
    });
  }
});
