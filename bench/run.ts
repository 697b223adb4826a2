/**
 * `npm run bench`: the quick benchmarks in this folder, one after another, each in its own process
 * so caches and JIT state do not leak between them. The long ones (the load run and the feed walk,
 * minutes each and a production build) run only when named: `npm run bench -- load`, or `all`.
 * `npm run bench -- --help` lists them; `--list` prints what the arguments select without running it.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** Minutes each, and they build and pin processes: never part of a plain `npm run bench`. */
const LONG = new Set(['load', 'feed-walk']);

const names = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.slice(0, -'.ts'.length))
  .sort();

/** The first sentence of a benchmark's doc comment, without its `npm run bench -- x:` prefix. */
function summary(name: string): string {
  const text = readFileSync(join(here, `${name}.ts`), 'utf8');
  const comment = /^\/\*\*\n([\s\S]*?)\n \*(\/|\n)/.exec(text)?.[1] ?? '';
  const paragraph = comment
    .split('\n')
    .map((l) => l.replace(/^ \* ?/, ''))
    .join(' ')
    .replace(/^`npm run bench[^`]*`:\s*/, '')
    .replace(/ \(issue \d+\)/, '');
  const end = paragraph.search(/\.(\s|$)/);
  return end < 0 ? paragraph : paragraph.slice(0, end);
}

function usage(): string {
  const width = Math.max(...names.map((n) => n.length));
  return [
    'usage: npm run bench [-- <name>... | all] [--list]',
    '',
    'Without a name: every quick benchmark. Long ones (*) run only when named, or with `all`.',
    '',
    ...names.map((n) => `  ${n.padEnd(width)} ${LONG.has(n) ? '*' : ' '} ${summary(n)}`),
    '',
    'Each file documents its environment variables (BENCH_*); README "Other scripts" lists them too.',
  ].join('\n');
}

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(usage());
  process.exit(0);
}
const listOnly = args.includes('--list');
const wanted = args.filter((a) => a !== '--list');
const unknown = wanted.filter((a) => a !== 'all' && !names.includes(a));
if (unknown.length > 0) {
  console.error(`unknown benchmark${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}\n\n${usage()}`);
  process.exit(2);
}
const selected = wanted.includes('all')
  ? names
  : wanted.length > 0
    ? names.filter((n) => wanted.includes(n))
    : names.filter((n) => !LONG.has(n));

if (listOnly) {
  console.log(selected.join('\n'));
  process.exit(0);
}
let failed = 0;
for (const name of selected) {
  console.log(`\n=== bench/${name}.ts\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, `${name}.ts`)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
