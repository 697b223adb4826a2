import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { COVERAGE, countCoverage, type CoverageItem } from './coverage.js';

/**
 * docs/coverage.md, rendered from test/conformance/coverage.json. Run
 * `npx tsx test/conformance/render-coverage.ts` after editing the JSON; the coverage test fails
 * while the page and the JSON disagree.
 */
export const COVERAGE_DOC = new URL('../../docs/coverage.md', import.meta.url);

const DOCUMENTS: Array<[string, string]> = [
  ['000_7b92e0d6cec3d751.txt', 'Vipps MobilePay Report API reference'],
  ['002_cab85f17cf0f98ea.txt', 'Vipps MobilePay Report API FAQ'],
  ['003_f08783c1404c24cf.txt', 'Vipps MobilePay Sales API reference'],
  ['001_1621d64747d43684.txt', 'Dintero Billing API reference'],
  ['004_3ad23bd2382ca158.txt', 'Easypay ledger report (API 2.0)'],
];

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

function row(i: CoverageItem): string {
  const status = i.status === 'handled' ? 'handled' : i.status === 'left-out' ? '**left out**' : `**not yet** (${i.owner ?? '?'})`;
  const where = [i.client ? code(i.client) : '', ...i.schema.map(code)].filter(Boolean).join('<br>');
  const why = [i.reason, i.note].filter(Boolean).join(' · ');
  const sandbox = i.sandbox === 'seed-shape' ? 'yes' : i.sandbox === 'differs' ? '**differs**' : '**absent**';
  return `| ${i.line} | ${i.kind} | ${cell(i.item)} | ${status} | ${where} | ${sandbox} | ${i.fixture ?? ''} | ${cell(why)} |`;
}

export function renderCoverage(items: readonly CoverageItem[] = COVERAGE): string {
  const c = countCoverage(items);
  const out = [
    '# Coverage of the upstream documents',
    '',
    '<!-- Rendered from test/conformance/coverage.json by test/conformance/render-coverage.ts; edit the JSON, not this page. -->',
    '',
    'Every endpoint, parameter, response field, enum value, error status, paging signal and stated fact of the',
    'five upstream documents Tally was built from ([upstreams/source-documents.md](upstreams/source-documents.md)),',
    'with where Tally handles it: the source module that reads, sends or maps it and the schema coordinates that',
    'expose it, or why it is left out. `test/conformance/coverage.test.ts` checks that every module and schema',
    'coordinate named here exists and that every fixture is one of test/conformance/fixtures/; each conformance',
    'test (test/conformance/*.test.ts) checks that its gateway requests reach every schema coordinate claimed for the',
    'items of the fixtures it serves, and tolerates a sandbox or client difference only where this table records it.',
    '',
    '| count | items |',
    '| --- | --- |',
    `| documented | ${c.documented} |`,
    `| handled by the clients | ${c.handledByClients} |`,
    `| exposed in the schema | ${c.exposedInSchema} |`,
    `| served by the sandbox in the document's shape | ${c.sandboxInSeedShape} |`,
    `| left out, with the reason | ${c.leftOut} |`,
    `| not handled yet (a known gap, with its owner) | ${c.notYet} |`,
    '',
    'Columns: the document line where the item is documented; its kind; the item; its status; where Tally handles it;',
    'whether the sandbox serves it as the document shows it; the fixture whose conformance test reaches it; the reason or a note.',
  ];
  out.push('', '| document | items | handled | left out | not yet | sandbox in shape |', '| --- | --- | --- | --- | --- | --- |');
  for (const [file, title] of DOCUMENTS) {
    const d = countCoverage(items.filter((i) => i.document === file));
    out.push(
      `| ${title} | ${d.documented} | ${d.documented - d.leftOut - d.notYet} | ${d.leftOut} | ${d.notYet} | ${d.sandboxInSeedShape} |`,
    );
  }
  for (const [file, title] of DOCUMENTS) {
    const mine = items.filter((i) => i.document === file);
    out.push('', `## ${title} (\`${file}\`, ${mine.length} items)`);
    const endpoints = [...new Set(mine.map((i) => i.endpoint ?? 'general'))];
    for (const ep of endpoints) {
      out.push(
        '',
        `### ${ep === 'general' ? 'General' : code(ep)}`,
        '',
        '| line | kind | item | status | where | sandbox | fixture | reason / note |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |',
      );
      for (const i of mine.filter((x) => (x.endpoint ?? 'general') === ep)) out.push(row(i));
    }
  }
  return `${out.join('\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(COVERAGE_DOC, renderCoverage());
  console.log(JSON.stringify(countCoverage()));
}
