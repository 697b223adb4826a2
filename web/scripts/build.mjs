/* global process, console, performance */
/**
 * Builds the back-office app into web/dist with Vite.
 *
 *   node web/scripts/build.mjs             build
 *   node web/scripts/build.mjs --if-stale  build only when web/'s sources changed since the last build
 *
 * `npm start` runs the second form first, so `npm ci && npm start` serves an up-to-date app at `/`
 * with no extra command, and a start without changes costs one hash of the sources (a few ms).
 * The hash covers web/index.html, web/vite.config.ts, web/src/** and package-lock.json (the
 * versions of React, urql and Vite).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(WEB, 'dist');
const STAMP = path.join(DIST, '.source-hash');

function files(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function sourceHash() {
  const hash = createHash('sha256');
  const inputs = [
    path.join(WEB, 'index.html'),
    path.join(WEB, 'vite.config.ts'),
    path.join(WEB, '..', 'package-lock.json'),
    ...files(path.join(WEB, 'src')),
  ];
  for (const file of inputs) {
    hash.update(path.relative(WEB, file)).update('\0');
    if (existsSync(file)) hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

const ifStale = process.argv.includes('--if-stale');
const want = sourceHash();
const have = existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : '';
if (ifStale && want === have && existsSync(path.join(DIST, 'index.html'))) process.exit(0);

let build;
try {
  ({ build } = await import('vite'));
} catch {
  if (existsSync(path.join(DIST, 'index.html'))) {
    console.warn('Vite is not installed (npm ci --omit=dev?): serving the back-office app as last built.');
    process.exit(0);
  }
  console.warn('Vite is not installed (npm ci --omit=dev?) and web/dist is missing: the back-office app at / will say it is not built.');
  process.exit(0);
}
const started = performance.now();
await build({ configFile: path.join(WEB, 'vite.config.ts'), logLevel: 'warn' });
writeFileSync(STAMP, `${want}\n`);
console.log(`Built the back-office app (web/dist) in ${Math.round(performance.now() - started)} ms`);
