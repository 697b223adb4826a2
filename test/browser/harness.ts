/**
 * What the browser tests share: Debian's Chromium (playwright-core), and the gateway started as a
 * person starts it, in its own process group on ephemeral loopback ports with the embedded sandbox
 * and no credentials from the caller's environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Screenshots and downloads (gitignored). */
export const RESULTS = path.join(ROOT, 'test-results');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The URLs a page requested that left this machine (data:, blob: and about: stay in the page). */
export function remoteRequests(urls: string[]): string[] {
  return urls.filter((u) => {
    const parsed = new URL(u);
    if (parsed.protocol === 'data:' || parsed.protocol === 'blob:' || parsed.protocol === 'about:') return false;
    return !LOOPBACK_HOSTS.has(parsed.hostname);
  });
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}. Install Debian's package (apt-get install -y --no-install-recommends chromium; .ci/run does) or set CHROMIUM_PATH.`,
    );
  }
  mkdirSync(RESULTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
}

export interface RunningServer {
  /** Everything it printed so far. */
  output: () => string;
  /** The first capture group of `pattern` once the server printed it. */
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<string>;
  stop: () => Promise<void>;
}

/**
 * Starts `command` (e.g. `npm start`) in its own process group, so `stop` ends it and anything it
 * started; a runner that dies first takes it along.
 */
export function startServer(command: string, args: string[]): RunningServer {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    // No upstream credentials or API keys from the caller's environment: sandbox mode, open GraphQL.
    if (value === undefined || /^(VIPPS_|DINTERO_|EASYPAY_|TALLY_API_KEY)/.test(key)) continue;
    env[key] = value;
  }
  Object.assign(env, { HOST: '127.0.0.1', PORT: '0', SANDBOX_PORT: '0', LOG_LEVEL: 'warn' });

  const child: ChildProcess = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const kill = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  };
  process.once('exit', () => {
    if (child.exitCode === null && child.signalCode === null) kill('SIGKILL');
  });

  return {
    output: () => output,
    waitFor: (pattern, timeoutMs = 45_000) =>
      new Promise<string>((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (match?.[1]) {
            done();
            resolve(match[1]);
          }
        };
        const onExit = (code: number | null, signal: string | null) => {
          done();
          reject(new Error(`server exited (code ${code}, signal ${signal}) before printing ${pattern}; output:\n${output}`));
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`server printed no ${pattern} within ${timeoutMs / 1000} s; output:\n${output}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
        };
        listeners.add(check);
        child.once('exit', onExit);
        check();
      }),
    stop: async () => {
      if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      kill('SIGTERM');
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000).unref());
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        kill('SIGKILL');
        await exited;
      }
    },
  };
}
