/**
 * Feed walk benchmark (issue 13): the gateway's memory while a client walks a feed of about a
 * million entries page by page, and after it goes idle.
 *
 *   npm run bench -- feed-walk                 (or: npx tsx bench/feed-walk.ts)
 *   BENCH_FEED_SCALE=10 BENCH_FEED_DAYS=60 BENCH_FEED_FIRST=1000 BENCH_IDLE_SECONDS=30 BENCH_NO_BUILD=1 npx tsx bench/feed-walk.ts
 *   BENCH_DIST=/path/to/other/worktree/dist npx tsx bench/feed-walk.ts   (another build: before/after)
 *
 * The sandbox runs in this process with the Vipps scale knob (`scale` sales per day multiplier,
 * `historyDays` of closed dates; the defaults give the busiest ledger about 1.1 million funds feed
 * entries). The gateway is the production build (`npm run build`, `node dist/server.js` with the
 * node flags of that build's `npm run start:prod`) in
 * its own process, pinned to CPU 0 where the machine allows. One client walks `Ledger.feed` from the
 * start with `first: BENCH_FEED_FIRST` and `after: endCursor` until the live end (`tryLater`),
 * selecting what an accounting export reads. The gateway's RSS is sampled every 50 ms during the
 * walk and once a second while it then sits idle for BENCH_IDLE_SECONDS; the run prints entries
 * walked, GraphQL pages, upstream feed calls, time, the gateway's CPU time (what a memory setting
 * costs), peak RSS, RSS at the end of the walk and after the idle time. Not part of the test suite (no wall-clock or RSS assertions there).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { startSandbox } from '../src/sandbox/server.js';
import { vippsSandboxFacts } from '../src/sandbox/vipps/index.js';
import { NOW } from './lib/setup.js';
import { cpuMs, pinning, productionNodeFlags, rssBytes, start, stop } from './lib/procs.js';

const SCALE = Number(process.env.BENCH_FEED_SCALE ?? 10);
const DAYS = Number(process.env.BENCH_FEED_DAYS ?? 60);
const FIRST = Number(process.env.BENCH_FEED_FIRST ?? 1000);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 30);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MB = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;

// BENCH_DIST=<dir>: the gateway runs that build (run from the directory above it, so its own
// node_modules resolve); nothing is built then.
const dist = resolve(process.env.BENCH_DIST ?? join(root, 'dist'));

if (process.env.BENCH_NO_BUILD !== '1' && !process.env.BENCH_DIST) {
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
}

const pin = pinning();
if (pin.others.length > 0) spawnSync('taskset', ['-a', '-p', '-c', pin.others[2] as string, String(process.pid)], { stdio: 'ignore' });
const sandbox = await startSandbox({ port: 0, now: NOW, vendors: { vipps: { scale: SCALE, historyDays: DAYS } } });
const facts = vippsSandboxFacts(undefined, { now: NOW, scale: SCALE, historyDays: DAYS });
const ledgerId = facts.busy.ledgerId;
const gateway = await start(
  'gateway',
  [...pin.gateway, process.execPath, ...productionNodeFlags(dirname(dist)), join(dist, 'server.js')],
  // The walk is one client making many requests: the per-client rate limit is not what is measured.
  {
    PORT: '0',
    HOST: '127.0.0.1',
    TALLY_SANDBOX_URL: sandbox.origin,
    SANDBOX_NOW: NOW,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    TALLY_RATE_LIMIT_PER_MINUTE: '1000000',
    TALLY_UPSTREAM_CALLS_PER_MINUTE: '10000000',
  },
  /GraphQL endpoint: (http:\/\/\S+)/,
  dirname(dist),
);
process.on('exit', () => {
  if (gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
});

const QUERY = `query Walk($id: ID!, $first: Int, $after: String) { ledger(id: $id) { feed(first: $first, after: $after) {
  edges { node { id time ledgerDate entryType pspReference reference amount { minorUnits currency } balanceAfter { minorUnits } } }
  pageInfo { hasNextPage endCursor } tryLater } } }`;
interface WalkPage {
  data?: {
    ledger: { feed: { edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string }; tryLater: boolean } };
  };
  errors?: unknown[];
}

const id = Buffer.from(`Ledger:VIPPS_MOBILEPAY:${ledgerId}`).toString('base64url');
const url = new URL(gateway.ready);
const pool = new Pool(url.origin, { connections: 1, headersTimeout: 300_000, bodyTimeout: 300_000 });
console.log(`Feed walk: ledger ${ledgerId}, sandbox scale ${SCALE}, ${DAYS} days of history, first ${FIRST}; ${pin.note}`);
console.log(`Gateway RSS at start: ${MB(rssBytes(gateway.pid))}`);
await fetch(`${sandbox.origin}/_stats/reset`, { method: 'POST' });

let peak = rssBytes(gateway.pid);
const sampler = setInterval(() => {
  peak = Math.max(peak, rssBytes(gateway.pid));
}, 50);
let after: string | null = null;
let entries = 0;
let pages = 0;
let lastId = '';
const cpu0 = cpuMs(gateway.pid);
const t0 = performance.now();
for (;;) {
  const res = await pool.request({
    path: url.pathname,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: QUERY, variables: { id, first: FIRST, after } }),
  });
  const body = (await res.body.json()) as WalkPage;
  if (res.statusCode !== 200 || body.errors || !body.data)
    throw new Error(`page ${pages + 1}: HTTP ${res.statusCode} ${JSON.stringify(body.errors ?? body).slice(0, 500)}`);
  const feed = body.data.ledger.feed;
  pages++;
  entries += feed.edges.length;
  // A resumed page must not start with the entry the previous one ended with.
  if (feed.edges.length > 0 && feed.edges[0]!.node.id === lastId) throw new Error(`page ${pages} repeats the previous page's last entry`);
  lastId = feed.edges.at(-1)?.node.id ?? lastId;
  if (pages % 100 === 0)
    console.log(
      `  ${entries} entries, ${pages} pages, ${((performance.now() - t0) / 1000).toFixed(0)} s, RSS ${MB(rssBytes(gateway.pid))}, peak ${MB(peak)}`,
    );
  if (!feed.pageInfo.hasNextPage) break;
  after = feed.pageInfo.endCursor;
}
const seconds = (performance.now() - t0) / 1000;
const cpuSeconds = (cpuMs(gateway.pid) - cpu0) / 1000;
clearInterval(sampler);
peak = Math.max(peak, rssBytes(gateway.pid));
const atEnd = rssBytes(gateway.pid);
const stats = (await (await fetch(`${sandbox.origin}/_stats`)).json()) as { byEndpoint: Record<string, number> };
const feedCalls = Object.entries(stats.byEndpoint)
  .filter(([k]) => k.includes('/feed'))
  .reduce((n, [, v]) => n + v, 0);
await pool.close();

const idle: number[] = [];
for (let s = 0; s < IDLE_SECONDS; s++) {
  await new Promise((r) => setTimeout(r, 1000));
  idle.push(rssBytes(gateway.pid));
}
console.log(
  `\n| entries walked | GraphQL pages | upstream feed calls | time | gateway CPU | peak RSS | RSS at the end | RSS after ${IDLE_SECONDS} s idle |`,
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
console.log(
  `| ${entries} | ${pages} | ${feedCalls} | ${seconds.toFixed(0)} s (${(entries / seconds).toFixed(0)} entries/s) | ${cpuSeconds.toFixed(1)} s (${((cpuSeconds * 1000) / pages).toFixed(1)} ms/page) | ${MB(peak)} | ${MB(atEnd)} | ${MB(idle.at(-1) ?? atEnd)} |`,
);
console.log(
  `(load average ${(await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}; idle RSS by second: ${idle.map((b) => (b / 2 ** 20).toFixed(0)).join(' ')})`,
);
await stop(gateway);
await sandbox.close();
