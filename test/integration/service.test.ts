import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { alive, descendants, listening, startProcess, type Started } from '../helpers/process.js';
import { resetSandboxStats, sandboxStats, setSandboxFaults } from '../helpers/sandbox-http.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ENV = { PORT: '0', SANDBOX_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', TALLY_SHUTDOWN_GRACE_MS: '30000' };
const started: Started[] = [];

afterAll(() => {
  // Only if a test failed half-way: never leave what this file started.
  for (const s of started) for (const pid of [s.child.pid!, ...descendants(s.child.pid!)]) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

interface Ready {
  url: string;
  sandbox: string;
  ports: number[];
}

async function ready(s: Started): Promise<Ready> {
  started.push(s);
  const line = await s.waitForLog('Tally GraphQL gateway ready');
  const url = String(line.url);
  const sandbox = String(line.upstreams).replace(/^sandbox /, '');
  return { url, sandbox, ports: [Number(new URL(url).port), Number(new URL(sandbox).port)] };
}

async function inFlight(url: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', url))).text();
  const line = text.split('\n').find((l) => l.startsWith('tally_http_requests_in_flight '));
  return Number(line?.split(' ')[1] ?? 0);
}

/** Stops what the user started and checks it stopped everything: exit 0, no process left, no port held. */
async function stopAndCheck(s: Started, r: Ready, signal: NodeJS.Signals) {
  const tree = [s.child.pid!, ...descendants(s.child.pid!)];
  expect(tree.length).toBeGreaterThan(0);
  s.child.kill(signal);
  const { code, signal: killedBy } = await s.exited;
  expect({ code, killedBy }).toEqual({ code: 0, killedBy: null });
  for (const pid of tree) expect(alive(pid), `process ${pid} outlived the stop`).toBe(false);
  for (const port of r.ports) expect(await listening(port), `port ${port} still held`).toBe(false);
  expect(s.lines.some((l) => l.includes('"msg":"stopped"') && l.includes('"exitCode":0'))).toBe(true);
}

describe('npm start stops like a service', () => {
  it('SIGTERM to `npm start`: an in-flight request is answered, then everything stops with exit 0 and the ports are free', async () => {
    const s = startProcess('npm', ['start'], ENV, ROOT);
    const r = await ready(s);
    // A slow upstream keeps a GraphQL request in flight while the signal arrives.
    await setSandboxFaults(r.sandbox, { vipps: { latencyMs: 1500 } });
    const query = fetch(r.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ ledgers(first: 3) { edges { node { ledgerId } } } }' }),
    });
    while ((await inFlight(r.url)) < 2) await new Promise((res) => setTimeout(res, 20)); // the scrape itself is the other one
    const stopping = stopAndCheck(s, r, 'SIGTERM');
    const res = await query;
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { ledgers: { edges: unknown[] } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data.ledgers.edges).toHaveLength(3);
    await stopping;
  });

  it('SIGINT to `npm start` (Ctrl-C as a process manager sends it): exit 0, nothing left behind', async () => {
    const s = startProcess('npm', ['start'], ENV, ROOT);
    const r = await ready(s);
    expect((await fetch(new URL('/health', r.url))).status).toBe(200);
    await stopAndCheck(s, r, 'SIGINT');
  });
});

describe('TALLY_SANDBOX_URL', () => {
  it('a gateway uses an already running `npm run sandbox` instead of starting its own; both stop on SIGTERM', async () => {
    const sb = startProcess('npm', ['run', 'sandbox'], { SANDBOX_PORT: '0' }, ROOT);
    started.push(sb);
    const origin = (await sb.waitForLine(/listening on (http:\/\/\S+)/))[1]!;
    await resetSandboxStats(origin);
    const s = startProcess('npm', ['start'], { ...ENV, TALLY_SANDBOX_URL: origin }, ROOT);
    const r = await ready(s);
    expect(r.sandbox).toBe(origin);
    const res = await fetch(r.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ ledgers(first: 1) { edges { node { ledgerId } } } }' }),
    });
    expect(res.status).toBe(200);
    const stats = await sandboxStats(origin);
    expect(stats.byEndpoint['vipps GET /settlement/v1/ledgers']).toBe(1);
    // The gateway's stop leaves the shared sandbox running: it is not the gateway's.
    await stopAndCheck(s, { ...r, ports: [r.ports[0]!] }, 'SIGTERM');
    expect(await listening(Number(new URL(origin).port))).toBe(true);
    const tree = [sb.child.pid!, ...descendants(sb.child.pid!)];
    sb.child.kill('SIGTERM');
    expect((await sb.exited).code).toBe(0);
    for (const pid of tree) expect(alive(pid)).toBe(false);
    expect(await listening(Number(new URL(origin).port))).toBe(false);
  });
});

describe('production build', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'tally-dist-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('compiles with the build configuration and runs on plain node (no tsx), then stops on SIGTERM', async () => {
    const tsc = spawn(
      process.execPath,
      [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', out],
      { cwd: ROOT, stdio: 'pipe' },
    );
    let output = '';
    tsc.stdout.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => tsc.once('exit', resolve));
    expect(output).toBe('');
    expect(code).toBe(0);
    // As dist/ sits in the project: ES modules, dependencies from the project's node_modules.
    writeFileSync(path.join(out, 'package.json'), JSON.stringify({ type: 'module' }));
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(out, 'node_modules'));

    const s = startProcess(process.execPath, [path.join(out, 'server.js')], ENV, ROOT);
    const r = await ready(s);
    expect(s.child.spawnargs.join(' ')).not.toContain('tsx');
    // dist/ without the app beside it (only `npm run build`, no `npm run web:build`): said at start, not only by a 503 later.
    const notBuilt = await s.waitForLog(
      'the back-office app is not built: run `npm run web:build`; until then / answers 503 (GraphQL is not affected)',
    );
    expect(notBuilt).toMatchObject({ level: 'warn', app: `${new URL(r.url).origin}/` });
    expect((await fetch(new URL('/', r.url))).status).toBe(503);
    const res = await fetch(r.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ ledgers(first: 1) { edges { node { ledgerId provider } } } }' }),
    });
    const body = (await res.json()) as { data: { ledgers: { edges: Array<{ node: { provider: string } }> } } };
    expect(body.data.ledgers.edges[0]!.node.provider).toBe('VIPPS_MOBILEPAY');
    await stopAndCheck(s, r, 'SIGTERM');
  }, 240_000);
});
