import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The repository carries its own design: every document a comment, a test, the README or a docs
 * page points at must be in the repository, so a clone of Tally alone can follow it.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SKIP = new Set(['node_modules', 'dist', '.git', '__generated__', 'test-results', '.ci-results']);

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.(ts|tsx|mts|mjs|js|md|graphql)$/.test(name)) out.push(path);
  }
  return out;
}

const files = [
  ...['src', 'test', 'web', 'bench', 'docs', 'examples', 'schema']
    .filter((d) => existsSync(join(root, d)))
    .flatMap((d) => walk(join(root, d))),
  ...['README.md', 'codegen.ts', 'eslint.config.js'].map((f) => join(root, f)).filter(existsSync),
];

interface Finding {
  file: string;
  line: number;
  ref: string;
}

function findings(pattern: RegExp, keep: (ref: string, file: string) => boolean): Finding[] {
  const found: Finding[] = [];
  for (const file of files) {
    if (file === fileURLToPath(import.meta.url)) continue;
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        for (const m of text.matchAll(pattern)) {
          const ref = m[1] ?? m[0];
          if (keep(ref, file)) found.push({ file: relative(root, file), line: i + 1, ref });
        }
      });
  }
  return found;
}

describe('references to documents', () => {
  it('scans the repository', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('never point outside the repository (the shared folder, the old design and quirks pages, the specs folder)', () => {
    const outside = findings(
      /\.\.\/shared\/|\bshared\/(?:seeds|specs|notes)\/|\b(?:DESIGN|QUIRKS)\.md\b|(?<![\w/])specs\/[\w.-]+\.(?:md|yaml)/g,
      () => true,
    );
    expect(outside).toEqual([]);
  });

  it('name docs/ files that exist', () => {
    const missing = findings(/(?<![\w/.])(docs\/[\w./-]*[\w/])/g, (ref) => !existsSync(join(root, ref.replace(/[.,;:]+$/, ''))));
    expect(missing).toEqual([]);
  });

  it('name src/ files and folders that exist (the tree a newcomer reads about is the tree there is)', () => {
    // Templates (`src/sources/<vendor>/`), globs and a client project's generated folder (the README's codegen example) name no path of this tree.
    const missing = findings(
      /(?<![\w/.@-])(src\/[\w./<>*-]*[\w/>*])/g,
      (ref) => !/[<*]|__generated__/.test(ref) && !existsSync(join(root, ref.replace(/[.,;:]+$/, ''))),
    );
    expect(missing).toEqual([]);
  });

  it('in Markdown, link to files that exist', () => {
    const missing = findings(
      /\]\((?!https?:|mailto:|#)([^)\s#]+)(?:#[^)]*)?\)/g,
      (ref, file) => file.endsWith('.md') && !existsSync(resolve(dirname(file), decodeURI(ref))),
    );
    expect(missing).toEqual([]);
  });
});
