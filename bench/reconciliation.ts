/**
 * `npm run bench -- reconciliation`: the upstream calls of reconciliation reads on the sandbox.
 * - a month's `summary` (October, busiest ledger), cold (empty cache) and warm (the same month again);
 * - the same month walked with first 1000, the client-side way to the same total, for comparison;
 * - `payoutByBankReference` for a Danish payout, cold;
 * - an entries export of the month (CSV bytes, rows, calls, and the process's peak RSS growth).
 */
import { performance } from 'node:perf_hooks';
import { startBench, sumCalls } from './lib/setup.js';

const b = await startBench();
const gql = async (query: string, variables: Record<string, unknown>) => {
  const res = await fetch(b.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a benchmark reads a few known paths
  return body.data as Record<string, any>;
};
const gid = (ledgerId: string) => Buffer.from(`Ledger:VIPPS_MOBILEPAY:${ledgerId}`).toString('base64url');
const reportCalls = async () => sumCalls(await b.stats(), (k) => k.includes('/report/v2/'));

const busy = b.facts.busy.ledgerId;
const summary =
  'query($id: ID!) { ledger(id: $id) { entries(from: "2026-10-01", to: "2026-10-31", first: 1) { summary { count net { amount } } } } }';

await b.resetStats();
let t = performance.now();
const cold = await gql(summary, { id: gid(busy) });
const coldMs = performance.now() - t;
const coldCalls = await reportCalls();
await b.resetStats();
t = performance.now();
await gql(summary, { id: gid(busy) });
const warmMs = performance.now() - t;
const warmCalls = await reportCalls();
console.log(
  `summary of October on the busiest ledger (${cold.ledger.entries.summary.count} entries, net ${cold.ledger.entries.summary.net.amount}):`,
);
console.log(`  cold: ${coldCalls} upstream calls, ${coldMs.toFixed(0)} ms; warm: ${warmCalls} upstream calls, ${warmMs.toFixed(0)} ms`);

const dk = b.facts.ledgers.find((l) => l.currency === 'DKK' && l.payout === 'daily');
if (dk) {
  const p = await gql(
    'query($id: ID!) { ledger(id: $id) { payouts(from: "2026-10-15", to: "2026-10-15") { edges { node { bankReference } } } } }',
    { id: gid(dk.ledgerId) },
  );
  const ref = p.ledger.payouts.edges[0]?.node.bankReference as string;
  b.gateway.sources.cache.clear();
  await b.resetStats();
  await gql(
    'query($id: ID!, $ref: String!) { ledger(id: $id) { payoutByBankReference(reference: $ref) { ledgerDate amount { amount } } } }',
    { id: gid(dk.ledgerId), ref },
  );
  const s = await b.stats();
  console.log(
    `payoutByBankReference(${ref}) cold: ${sumCalls(s, (k) => k.includes('/dates/'))} ledger-date page(s), ${sumCalls(s, (k) => k.includes('/settlement/'))} ledger-list page(s), ${sumCalls(s, (k) => k.includes('token'))} token call(s)`,
  );
}

/**
 * The export twice: the first run fills the bounded caches (the gateway's response cache, the
 * in-process sandbox's generated days), the second shows what streaming itself holds. Memory is
 * sampled while the file downloads; with --expose-gc the baseline is taken after a collection.
 */
const gc = (globalThis as { gc?: () => void }).gc;
for (const run of ['first (cold caches)', 'second (caches filled)']) {
  const e = await gql('query($id: ID!) { ledger(id: $id) { entriesExport(from: "2026-10-01", to: "2026-10-31") { downloadUrl } } }', {
    id: gid(busy),
  });
  await b.resetStats();
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  let heapPeak = heap0;
  let rssPeak = rss0;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    heapPeak = Math.max(heapPeak, m.heapUsed);
    rssPeak = Math.max(rssPeak, m.rss);
  }, 20);
  t = performance.now();
  const res = await fetch(e.ledger.entriesExport.downloadUrl);
  let bytes = 0;
  let rows = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    for (const c of chunk) if (c === 10) rows++;
  }
  clearInterval(timer);
  const s = await b.stats();
  console.log(
    `entriesExport of October, busiest ledger, ${run}: ${rows - 1} rows, ${(bytes / 1e6).toFixed(1)} MB in ${(performance.now() - t).toFixed(0)} ms; ` +
      `${sumCalls(s, (k) => k.includes('/report/v2/'))} Report API and ${sumCalls(s, (k) => k.includes('/sales/'))} Sales API calls; ` +
      `heap peak +${((heapPeak - heap0) / 1e6).toFixed(0)} MB, RSS peak +${((rssPeak - rss0) / 1e6).toFixed(0)} MB (gateway and sandbox in one process)`,
  );
}
await b.close();
