import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in upstream on a loopback port: it answers each route with what the test gives it (a
 * seed example, served verbatim) and records every request, so a test can check what Tally asked
 * for as well as what it made of the answer.
 */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  params: Record<string, string>;
}

export interface Reply {
  status?: number;
  /** Sent as JSON unless it is a Buffer (sent as is, with `contentType`). */
  body: unknown;
  contentType?: string;
}

export interface Route {
  method: string;
  /** `/report/v2/ledgers/{ledgerId}/{topic}/feed`: `{name}` matches one path segment. */
  path: string;
  reply: (req: SeenRequest) => Reply;
}

export interface StandIn {
  origin: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

function matcher(pattern: string): (path: string) => Record<string, string> | null {
  const names: string[] = [];
  const re = new RegExp(
    `^${pattern.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_, n: string) => (names.push(n), '([^/]+)'))}$`,
  );
  return (path) => {
    const m = re.exec(path);
    return m ? Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) : null;
  };
}

export async function startStandIn(routes: Route[]): Promise<StandIn> {
  const compiled = routes.map((r) => ({ ...r, match: matcher(r.path) }));
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://stand-in');
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw || undefined;
      if (raw && (req.headers['content-type'] ?? '').includes('json')) body = JSON.parse(raw);
      for (const r of compiled) {
        const params = r.method === req.method ? r.match(u.pathname) : null;
        if (!params) continue;
        const request: SeenRequest = { method: r.method, path: u.pathname, query: u.searchParams, headers: req.headers, body, params };
        seen.push(request);
        const reply = r.reply(request);
        const payload = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(JSON.stringify(reply.body));
        res.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'application/json', 'content-length': payload.length });
        res.end(payload);
        return;
      }
      seen.push({ method: req.method ?? '', path: u.pathname, query: u.searchParams, headers: req.headers, body, params: {} });
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `the stand-in serves no ${req.method} ${u.pathname}` } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
