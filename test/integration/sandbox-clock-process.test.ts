import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { alive, descendants, startProcess, type Started } from '../helpers/process.js';
import { vippsLedgerGlobalId } from '../helpers/harness.js';

/**
 * `SANDBOX_CLOCK=run` in the processes a person starts: `npm start` (the embedded sandbox) and
 * `npm run sandbox` shared by a gateway through `TALLY_SANDBOX_URL`. The clocks start at 02:55 UTC
 * on 20 November 2026 (03:55 in Oslo) and run at real speed, so the kiosk ledger (dates from 04:00
 * to 04:00) is on the 19th for the five minutes the test has, while the wall clock is elsewhere:
 * a gateway on its own clock would answer another date.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const START = '2026-11-20T02:55:00Z';
const BASE = { PORT: '0', SANDBOX_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' };
const facts = vippsSandboxFacts(undefined, { now: START });
const kiosk = vippsLedgerGlobalId(facts.cutoffLedgerId);
const midnight = vippsLedgerGlobalId(
  facts.ledgers.find((l) => l.ledgerId !== facts.cutoffLedgerId && l.timeZone === 'Europe/Oslo')!.ledgerId,
);
const started: Started[] = [];

afterAll(() => {
  for (const s of started) for (const pid of [s.child.pid!, ...descendants(s.child.pid!)]) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

function start(script: string, env: Record<string, string>): Started {
  const s = startProcess(process.execPath, ['--import', 'tsx', script], { ...BASE, ...env }, ROOT);
  started.push(s);
  return s;
}

async function todays(url: string): Promise<{ kiosk: string; midnight: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'query($k: ID!, $m: ID!) { k: ledger(id: $k) { today } m: ledger(id: $m) { today } }',
      variables: { k: kiosk, m: midnight },
    }),
  });
  const body = (await res.json()) as { data: { k: { today: string }; m: { today: string } } };
  return { kiosk: body.data.k.today, midnight: body.data.m.today };
}

async function stop(s: Started): Promise<void> {
  s.child.kill('SIGTERM');
  await s.exited;
}

describe('a running sandbox clock in the processes', () => {
  it('npm start: the embedded sandbox runs from SANDBOX_NOW and the gateway stands on its clock', async () => {
    const s = start('src/server.ts', { SANDBOX_NOW: START, SANDBOX_CLOCK: 'run', SANDBOX_CLOCK_SPEED: '1' });
    const ready = await s.waitForLog('Tally GraphQL gateway ready');
    try {
      expect((await s.waitForLine(/Sandbox clock running from (\S+) at 1x real time/))[1]).toMatch(/^2026-11-20T02:5\d:/);
      const sandbox = String(ready.upstreams).replace(/^sandbox /, '');
      const clock = (await (await fetch(`${sandbox}/_clock`)).json()) as { now: string; mode: string; speed: number };
      expect(clock).toMatchObject({ mode: 'run', speed: 1 });
      expect(clock.now).toMatch(/^2026-11-20T02:5\d:/);
      expect(await todays(String(ready.url))).toEqual({ kiosk: '2026-11-19', midnight: '2026-11-20' });
    } finally {
      await stop(s);
    }
  }, 60_000);

  it("npm run sandbox shared through TALLY_SANDBOX_URL: the gateway reads the sandbox's clock, whatever its own variables", async () => {
    const sandbox = start('src/sandbox/main.ts', { SANDBOX_NOW: START, SANDBOX_CLOCK: 'run' });
    const origin = (
      await sandbox.waitForLine(/listening on (http:\/\/\S+) \(clock running from 2026-11-20T02:55:00.000Z at 1x real time\)/)
    )[1]!;
    const gateway = start('src/server.ts', { TALLY_SANDBOX_URL: origin });
    try {
      const ready = await gateway.waitForLog('Tally GraphQL gateway ready');
      expect((await gateway.waitForLine(/Sandbox clock running from (\S+) at 1x real time \(the shared sandbox\)/))[1]).toMatch(
        /^2026-11-20T02:5\d:/,
      );
      expect(await todays(String(ready.url))).toEqual({ kiosk: '2026-11-19', midnight: '2026-11-20' });
    } finally {
      await stop(gateway);
      await stop(sandbox);
    }
  }, 60_000);
});
