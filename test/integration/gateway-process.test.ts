import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DINTERO_SANDBOX_CREDENTIALS } from '../../src/sandbox/dintero/index.js';
import { alive, descendants, startProcess, type Started } from '../helpers/process.js';
import { setSandboxFaults } from '../helpers/sandbox-http.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ENV = { PORT: '0', SANDBOX_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', SANDBOX_NOW: '2026-11-20T14:30:00Z' };
const started: Started[] = [];

afterAll(() => {
  // Only if a test failed half-way: never leave what this file started.
  for (const s of started) for (const pid of [s.child.pid!, ...descendants(s.child.pid!)]) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

/** The gateway as `npm start` runs it (without npm in between), on its embedded sandbox. */
async function startGateway(env: Record<string, string> = {}): Promise<{ s: Started; url: string; sandbox: string }> {
  const s = startProcess(process.execPath, ['--import', 'tsx', 'src/server.ts'], { ...ENV, ...env }, ROOT);
  started.push(s);
  const line = await s.waitForLog('Tally GraphQL gateway ready');
  return { s, url: String(line.url), sandbox: String(line.upstreams).replace(/^sandbox /, '') };
}

async function downloadUrls(url: string): Promise<string[]> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query:
        'query($a: String!) { billingAccount(accountId: $a) { settlements(first: 5) { edges { node { attachments { downloadUrl } } } } } }',
      variables: { a: DINTERO_SANDBOX_CREDENTIALS.test.accountId },
    }),
  });
  const text = await res.text();
  return [...text.matchAll(/"downloadUrl":"([^"]+)"/g)].map((m) => m[1] as string);
}

/** Requests the gateway is running now (its own gauge), read on a connection of its own. */
async function inFlight(url: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', url))).text();
  const line = text.split('\n').find((l) => l.startsWith('tally_http_requests_in_flight '));
  return Number(line?.split(' ')[1] ?? 0);
}

/** One request on its own connection, as curl -I sends it. */
function head(url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'HEAD', agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the gateway process survives what a client can send', () => {
  it('HEAD on a settlement attachment link answers the headers without a body, and the gateway keeps serving', async () => {
    const { s, url } = await startGateway();
    const [link] = await downloadUrls(url);
    expect(link).toBeDefined();
    for (let i = 0; i < 3; i++) {
      const res = await head(link!);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename=/);
      expect(res.headers['content-type']).toBeDefined();
      expect(res.body).toBe('');
    }
    // Give an unhandled stream error its chance to end the process before looking.
    await new Promise((r) => setTimeout(r, 300));
    expect(s.child.exitCode).toBeNull();
    expect((await fetch(new URL('/health', url))).status).toBe(200);
    const got = await fetch(link!);
    expect(got.status).toBe(200);
    expect((await got.arrayBuffer()).byteLength).toBeGreaterThan(0);
    s.child.kill('SIGTERM');
    expect((await s.exited).code).toBe(0);
  });
});

interface Answer {
  status: number;
  connection: string | undefined;
  body: string;
}

/** One GraphQL POST through `agent`: its answer, or the error of a request that got none. */
function post(url: string, agent: http.Agent, query: string): Promise<Answer> {
  const body = JSON.stringify({ query });
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('SIGTERM with keep-alive clients', () => {
  it('answers what is in flight with Connection: close, serves nothing new on kept-alive connections, ends idle ones, and exits without waiting out the grace period', async () => {
    const { s, url, sandbox } = await startGateway({ TALLY_SHUTDOWN_GRACE_MS: '5000' });
    // Every ledgers read takes a while upstream, so a request is in flight when the signal comes.
    await setSandboxFaults(sandbox, { vipps: { latencyMs: 400 } });
    const busy = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const idle = new http.Agent({ keepAlive: true, maxSockets: 1 });
    // An idle kept-alive connection: the gateway must end it, the client never will.
    expect((await post(url, idle, '{ __typename }')).status).toBe(200);
    const idleSocket = Object.values(idle.freeSockets).flat()[0]!;
    const idleClosed = new Promise<void>((resolve) => idleSocket.once('close', () => resolve()));

    // A client sending request after request on one kept-alive connection, as a busy frontend
    // does; each reads another ledger date, so each waits for the upstream (no cache hit).
    const ledgers = JSON.parse((await post(url, idle, '{ ledgers(first: 1) { edges { node { id } } } }')).body) as {
      data: { ledgers: { edges: Array<{ node: { id: string } }> } };
    };
    const ledger = ledgers.data.ledgers.edges[0]!.node.id;
    let signalled = false;
    let sent = 0;
    const afterSignal: Array<Answer | string> = [];
    const loop = (async () => {
      for (let i = 0; i < 200; i++) {
        const wasSignalled = signalled;
        const date = new Date(Date.parse('2026-11-19T12:00:00Z') - i * 86_400_000).toISOString().slice(0, 10);
        sent++;
        try {
          const answer = await post(
            url,
            busy,
            `{ ledger(id: "${ledger}") { entries(date: "${date}", first: 1) { edges { node { pspReference } } } } }`,
          );
          if (wasSignalled || signalled) afterSignal.push(answer);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code ?? String(err);
          if (!wasSignalled && !signalled) throw err;
          afterSignal.push(code);
          // Refused at connect: the gateway no longer accepts connections, and nothing was lost.
          if (code === 'ECONNREFUSED') return;
        }
      }
    })();
    while (sent < 3) await new Promise((r) => setTimeout(r, 20));
    // The signal comes while a request of the loop is running (it waits ~400 ms upstream): the
    // scrape itself is the other request in flight.
    while ((await inFlight(url)) < 2) await new Promise((r) => setTimeout(r, 10));
    signalled = true;
    s.child.kill('SIGTERM');
    await loop;
    await idleClosed;
    const { code } = await s.exited;
    busy.destroy();
    idle.destroy();

    expect(code).toBe(0);
    // Every request sent after the signal got an answer (or its connection was refused before it was
    // sent): none was cut with no answer.
    expect(afterSignal.filter((a) => typeof a === 'string' && a !== 'ECONNREFUSED')).toEqual([]);
    const answered = afterSignal.filter((a): a is Answer => typeof a !== 'string');
    expect(answered.length).toBeGreaterThan(0);
    // The request in flight at the signal is served and told to close its connection; at most that one.
    expect(answered.filter((a) => a.status === 200).length).toBeLessThanOrEqual(1);
    for (const a of answered) expect(a.connection).toBe('close');
    for (const a of answered.filter((x) => x.status !== 200)) {
      expect(a.status).toBe(503);
      expect(JSON.parse(a.body)).toMatchObject({ errors: [{ extensions: { code: 'SHUTTING_DOWN' } }] });
    }
    expect(afterSignal.at(-1)).toBe('ECONNREFUSED');
    expect(s.lines.some((l) => l.includes('grace period over'))).toBe(false);
  });
});
