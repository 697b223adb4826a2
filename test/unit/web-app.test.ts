import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, describe, expect, it } from 'vitest';
import { useWebApp } from '../../src/plugins/useWebApp.js';

describe('the back-office app files (useWebApp)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tally-web-app-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(path.join(dir, 'assets', 'app-1a2b.js'), 'console.log(1)');
  writeFileSync(path.join(tmpdir(), 'tally-web-app-outside.txt'), 'outside');
  const yoga = createYoga({ schema: createSchema({ typeDefs: 'type Query { a: Int }' }), plugins: [useWebApp(dir)], logging: false });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(path.join(tmpdir(), 'tally-web-app-outside.txt'), { force: true });
  });

  it('serves index.html and a hashed bundle', async () => {
    const index = await yoga.fetch('http://localhost/');
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<title>app</title>');
    const bundle = await yoga.fetch('http://localhost/assets/app-1a2b.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers 404 to a path that is not percent-encoded properly, or that climbs out of the app', async () => {
    for (const p of ['/assets/%E0%A4%A', '/assets/%zz.js', '/assets/..%2f..%2ftally-web-app-outside.txt', '/assets/missing.js']) {
      const res = await yoga.fetch(`http://localhost${p}`);
      expect(res.status, p).toBe(404);
    }
  });
});
