import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * A Relay app compiles against schema/schema.graphql with what issue 22 added: the typed results
 * of payoutRuleUpdate (a union with an interface), @stream on a connection's edges, @defer on a
 * fragment, Entry.salesEventPresence, PayoutRule.currency and Query.currency. relay-compiler ships
 * its own binaries (no download) and validates every document against the schema.
 */

const SCHEMA = resolve('schema/schema.graphql');
// Resolved as a package, so tools that look for the dependency's use (knip) find it.
const COMPILER = createRequire(import.meta.url).resolve('relay-compiler/cli.js');

const app = (presenceField: string) => `import { graphql } from 'relay-runtime';
export const save = graphql\`
  mutation RuleSaveMutation($input: UpdatePayoutRuleInput!) {
    payoutRuleUpdate(input: $input) {
      __typename
      ... on UpdatePayoutRulePayload { payoutRule { id ruleVersion currency } }
      ... on PayoutRuleVersionConflict { expectedVersion currentRule { id ruleVersion currency } }
      ... on InvalidInput { problems { pathText path { field index } message } }
      ... on WriteOutcomeUnknown { idempotencyKeyToRepeat }
      ... on WriteProblem { code message }
    }
  }
\`;
export const month = graphql\`
  query RuleSaveMonthQuery($id: ID!, $from: Date!, $to: Date!) {
    ledger(id: $id) {
      entries(from: $from, to: $to, first: 100) {
        edges @stream(initialCount: 10, label: "rows") { node { id ${presenceField} amount { minorUnits currency } } }
        ...RuleSave_summary @defer(label: "summary")
      }
    }
    currency(code: "NOK") { code exponent }
  }
\`;
export const summary = graphql\`
  fragment RuleSave_summary on LedgerEntryConnection { summary { count } }
\`;
`;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function compile(source: string): Promise<{ code: number; output: string; artifacts: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'tally-relay-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'src', '__generated__'), { recursive: true });
  writeFileSync(join(dir, 'src', 'RuleSave.ts'), source);
  writeFileSync(
    join(dir, 'relay.config.json'),
    JSON.stringify({ src: './src', schema: SCHEMA, language: 'typescript', artifactDirectory: './src/__generated__' }),
  );
  return new Promise((done) => {
    execFile(process.execPath, [COMPILER], { cwd: dir }, (err, stdout, stderr) => {
      done({
        code: err ? ((err as { code?: number }).code ?? 1) : 0,
        output: `${stdout}${stderr}`,
        artifacts: readdirSync(join(dir, 'src', '__generated__')).sort(),
      });
    });
  });
}

describe('relay-compiler against the schema', () => {
  it('compiles typed mutation results, @stream, @defer and the new fields', async () => {
    const r = await compile(app('salesEventPresence'));
    expect(r.output).not.toMatch(/ERROR/);
    expect(r.code).toBe(0);
    expect(r.artifacts).toEqual(['RuleSaveMonthQuery.graphql.ts', 'RuleSaveMutation.graphql.ts', 'RuleSave_summary.graphql.ts']);
  });

  it('refuses a field the schema does not have (so the check above means something)', async () => {
    const r = await compile(app('salesEventPresense'));
    expect(r.code).not.toBe(0);
    expect(r.output).toContain('salesEventPresense');
  });
});
