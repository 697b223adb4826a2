import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DINTERO_SANDBOX_CREDENTIALS } from '../../src/sandbox/dintero/index.js';
import { alive, descendants, startProcess, type Started } from '../helpers/process.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ENV = { PORT: '0', SANDBOX_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' };
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
      query: 'query($a: String!) { billingAccount(accountId: $a) { settlements(first: 5) { edges { node { attachments { downloadUrl } } } } } }',
      variables: { a: DINTERO_SANDBOX_CREDENTIALS.test.accountId },
    }),
  });
  const text = await res.text();
  return [...text.matchAll(/"downloadUrl":"([^"]+)"/g)].map((m) => m[1] as string);
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
