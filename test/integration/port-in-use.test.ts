import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alive, startProcess, type Started } from '../helpers/process.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const started: Started[] = [];

/** A loopback port held by another program for the whole file, as a forgotten Tally would hold 4000. */
let taken: net.Server;
let port: number;

beforeAll(async () => {
  taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  port = (taken.address() as net.AddressInfo).port;
});

afterAll(async () => {
  for (const s of started) if (s.child.pid && alive(s.child.pid)) s.child.kill('SIGKILL');
  await new Promise((resolve) => taken.close(resolve));
});

/** Starts `file` like `npm start` / `npm run sandbox` do and waits for it to give up. */
async function run(file: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const s = startProcess(process.execPath, ['--import', 'tsx', file], { HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env }, ROOT);
  started.push(s);
  const { code } = await s.exited;
  return { code, output: s.lines.join('\n') };
}

function expectNoStack(output: string) {
  // A listen() failure thrown out of main prints `Error: listen EADDRINUSE ...` and `    at ...` frames.
  expect(output).not.toMatch(/^\s+at /m);
  expect(output).not.toContain('EADDRINUSE');
}

describe('a port already in use ends the start with the variable that moves it, not a stack', () => {
  it("the gateway's port (PORT) taken", async () => {
    const { code, output } = await run('src/server.ts', { PORT: String(port), SANDBOX_PORT: '0' });
    expect(code).toBe(1);
    expect(output).toContain(`Tally cannot start: 127.0.0.1:${port}, the gateway's port (PORT), is already in use`);
    expect(output).toContain('SANDBOX_PORT');
    expectNoStack(output);
  }, 60_000);

  it("the embedded sandbox's port (SANDBOX_PORT) taken", async () => {
    const { code, output } = await run('src/server.ts', { PORT: '0', SANDBOX_PORT: String(port) });
    expect(code).toBe(1);
    expect(output).toContain(`Tally cannot start: 127.0.0.1:${port}, the embedded sandbox's port (SANDBOX_PORT), is already in use`);
    expect(output).toMatch(/\bPORT sets the gateway's port/);
    expectNoStack(output);
  }, 60_000);

  it('`npm run sandbox` with SANDBOX_PORT taken', async () => {
    const { code, output } = await run('src/sandbox/main.ts', { SANDBOX_PORT: String(port) });
    expect(code).toBe(1);
    expect(output).toContain(`The sandbox cannot start: port ${port} (SANDBOX_PORT) is already in use`);
    expectNoStack(output);
  }, 60_000);
});
