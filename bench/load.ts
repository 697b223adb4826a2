/**
 * Load benchmark (issue 20): Tally's production build against a lean hand-written REST client
 * under load, measured side by side in one run, printed as one table with ratios.
 *
 *   npm run bench -- load                      (or: npx tsx bench/load.ts)
 *   BENCH_SECONDS=12 BENCH_CONNECTIONS=16 BENCH_ROUNDS=3 BENCH_NO_BUILD=1 npx tsx bench/load.ts
 *   BENCH_DIST=/path/to/other/worktree/dist npx tsx bench/load.ts   (another build: before/after)
 *   BENCH_CPU_PROF=/tmp/prof BENCH_ROUNDS=1 npx tsx bench/load.ts   (gateways under node --cpu-prof)
 *   BENCH_ONLY=W1,W2warm npx tsx bench/load.ts                        (some workloads, ids below)
 *
 * Processes, each its own, on ephemeral loopback ports:
 * - the sandbox (`npm run sandbox`'s entry point), clock fixed at bench/lib/setup.ts NOW;
 * - two gateways on the production build (`npm run build`, then `node dist/server.js` with the node
 *   flags of `npm run start:prod` in that build's package.json; or
 *   the build directory BENCH_DIST names, run as it is from its own worktree, which is how one
 *   command measures a before and an after build back to back), pointed at the sandbox with
 *   TALLY_SANDBOX_URL, LOG_LEVEL=warn, cost extensions on request: "cold" with
 *   TALLY_BENCH_COLD_CACHE=1 (every read misses the response cache while pages are still stored,
 *   sized and evicted, so every operation is cold without a restart) and "warm";
 * - the hand-written client (bench/lib/handwritten.ts compiled to plain JavaScript): undici,
 *   JSON.parse, no GraphQL, no validation library, one token reused, the same JSON as the
 *   gateway's `data`, reading no more than the answer needs.
 * With two or more cores and taskset, the gateway or the hand-written client runs on CPU 0, the
 * sandbox and the load generator (Debian's wrk) on the others.
 *
 * Workloads (the busiest closed date of the sandbox); cold ones at BENCH_COLD_CONNECTIONS (1), so
 * that no request warms another, the rest at BENCH_CONNECTIONS (16):
 * - W1: one closed date, first 50 entries (entryType, pspReference, reference, amount), cold;
 * - W2: the same date, first 1000 entries with salesEvent (gross, lines), cold;
 * - W2x16: W2 cold at BENCH_CONNECTIONS, both sides: throughput and peak RSS under load;
 * - W1warm, W2warm: W1 and W2 on the warm gateway at BENCH_CONNECTIONS, against the hand-written
 *   client cold (it has no cache), as in the cold rows;
 * - W0: `{ __typename }`, the gateway's floor.
 * Before the load the payloads of both sides are compared (deep equality of `data`; a difference
 * ends the run with the first differing edge), and each workload's upstream calls per operation
 * are counted on one request (sandbox `/_stats`, the token excluded: both sides fetch it once).
 * Then BENCH_ROUNDS interleaved rounds of every (workload, side) pair: W1 and W0 timed wrk runs of
 * BENCH_SECONDS, W2 (seconds per request under load) exactly BENCH_W2_REQUESTS requests (default 3
 * per connection, at least 16) from a closed-loop undici client in this process, pinned with the
 * sandbox; the table shows medians: requests/s, latency p50/p99, CPU ms per operation (user +
 * system of the serving process, from /proc, until the server is idle again, over the completed
 * requests plus one per connection still in flight when wrk stopped), peak RSS of the serving
 * process during the run, and Tally / hand-written ratios. The machine may be shared: the ratios of
 * one run are what to compare.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import ts from 'typescript';
import { Pool } from 'undici';
import { vippsSandboxFacts, VIPPS_SANDBOX_CREDENTIALS } from '../src/sandbox/vipps/index.js';
import { NOW } from './lib/setup.js';
import { summariseProfile } from './lib/cpu-profile.js';
import { cpuMs, peakRss, pinning, productionNodeFlags, start, stop, type Proc } from './lib/procs.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 12);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const COLD_CONNECTIONS = Number(process.env.BENCH_COLD_CONNECTIONS ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** W2 requests per run at `connections`: 3 per connection, at least 16. */
const w2Requests = (connections: number) => Number(process.env.BENCH_W2_REQUESTS ?? Math.max(16, 3 * connections));
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// BENCH_DIST=<dir>: the gateways run that build (e.g. another worktree's dist/), from the directory
// above it so that its own node_modules resolve; nothing is built then.
const dist = resolve(process.env.BENCH_DIST ?? join(root, 'dist'));
const gatewayCwd = dirname(dist);

// ---- build ---------------------------------------------------------------------------------------

if (process.env.BENCH_NO_BUILD !== '1' && !process.env.BENCH_DIST) {
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
}
// The hand-written client as plain JavaScript too, next to node_modules so `undici` resolves.
const handJs = join(root, 'bench', '.build', 'handwritten.mjs');
mkdirSync(dirname(handJs), { recursive: true });
writeFileSync(
  handJs,
  ts.transpileModule(readFileSync(join(root, 'bench', 'lib', 'handwritten.ts'), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText,
);

// ---- processes -----------------------------------------------------------------------------------

const pin = pinning();
// This process drives the counted runs: it belongs with the sandbox and wrk, off the gateway's core.
if (pin.others.length > 0) spawnSync('taskset', ['-a', '-p', '-c', pin.others[2] as string, String(process.pid)], { stdio: 'ignore' });
const facts = vippsSandboxFacts(undefined, { now: NOW });
const { ledgerId, date } = facts.busy;
const creds = VIPPS_SANDBOX_CREDENTIALS.accounting;

const sandbox = await start(
  'sandbox',
  [...pin.others, process.execPath, '--import', 'tsx', 'src/sandbox/main.ts'],
  { SANDBOX_PORT: '0', SANDBOX_NOW: NOW },
  /listening on (http:\/\/\S+)/,
  root,
);
// The sandbox's anonymous client is rate limited like any other (600 a minute by default): the
// load would be answered 429 after the first few seconds, cheap answers counted as operations.
const gatewayEnv = {
  PORT: '0',
  HOST: '127.0.0.1',
  TALLY_SANDBOX_URL: sandbox.ready,
  SANDBOX_NOW: NOW,
  LOG_LEVEL: 'warn',
  TALLY_COST_EXTENSIONS: 'on-request',
  NODE_ENV: 'production',
  TALLY_RATE_LIMIT_PER_MINUTE: '1000000',
  // The load is one client; its upstream calls are what the benchmark measures, not what it limits.
  TALLY_UPSTREAM_CALLS_PER_MINUTE: '10000000',
};
// BENCH_CPU_PROF=<dir>: the gateways run with `node --cpu-prof` and the run ends with their profiles' top functions.
const profDir = process.env.BENCH_CPU_PROF;
// The node flags of the build's own `npm run start:prod` (the young generation's size is one).
const nodeFlags = productionNodeFlags(gatewayCwd);
const gatewayArgv = [
  ...pin.gateway,
  process.execPath,
  ...nodeFlags,
  ...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []),
  join(dist, 'server.js'),
];
const ready = /GraphQL endpoint: (http:\/\/\S+)/;
const cold = await start('gateway (cold)', gatewayArgv, { ...gatewayEnv, TALLY_BENCH_COLD_CACHE: '1' }, ready, gatewayCwd);
const warm = await start('gateway (warm)', gatewayArgv, gatewayEnv, ready, gatewayCwd);
const hand = await start(
  'hand-written',
  [...pin.gateway, process.execPath, handJs],
  { SANDBOX_ORIGIN: sandbox.ready, VIPPS_CLIENT_ID: creds.clientId, VIPPS_CLIENT_SECRET: creds.clientSecret },
  /"url":"(http:\/\/[^"]+)"/,
  root,
);
const all: Proc[] = [cold, warm, hand, sandbox];
process.on('exit', () => {
  for (const p of all) if (p.child.exitCode === null) p.child.kill('SIGKILL');
});

// ---- workloads -----------------------------------------------------------------------------------

const ledger = Buffer.from(`Ledger:VIPPS_MOBILEPAY:${ledgerId}`).toString('base64url');
const W1_QUERY = `query W1($id: ID!, $date: Date!, $first: Int) { ledger(id: $id) { entries(date: $date, first: $first) {
  edges { node { entryType pspReference reference amount { minorUnits currency } } } pageInfo { hasNextPage } } } }`;
const W2_QUERY = `query W2($id: ID!, $date: Date!, $first: Int) { ledger(id: $id) { entries(date: $date, first: $first) {
  edges { node { entryType amount { minorUnits } salesEvent { amounts { gross { minorUnits } } lines { name quantity } } } } pageInfo { hasNextPage } } } }`;

interface Target {
  proc: Proc;
  url: string;
  body: string;
  /** Connections the load generator keeps busy. */
  connections: number;
  /** A fixed number of requests instead of a timed wrk run, for workloads whose latency is seconds. */
  requests?: number;
}
const gql = (proc: Proc, query: string, first: number, connections: number): Target => ({
  proc,
  url: proc.ready,
  body: JSON.stringify({ query, variables: { id: ledger, date, first } }),
  connections,
  requests: first === 1000 ? w2Requests(connections) : undefined,
});
const rest = (path: string, first: number, connections: number): Target => ({
  proc: hand,
  url: `${hand.ready}${path}`,
  body: JSON.stringify({ ledgerId, date, first }),
  connections,
  requests: first === 1000 ? w2Requests(connections) : undefined,
});

interface Workload {
  /** For BENCH_ONLY: W1, W2, W2x16, W1warm, W2warm, W0. */
  id: string;
  name: string;
  tally: Target;
  hand?: Target;
  /** Run one request first so the cache holds what the load then reads. */
  warmUp?: boolean;
}
const C = CONNECTIONS;
const C1 = COLD_CONNECTIONS;
const allWorkloads: Workload[] = [
  { id: 'W1', name: `W1: one closed date, first 50, cold, c=${C1}`, tally: gql(cold, W1_QUERY, 50, C1), hand: rest('/w1', 50, C1) },
  {
    id: 'W2',
    name: `W2: busiest date, first 1000 + salesEvent, cold, c=${C1}`,
    tally: gql(cold, W2_QUERY, 1000, C1),
    hand: rest('/w2', 1000, C1),
  },
  { id: 'W2x16', name: `W2 cold, c=${C}`, tally: gql(cold, W2_QUERY, 1000, C), hand: rest('/w2', 1000, C) },
  {
    id: 'W2warm',
    name: `W2 warm, c=${C} (hand-written: cold, c=${C1})`,
    tally: gql(warm, W2_QUERY, 1000, C),
    hand: rest('/w2', 1000, C1),
    warmUp: true,
  },
  {
    id: 'W1warm',
    name: `W1 warm, c=${C} (hand-written: cold, c=${C1})`,
    tally: gql(warm, W1_QUERY, 50, C),
    hand: rest('/w1', 50, C1),
    warmUp: true,
  },
  {
    id: 'W0',
    name: `W0: { __typename } (gateway floor), c=${C}`,
    tally: { proc: warm, url: warm.ready, body: JSON.stringify({ query: '{ __typename }' }), connections: C },
  },
];
// BENCH_ONLY=W1,W2warm: only these workloads (quick checks and profiles of one workload).
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const workloads = only ? allWorkloads.filter((w) => only.includes(w.id)) : allWorkloads;

/** Where two payloads first differ (edge count, then the first differing edge), for the error. */
function firstDifference(a: unknown, b: unknown): string {
  const edges = (d: unknown) =>
    ((d as { ledger?: { entries?: { edges?: unknown[] } } } | undefined)?.ledger?.entries?.edges ?? []) as unknown[];
  const [ea, eb] = [edges(a), edges(b)];
  if (ea.length !== eb.length) return `Tally answered ${ea.length} edges, the hand-written client ${eb.length}`;
  const i = ea.findIndex((e, k) => !isDeepStrictEqual(e, eb[k]));
  return i < 0
    ? 'the edges are equal, the rest differs (pageInfo)'
    : `edge ${i}: Tally ${JSON.stringify(ea[i])}\nhand-written ${JSON.stringify(eb[i])}`;
}

async function post(t: Target): Promise<{ data?: unknown; errors?: unknown }> {
  const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: t.body });
  if (!res.ok) throw new Error(`${t.proc.name} ${t.url}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as { data?: unknown; errors?: unknown };
}

const stats = async () => (await (await fetch(`${sandbox.ready}/_stats`)).json()) as { total: number; byEndpoint: Record<string, number> };
const resetStats = async () => {
  await fetch(`${sandbox.ready}/_stats/reset`, { method: 'POST' });
};

/** Upstream calls of one operation, the token excluded (fetched once per process by both sides). */
async function callsOf(t: Target): Promise<{ calls: number; detail: string }> {
  await post(t); // token, sandbox generation
  await resetStats();
  await post(t);
  const s = await stats();
  const entries = Object.entries(s.byEndpoint).filter(([k]) => !k.includes('token'));
  return { calls: entries.reduce((n, [, v]) => n + v, 0), detail: entries.map(([k, v]) => `${v}x ${k.replace(/^vipps /, '')}`).join(', ') };
}

// ---- load ----------------------------------------------------------------------------------------

interface Run {
  rps: number;
  p50: number;
  p99: number;
  cpuPerOp: number;
  callsPerOp: number;
  rss: number;
  errors: number;
}

const scriptDir = join(tmpdir(), `tally-bench-${process.pid}`);
mkdirSync(scriptDir, { recursive: true });
let scripts = 0;

function wrkScript(body: string): string {
  const file = join(scriptDir, `s${scripts++}.lua`);
  writeFileSync(
    file,
    `wrk.method = "POST"
wrk.body = [==[${body}]==]
wrk.headers["Content-Type"] = "application/json"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('\\nRESULT {"requests":%d,"duration_us":%d,"errors":%d,"status":%d,"p50_us":%d,"p99_us":%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status, latency:percentile(50), latency:percentile(99)))
end
`,
  );
  return file;
}

interface Driven {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  errors: number;
}

/** wrk for `seconds`; requests still in flight at the end are not counted (fine when latency is far below the run). */
async function byWrk(t: Target, seconds: number): Promise<Driven> {
  const script = wrkScript(t.body);
  // Asynchronously, so the pipes of the servers keep draining meanwhile.
  const r = await new Promise<string>((resolve, reject) => {
    const argv = [...pin.others, 'wrk', '-t1', `-c${t.connections}`, `-d${seconds}s`, '--timeout', '120s', '-s', script, t.url];
    const child = spawn(argv[0] as string, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`wrk failed (${code}): ${err}`))));
  });
  const m = /RESULT (\{.*\})/.exec(r);
  if (!m) throw new Error(`no wrk result:\n${r}`);
  const w = JSON.parse(m[1] as string) as {
    requests: number;
    duration_us: number;
    errors: number;
    status: number;
    p50_us: number;
    p99_us: number;
  };
  return { requests: w.requests, seconds: w.duration_us / 1e6, p50: w.p50_us / 1000, p99: w.p99_us / 1000, errors: w.errors + w.status };
}

/**
 * Exactly `n` requests over `t.connections` keep-alive connections, closed loop (each connection sends
 * its next request when the last is answered), timed until the last answer: for workloads whose
 * latency is seconds, where a timed run would end with most of its work in flight and uncounted.
 */
async function byCount(t: Target, n: number): Promise<Driven> {
  const url = new URL(t.url);
  const pool = new Pool(url.origin, { connections: t.connections, headersTimeout: 300_000, bodyTimeout: 300_000 });
  const latencies: number[] = [];
  let started = 0;
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: t.connections }, async () => {
      while (started < n) {
        started++;
        const a = performance.now();
        const res = await pool.request({
          path: url.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: t.body,
        });
        await res.body.text();
        if (res.statusCode !== 200) errors++;
        latencies.push(performance.now() - a);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] as number;
  return { requests: n, seconds, p50: at(0.5), p99: at(0.99), errors };
}

async function load(t: Target): Promise<Run> {
  await resetStats();
  const cpu0 = cpuMs(t.proc.pid);
  const peak = peakRss(t.proc.pid);
  const d = t.requests ? await byCount(t, t.requests) : await byWrk(t, SECONDS);
  // After a timed run, requests in flight when wrk stopped may still be worked on: wait until the
  // server is idle and count them (one per connection) with the completed ones.
  let last = cpuMs(t.proc.pid);
  for (let quiet = 0; quiet < 3;) {
    await new Promise((r) => setTimeout(r, 100));
    const now = cpuMs(t.proc.pid);
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
  const ops = d.requests + (t.requests ? 0 : t.connections);
  const s = await stats();
  return {
    rps: d.requests / d.seconds,
    p50: d.p50,
    p99: d.p99,
    cpuPerOp: (last - cpu0) / ops,
    callsPerOp: s.total / ops,
    rss: peak(),
    errors: d.errors,
  };
}

// ---- run -----------------------------------------------------------------------------------------

console.log(
  `Load benchmark: W1/W0 wrk ${SECONDS} s per run, W2 ${w2Requests(C1)} requests per run at c=${C1}, ${w2Requests(C)} at c=${C}; cold at ${C1} connection(s), the rest at ${C}; ${ROUNDS} interleaved rounds, medians; ${pin.note}`,
);
console.log(`Gateway build: ${dist}, node ${nodeFlags.join(' ')} (its npm run start:prod)`);
console.log(`Busiest closed sandbox date: ledger ${ledgerId}, ${date}, ${facts.busy.fundsEntries} funds entries; sandbox clock ${NOW}`);
console.log(
  `Machine: ${(await import('node:os')).cpus().length} CPUs, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')} at start (shared machine: compare ratios from one run)\n`,
);

const calls = new Map<Workload, { tally: { calls: number; detail: string }; hand?: { calls: number; detail: string } }>();
for (const w of workloads) {
  const a = await post(w.tally);
  if (a.errors) throw new Error(`${w.name}: gateway answered errors ${JSON.stringify(a.errors).slice(0, 500)}`);
  if (w.hand) {
    const b = await post(w.hand);
    const same = isDeepStrictEqual(a.data, b.data);
    console.log(`payload ${same ? 'equal' : 'DIFFERENT'}: ${w.name} (${JSON.stringify(a.data).length} bytes)`);
    if (!same) {
      // A faster answer that says something else measures nothing: stop before the load.
      console.error(firstDifference(a.data, b.data));
      for (const p of all) await stop(p);
      process.exit(1);
    }
  }
  calls.set(w, { tally: await callsOf(w.tally), hand: w.hand ? await callsOf(w.hand) : undefined });
}
console.log('\nUpstream calls of one operation (token excluded):');
for (const w of workloads) {
  const c = calls.get(w)!;
  console.log(
    `  ${w.name}\n    Tally ${c.tally.calls}: ${c.tally.detail || '-'}${c.hand ? `\n    hand-written ${c.hand.calls}: ${c.hand.detail}` : ''}`,
  );
}

const results = new Map<string, Run[]>();
const record = (key: string, r: Run) => results.set(key, [...(results.get(key) ?? []), r]);
for (let round = 1; round <= ROUNDS; round++) {
  for (const w of workloads) {
    if (w.warmUp) await post(w.tally);
    // Alternate who goes first so neither side always follows the other.
    const order: Array<['tally' | 'hand', Target | undefined]> =
      round % 2 === 1
        ? [
            ['tally', w.tally],
            ['hand', w.hand],
          ]
        : [
            ['hand', w.hand],
            ['tally', w.tally],
          ];
    for (const [side, t] of order) {
      if (!t) continue;
      const r = await load(t);
      record(`${w.name}|${side}`, r);
      console.log(
        `round ${round} ${side.padEnd(5)} ${w.name}: ${r.rps.toFixed(1)} rps, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.cpuPerOp.toFixed(2)} CPU ms/op, ${r.callsPerOp.toFixed(2)} calls/op, peak RSS ${(r.rss / 2 ** 20).toFixed(0)} MB${r.errors ? `, ${r.errors} ERRORS` : ''}`,
      );
    }
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};
const med = (runs: Run[]): Run => ({
  rps: median(runs.map((r) => r.rps)),
  p50: median(runs.map((r) => r.p50)),
  p99: median(runs.map((r) => r.p99)),
  cpuPerOp: median(runs.map((r) => r.cpuPerOp)),
  callsPerOp: median(runs.map((r) => r.callsPerOp)),
  rss: Math.max(...runs.map((r) => r.rss)),
  errors: runs.reduce((n, r) => n + r.errors, 0),
});
const cell = (r: Run, c: number) =>
  `${r.rps.toFixed(1)} rps, p50/p99 ${r.p50.toFixed(0)}/${r.p99.toFixed(0)} ms, ${r.cpuPerOp.toFixed(2)} ms CPU/op, ${c} calls/op, peak RSS ${(r.rss / 2 ** 20).toFixed(0)} MB`;

console.log(`\n| workload | Tally | hand-written | ratio (rps) | CPU/op ratio |`);
console.log('| --- | --- | --- | --- | --- |');
for (const w of workloads) {
  const t = med(results.get(`${w.name}|tally`)!);
  const c = calls.get(w)!;
  const h = w.hand ? med(results.get(`${w.name}|hand`)!) : undefined;
  console.log(
    `| ${w.name} | ${cell(t, c.tally.calls)} | ${h ? cell(h, c.hand!.calls) : ''} | ${h ? `${(t.rps / h.rps).toFixed(2)}x` : ''} | ${h ? `${(t.cpuPerOp / h.cpuPerOp).toFixed(1)}x` : ''} |`,
  );
}
console.log(
  `\n(peak RSS: the highest of the rounds; other values: medians. ${pin.note}. Load average now ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}.)`,
);
const errors = [...results.values()].flat().reduce((n, r) => n + r.errors, 0);
if (errors) console.log(`WARNING: ${errors} failed requests (socket errors or non-2xx) during the runs`);

for (const p of all) await stop(p);
if (profDir) {
  for (const [p, file] of readdirSync(profDir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .flatMap((f) => [cold, warm].filter((g) => f.includes(`.${g.pid}.`)).map((g) => [g, join(profDir, f)] as const))) {
    console.log(`\nCPU profile of ${p.name} (self time):\n${summariseProfile(file)}`);
  }
}
