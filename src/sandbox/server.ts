import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SandboxClock, type SandboxClockMode } from './core/clock.js';
import { Faults, type FaultInput } from './core/faults.js';
import { Rng } from './core/rng.js';
import type { SandboxRequest, SandboxResponse } from './core/router.js';
import { RequestStats } from './core/stats.js';
import type { Vendor } from './core/vendor.js';
import { vendorFactories } from './vendors.js';

export interface SandboxOptions {
  /** The world's seed; the same seed gives the same merchants, ledgers and entries. */
  seed?: number;
  /** Where the clock starts (`SANDBOX_NOW`); the wall clock when not given. */
  now?: Date | string;
  /**
   * `fixed` (the default with `now`): the clock stands at `now`. `run` (the default without it):
   * the clock runs from `now` at `clockSpeed` (`SANDBOX_CLOCK`).
   */
  clock?: SandboxClockMode;
  /** Sandbox time per real time while the clock runs: 60 is a sandbox minute per second (`SANDBOX_CLOCK_SPEED`, default 1). */
  clockSpeed?: number;
  /** Real time in ms since the epoch, which a running clock and token lifetimes measure (`Date.now`; tests inject their own). */
  timeSource?: () => number;
  host?: string;
  /** 0 = an ephemeral port. */
  port?: number;
  /** Per-vendor options (`{ vipps: { pageSize: 50 } }`), validated by each vendor. */
  vendors?: Record<string, unknown>;
  /** Faults active from the start, per vendor. */
  faults?: Record<string, FaultInput>;
}

export interface RunningSandbox {
  /** e.g. `http://127.0.0.1:4010`; each vendor lives under `/<vendor>`. */
  origin: string;
  /** The sandbox's clock: the embedded gateway's clock follows it. */
  clock: SandboxClock;
  stats: RequestStats;
  faults: Faults;
  close: () => Promise<void>;
}

/**
 * The sandbox: simulated upstreams served over real HTTP. Besides the vendors' own routes it serves
 * `GET /_stats` (requests per endpoint), `POST /_stats/reset`, `GET /_clock` (its instant, mode
 * and speed), and `GET|POST|DELETE /_faults`
 * (`POST {"vipps": {"serverErrorRate": 1}}` to make every Vipps call fail).
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const seed = options.seed ?? 20_260_101;
  const clock = new SandboxClock({
    start: options.now === undefined ? undefined : new Date(options.now),
    mode: options.clock,
    speed: options.clockSpeed,
    timeSource: options.timeSource,
  });
  const stats = new RequestStats();
  const faults = new Faults();
  const faultRng = Rng.forKey(seed, 'faults');
  let origin = '';

  const vendors = new Map<string, Vendor>();
  for (const [name, factory] of Object.entries(vendorFactories)) {
    vendors.set(name, factory({ seed, clock, options: options.vendors?.[name], origin: () => origin }));
  }
  for (const [vendor, cfg] of Object.entries(options.faults ?? {})) faults.set(vendor, cfg);

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        send(res, { status: 500, body: { error: 'sandbox failure', detail: String(err) } });
      } else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const body = await readBody(req);
    const segments = url.pathname.split('/');
    const mount = segments[1] ?? '';

    if (mount === '_stats') {
      if (url.pathname === '/_stats' && req.method === 'GET') return send(res, { status: 200, body: stats.snapshot() });
      if (url.pathname === '/_stats/reset' && req.method === 'POST') {
        stats.reset();
        return send(res, { status: 200, body: stats.snapshot() });
      }
      return send(res, { status: 404, body: { error: 'not found' } });
    }
    if (mount === '_clock' && url.pathname === '/_clock' && req.method === 'GET') {
      // A gateway on a shared sandbox (TALLY_SANDBOX_URL) reads it to stand on the same instant.
      return send(res, { status: 200, body: clock.describe() });
    }
    if (mount === '_faults') {
      if (req.method === 'GET') return send(res, { status: 200, body: faults.all() });
      if (req.method === 'DELETE') {
        faults.clear();
        return send(res, { status: 200, body: faults.all() });
      }
      if (req.method === 'POST') {
        try {
          const parsed = JSON.parse(body.toString('utf8') || '{}') as Record<string, FaultInput | null>;
          for (const [vendor, cfg] of Object.entries(parsed)) {
            if (cfg === null) faults.clear(vendor);
            else faults.set(vendor, cfg);
          }
          return send(res, { status: 200, body: faults.all() });
        } catch (err) {
          return send(res, { status: 400, body: { error: 'bad fault config', detail: String(err) } });
        }
      }
    }
    if (url.pathname === '/' || url.pathname === '') {
      return send(res, {
        status: 200,
        body: {
          sandbox: 'Tally upstream sandbox',
          vendors: [...vendors.values()].map((v) => ({ name: v.name, base: `${origin}/${v.name}` })),
          stats: `${origin}/_stats`,
          clock: `${origin}/_clock`,
        },
      });
    }

    const vendor = vendors.get(mount);
    if (!vendor) return send(res, { status: 404, body: { error: `no such sandbox vendor: ${mount}` } });
    const path = `/${segments.slice(2).join('/')}`;
    const method = req.method ?? 'GET';
    const found = vendor.router.match(method, path);
    if (found === null) return send(res, vendor.errorResponse(404, `No route ${method} ${path}`));
    if (found === 'method') return send(res, vendor.errorResponse(405, `Method ${method} not allowed on ${path}`));

    const endpoint = found.route.endpoint;
    stats.count(endpoint);
    const latency = faults.latency(vendor.name, endpoint);
    if (latency > 0) await new Promise((r) => setTimeout(r, latency));
    const decision = faults.decide(vendor.name, endpoint, faultRng, (status) => vendor.errorResponse(status));
    if (decision.kind === 'stall') {
      // Hold the socket open without answering; the client's timeout is what is under test.
      res.on('close', () => undefined);
      return;
    }
    if (decision.kind === 'respond') return send(res, decision.response);

    const request: SandboxRequest = {
      method,
      url,
      path,
      headers: req.headers,
      body,
      params: found.params,
    };
    const response = await found.route.handler(request);
    if (decision.kind === 'lose-reply') {
      // The handler ran (a write is applied); the answer never leaves: the connection is reset.
      res.socket?.resetAndDestroy?.();
      res.destroy();
      return;
    }
    send(res, response);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${host}:${address.port}`;

  return {
    origin,
    clock,
    stats,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, r: SandboxResponse): void {
  const headers: Record<string, string> = { ...(r.headers ?? {}) };
  let payload: Buffer | string | undefined;
  if (r.body === undefined) payload = undefined;
  else if (Buffer.isBuffer(r.body) || typeof r.body === 'string') payload = r.body;
  else {
    payload = JSON.stringify(r.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
  }
  res.writeHead(r.status, headers);
  res.end(payload);
}
