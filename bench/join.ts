/**
 * The Entry -> SalesEvent join on the busiest sandbox day: upstream calls and time through the
 * gateway (cold and warm cache, first 1000 and a walk with first 100) against the most economical
 * hand-written REST sequence for the same data, measured in one run, printed as ratios.
 *
 *   npx tsx bench/join.ts        (or: npm run bench -- join)
 *
 * The hand-written sequence: one token, the Report date pages of the entries, every Sales API page
 * of the date at pageSize 1000, then a point lookup for each capture or refund not on that date
 * (late captures). Times are medians of a few runs on loopback; the sandbox's own generation cost
 * is paid once by a warm-up run first.
 */
import { startBench, sumCalls } from './lib/setup.js';

const RUNS = 3;
const bench = await startBench();
const { sandbox, gateway, url, facts } = bench;
const { ledgerId, date, fundsEntries } = facts.busy;
const ledger = Buffer.from(`Ledger:VIPPS_MOBILEPAY:${ledgerId}`).toString('base64url');

interface Calls {
  token: number;
  report: number;
  sales: number;
  total: number;
}

async function calls(): Promise<Calls> {
  const s = await bench.stats();
  const sum = (f: (k: string) => boolean) => sumCalls(s, f);
  return {
    token: sum((k) => k.includes('token')),
    report: sum((k) => k.includes('/report/v2/') || k.includes('/settlement/')),
    sales: sum((k) => k.includes('/sales/')),
    total: sum((k) => k.startsWith('vipps ')),
  };
}
const resetStats = bench.resetStats;

// ---- the hand-written REST sequence -------------------------------------------------------------

interface RestEntry {
  pspReference: string | null;
  entryType: string;
  amount: number;
}

async function rest(limit: number): Promise<{ entries: number; matched: number; late: number }> {
  const base = `${sandbox.origin}/vipps`;
  const headers = { authorization: `Bearer ${await bench.vippsToken()}` };
  const get = async <T>(path: string): Promise<T> => (await (await fetch(`${base}${path}`, { headers })).json()) as T;

  const entries: RestEntry[] = [];
  let cursor: string | undefined;
  type ReportPage = { items: RestEntry[]; hasMore: boolean; cursor?: string };
  do {
    const page: ReportPage = await get<ReportPage>(
      `/report/v2/ledgers/${ledgerId}/funds/dates/${date}${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    entries.push(...page.items);
    cursor = page.hasMore ? page.cursor : undefined;
  } while (cursor && entries.length < limit);
  const wanted = entries.slice(0, limit).filter((e) => (e.entryType === 'capture' || e.entryType === 'refund') && e.pspReference);

  const sales = new Map<string, { amounts: { gross: number } }>();
  cursor = undefined;
  type SalesPage = { items: Array<{ pspReference: string | null; amounts: { gross: number } }>; hasMore: boolean; cursor?: string };
  do {
    const page: SalesPage = await get<SalesPage>(
      `/sales/report/v1/ledgers/${ledgerId}/dates/${date}?pageSize=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    for (const s of page.items) if (s.pspReference) sales.set(s.pspReference, s);
    cursor = page.hasMore ? page.cursor : undefined;
  } while (cursor);
  const late = wanted.filter((e) => !sales.has(e.pspReference!));
  // A lookup answers in pages too (cursor, hasMore), the cursor going back as on the date endpoint.
  await Promise.all(
    late.map(async (e) => {
      let next: string | undefined;
      do {
        const page: SalesPage = await get<SalesPage>(
          `/sales/report/v1/ledgers/${ledgerId}/psp-references/${e.pspReference}${next ? `?cursor=${encodeURIComponent(next)}` : ''}`,
        );
        for (const s of page.items) if (s.pspReference) sales.set(s.pspReference, s);
        next = page.hasMore ? page.cursor : undefined;
      } while (next);
    }),
  );
  const matched = wanted.filter((e) => sales.get(e.pspReference!)?.amounts.gross === e.amount).length;
  return { entries: Math.min(limit, entries.length), matched, late: late.length };
}

// ---- the same through the gateway ------------------------------------------------------------------

const JOIN = `query($id: ID!, $date: Date!, $first: Int, $after: String) { ledger(id: $id) { entries(date: $date, first: $first, after: $after) {
  edges { node { kind amount { minorUnits } salesEvent { amounts { gross { minorUnits } } lines { name quantity } } } }
  pageInfo { hasNextPage endCursor } } } }`;

interface JoinPage {
  data: {
    ledger: {
      entries: {
        edges: Array<{
          node: { kind: string; amount: { minorUnits: number }; salesEvent: { amounts: { gross: { minorUnits: number } } } | null };
        }>;
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
  };
  errors?: unknown[];
}

async function join(first: number, limit: number): Promise<{ entries: number; matched: number; requests: number }> {
  let after: string | null = null;
  let entries = 0;
  let matched = 0;
  let requests = 0;
  for (;;) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: JOIN, variables: { id: ledger, date, first, after } }),
    });
    const body = (await res.json()) as JoinPage;
    if (body.errors) throw new Error(`join failed: ${JSON.stringify(body.errors).slice(0, 300)}`);
    requests++;
    const edges = body.data.ledger.entries.edges;
    entries += edges.length;
    matched += edges.filter(
      (e) =>
        (e.node.kind === 'CAPTURE' || e.node.kind === 'REFUND') && e.node.salesEvent?.amounts.gross.minorUnits === e.node.amount.minorUnits,
    ).length;
    if (!body.data.ledger.entries.pageInfo.hasNextPage || entries >= limit) return { entries, matched, requests };
    after = body.data.ledger.entries.pageInfo.endCursor;
  }
}

// ---- measure ------------------------------------------------------------------------------------

async function measure<T>(prepare: () => void | Promise<void>, run: () => Promise<T>): Promise<{ result: T; calls: Calls; ms: number }> {
  const times: number[] = [];
  let result: T | undefined;
  let counted: Calls | undefined;
  for (let i = 0; i < RUNS; i++) {
    await prepare();
    await resetStats();
    const t = performance.now();
    result = await run();
    times.push(performance.now() - t);
    counted ??= await calls();
  }
  times.sort((a, b) => a - b);
  return { result: result as T, calls: counted as Calls, ms: times[Math.floor(times.length / 2)] as number };
}

const cold = () => gateway.sources.cache.clear();
const warm = async () => {};

console.log(
  `Busiest sandbox day: ledger ${ledgerId}, ${date}, ${fundsEntries} funds entries; Report page size 1000, Sales pageSize 1000; median of ${RUNS} runs\n`,
);
await rest(Infinity); // warm-up: the sandbox generates the days once

const rows: Array<{
  name: string;
  requests: number;
  entries: number;
  matched: number;
  calls: Calls;
  ms: number;
  baseline: { calls: Calls; ms: number };
}> = [];
for (const limit of [1000, Infinity]) {
  const baseline = await measure(warm, () => rest(limit));
  const label = limit === 1000 ? 'first 1000 entries' : 'whole day';
  console.log(
    `REST by hand, ${label}: ${baseline.calls.total} calls (token ${baseline.calls.token}, report ${baseline.calls.report}, sales ${baseline.calls.sales}: ${baseline.result.late} point lookups for late captures), ${baseline.ms.toFixed(0)} ms, ${baseline.result.matched} sales matched`,
  );
  const cases: Array<[string, number, () => void | Promise<void>]> =
    limit === 1000
      ? [
          ['join first 1000, cold cache', 1000, cold],
          ['join first 1000, warm cache', 1000, warm],
        ]
      : [
          ['walk first 1000, cold cache', 1000, cold],
          ['walk first 100, cold cache', 100, cold],
          ['walk first 100, warm cache', 100, warm],
        ];
  for (const [name, first, prepare] of cases) {
    const m = await measure(prepare, () => join(first, limit));
    rows.push({
      name,
      requests: m.result.requests,
      entries: m.result.entries,
      matched: m.result.matched,
      calls: m.calls,
      ms: m.ms,
      baseline,
    });
  }
}

console.log(
  '\ngateway                      | GraphQL req | entries | sales matched | upstream calls (report/sales) | calls / REST | ms     | time / REST',
);
for (const r of rows) {
  console.log(
    `${r.name.padEnd(28)} | ${String(r.requests).padStart(11)} | ${String(r.entries).padStart(7)} | ${String(r.matched).padStart(13)} | ${`${r.calls.total} (${r.calls.report}/${r.calls.sales})`.padStart(29)} | ${(r.calls.total / r.baseline.calls.total).toFixed(2).padStart(12)} | ${r.ms.toFixed(0).padStart(6)} | ${(r.ms / r.baseline.ms).toFixed(2).padStart(11)}`,
  );
}
console.log('\n(The gateway fetches its token once per process, counted in the first row, then reuses it; each REST run counts its own.)');

await bench.close();
