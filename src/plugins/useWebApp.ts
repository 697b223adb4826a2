import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'graphql-yoga';

/** Where `npm run web:build` (and `npm start`, when web/ changed) writes the back-office app. */
export const WEB_APP_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * The app talks to this gateway only (same origin), loads nothing from elsewhere and runs no inline
 * script; the browser enforces that.
 */
const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Serves the back-office app (web/, a client of the public schema only) at `/`: `index.html` at
 * the root and the hashed bundles under `/assets/`. It routes with the URL's hash, so no other
 * path is taken from the gateway. GraphiQL stays at `/graphql`.
 */
export function useWebApp(dir: string = WEB_APP_DIR): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const isIndex = url.pathname === '/' || url.pathname === '/index.html';
      if (!isIndex && !url.pathname.startsWith('/assets/')) return;
      const file = isIndex ? path.resolve(dir, 'index.html') : assetFile(dir, url.pathname);
      if (!file) return endResponse(new fetchAPI.Response('Not found', { status: 404 }));
      let body: Buffer;
      try {
        body = await readFile(file);
      } catch {
        endResponse(
          isIndex
            ? new fetchAPI.Response(
                '<!doctype html><title>Tally</title><p>The back-office app is not built: run <code>npm run web:build</code> (or <code>npm start</code>, which builds it). GraphiQL is at <a href="/graphql">/graphql</a>.</p>',
                { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } },
              )
            : new fetchAPI.Response('Not found', { status: 404 }),
        );
        return;
      }
      endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
          status: 200,
          headers: {
            'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
            // Bundles are content-hashed, so they never change under their name; index.html names the current ones.
            'cache-control': isIndex ? 'no-cache' : 'public, max-age=31536000, immutable',
            'content-security-policy': CSP,
            'x-content-type-options': 'nosniff',
          },
        }),
      );
    },
  };
}

/** The file an `/assets/` path names inside `dir`; undefined when it is not percent-encoded properly (`%zz`) or climbs out of `dir`. */
function assetFile(dir: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const file = path.resolve(dir, `.${decoded}`);
  return file.startsWith(dir + path.sep) ? file : undefined;
}
