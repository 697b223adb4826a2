import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { NOW, startHarness, vippsLedgerGlobalId, YESTERDAY, type Harness } from '../helpers/harness.js';
import { graphql } from '../__generated__/index.js';
import { walkConnection } from '../helpers/connections.js';

const run = promisify(execFile);
const facts = vippsSandboxFacts(undefined, { now: NOW });
const DAY = graphql(
  `query ExampleClientDay($id: ID!, $date: Date!, $after: String) { ledger(id: $id) { entries(date: $date, first: 1000, after: $after) { edges { node { kind amount { minorUnits } } } pageInfo { hasNextPage endCursor } } } }`,
);

describe('examples/sum-ledger-day.ts (typed client from the codegen folder)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ http: true });
  });
  afterAll(async () => {
    await h.close();
  });

  it('runs against the gateway and prints per-kind sums that match the entries', async () => {
    const ledger = vippsLedgerGlobalId(facts.busy.ledgerId);
    const { stdout } = await run(
      'npx',
      ['tsx', 'examples/sum-ledger-day.ts', '--url', h.url, '--ledger', ledger, '--date', facts.busy.date],
      { cwd: process.cwd() },
    );
    // Independent check: sum the day by kind straight from the API.
    const expected = new Map<string, { count: number; sum: bigint }>();
    const day = await walkConnection(async (after) => {
      const r = await h.op(DAY, { id: ledger, date: facts.busy.date, after });
      return r.data!.ledger!.entries!;
    });
    for (const node of day.nodes) {
      const s = expected.get(node.kind) ?? { count: 0, sum: 0n };
      s.count++;
      s.sum += BigInt(node.amount.minorUnits);
      expected.set(node.kind, s);
    }
    expect(stdout).toContain(`Ledger ${facts.busy.ledgerId} ${facts.busy.date} (NOK)`);
    for (const [kind, s] of expected) {
      const line = stdout.split('\n').find((l) => l.startsWith(kind.padEnd(18)));
      expect(line, kind).toBeDefined();
      const [, count, amount] = line!.trim().split(/\s+/);
      expect(Number(count)).toBe(s.count);
      expect(amount).toBe(
        `${s.sum / 100n}.${String(s.sum % 100n < 0n ? -(s.sum % 100n) : s.sum % 100n).padStart(2, '0')}`.replace(/^0\./, '0.'),
      );
    }
    const total = [...expected.values()].reduce((n, s) => n + s.count, 0);
    expect(total).toBe(facts.busy.fundsEntries);
    // A daily-payout ledger's funds day nets to zero after the payout.
    expect(stdout).toMatch(/TOTAL\s+\d+\s+0\.00/);
  }, 60_000);

  it('without --ledger and --date: the first ledger the gateway lists, on its yesterday (dates that never go stale)', async () => {
    const first = await h.op(graphql(`query ExampleClientLedgers { ledgers(first: 1) { edges { node { ledgerId currency today } } } }`));
    const ledger = first.data!.ledgers!.edges[0]!.node;
    expect(ledger.today).toBe(NOW.slice(0, 10));
    const { stdout } = await run('npx', ['tsx', 'examples/sum-ledger-day.ts', '--url', h.url], { cwd: process.cwd() });
    expect(stdout).toContain(`Ledger ${ledger.ledgerId} ${YESTERDAY} (${ledger.currency})`);
    expect(stdout).toMatch(/^TOTAL\s+\d+\s+-?\d+\.\d{2}$/m);
  }, 60_000);

  it('no gateway at --url: a sentence naming the URL, npm start and --url, not a bare "fetch failed"', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const url = `http://127.0.0.1:${port}/graphql`;
    const failed = await run('npx', ['tsx', 'examples/sum-ledger-day.ts', '--url', url], { cwd: process.cwd() }).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr.trim()).toBe(
      `No Tally gateway answers at ${url} (ECONNREFUSED). Start one with \`npm start\` (it listens on http://127.0.0.1:4000/graphql), or pass its endpoint: npm run example -- --url http://<host>:<port>/graphql`,
    );
  }, 60_000);

  it('--help documents every option, --url with its default', async () => {
    const { stdout } = await run('npx', ['tsx', 'examples/sum-ledger-day.ts', '--help'], { cwd: process.cwd() });
    for (const option of ['--ledger', '--date', '--topic', '--url']) expect(stdout).toContain(option);
    expect(stdout).toContain('default: http://127.0.0.1:4000/graphql');
  }, 60_000);
});
