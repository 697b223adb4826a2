/**
 * Walking the busiest sandbox day through the gateway with different page sizes, against the raw
 * upstream: upstream calls and time, as ratios measured in one run. Then the time from `npm start`
 * to the first answered query, as a user would see it.
 *
 *   npx tsx bench/report-walk.ts
 */
import { spawn } from 'node:child_process';
import { startBench, sumCalls } from './lib/setup.js';

const bench = await startBench();
const { sandbox, gateway, url, facts } = bench;
const ledger = Buffer.from(`Ledger:VIPPS_MOBILEPAY:${facts.busy.ledgerId}`).toString('base64url');

async function stats(): Promise<number> {
  return sumCalls(await bench.stats(), (k) => k.includes('/dates/'));
}

async function walk(first: number): Promise<{ entries: number; requests: number }> {
  let after: string | null = null;
  let entries = 0;
  let requests = 0;
  for (;;) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `query($id: ID!, $date: Date!, $first: Int, $after: String) { ledger(id: $id) { entries(date: $date, first: $first, after: $after) { edges { node { id amount { minorUnits } } } pageInfo { hasNextPage endCursor } } } }`,
        variables: { id: ledger, date: facts.busy.date, first, after },
      }),
    });
    requests++;
    const body = (await res.json()) as {
      data: { ledger: { entries: { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } };
    };
    entries += body.data.ledger.entries.edges.length;
    if (!body.data.ledger.entries.pageInfo.hasNextPage) return { entries, requests };
    after = body.data.ledger.entries.pageInfo.endCursor;
  }
}

/** The most economical hand-written sequence: one token, then the date's pages at the upstream page size. */
async function raw(): Promise<{ entries: number; calls: number; ms: number }> {
  const t = performance.now();
  const base = `${sandbox.origin}/vipps`;
  const token = await bench.vippsToken();
  let cursor: string | undefined;
  let entries = 0;
  let calls = 0;
  for (;;) {
    const q = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    const page = (await (
      await fetch(`${base}/report/v2/ledgers/${facts.busy.ledgerId}/funds/dates/${facts.busy.date}${q}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as {
      items: unknown[];
      hasMore: boolean;
      cursor?: string;
    };
    calls++;
    entries += page.items.length;
    if (!page.hasMore) break;
    cursor = page.cursor;
  }
  return { entries, calls, ms: performance.now() - t };
}

console.log(
  `Busiest sandbox day: ledger ${facts.busy.ledgerId}, ${facts.busy.date}, ${facts.busy.fundsEntries} funds entries, upstream page size 1000\n`,
);
const baseline = await raw();
console.log(`raw upstream (hand-written): ${baseline.calls} date-page calls, ${baseline.ms.toFixed(0)} ms`);
console.log('\nfirst | GraphQL requests | upstream date-page calls (cold cache) | calls / raw | time ms | time / raw');
for (const first of [1, 7, 100, 1000]) {
  gateway.sources.cache.clear();
  await bench.resetStats();
  const t = performance.now();
  const r = await walk(first);
  const ms = performance.now() - t;
  if (r.entries !== facts.busy.fundsEntries) throw new Error(`walk with first ${first} returned ${r.entries} entries`);
  const calls = await stats();
  console.log(
    `${String(first).padStart(5)} | ${String(r.requests).padStart(16)} | ${String(calls).padStart(37)} | ${(calls / baseline.calls).toFixed(2).padStart(11)} | ${ms.toFixed(0).padStart(7)} | ${(ms / baseline.ms).toFixed(1).padStart(10)}`,
  );
}

await bench.close();

// Time from `npm start` to the first answered query, on fresh ports.
const port = 4300 + Math.floor(Math.random() * 500);
const started = performance.now();
const child = spawn('npm', ['start'], {
  env: { ...process.env, PORT: String(port), SANDBOX_PORT: String(port + 1) },
  stdio: 'ignore',
  detached: true,
});
let answered = 0;
for (let i = 0; i < 600 && !answered; i++) {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ ledgers(first: 1) { edges { node { ledgerId } } } }' }),
    });
    if (res.ok && ((await res.json()) as { data?: unknown }).data) answered = performance.now() - started;
  } catch {
    await new Promise((r) => setTimeout(r, 50));
  }
}
process.kill(-child.pid!, 'SIGTERM');
console.log(`\nnpm start -> first answered query: ${answered ? `${answered.toFixed(0)} ms` : 'no answer within 30 s'}`);
