import type { IncomingHttpHeaders } from 'node:http';

/** A request as the sandbox's vendor handlers see it: already read, never streamed. */
export interface SandboxRequest {
  method: string;
  url: URL;
  /** Path below the vendor's mount point, e.g. `/settlement/v1/ledgers` under `/vipps`. */
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Route parameters (`:ledgerId` -> `params.ledgerId`), URL-decoded. */
  params: Record<string, string>;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON (content type from `headers` or `application/json`); a Buffer or string verbatim. */
  body?: unknown;
}

export type Handler = (req: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

interface Route {
  method: string;
  /** Counter key, e.g. `vipps GET /report/v2/ledgers/:ledgerId/:topic/dates/:ledgerDate`. */
  endpoint: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

/**
 * A vendor's routes under one mount point (`/vipps`, `/dintero`, `/easypay`). Patterns use `:name`
 * segments; the counter key of a route is the vendor, the method and the pattern, so tests can count
 * calls per upstream endpoint exactly as the upstream would bill or throttle them.
 */
export class VendorRouter {
  readonly routes: Route[] = [];
  constructor(readonly vendor: string) {}

  on(method: string, pattern: string, handler: Handler): this {
    const names: string[] = [];
    const source = pattern
      .split('/')
      .map((segment) => {
        if (segment.startsWith(':')) {
          names.push(segment.slice(1));
          return '([^/]+)';
        }
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.routes.push({
      method,
      endpoint: `${this.vendor} ${method} ${pattern}`,
      pattern: new RegExp(`^${source}/?$`),
      names,
      handler,
    });
    return this;
  }

  get(pattern: string, handler: Handler): this {
    return this.on('GET', pattern, handler);
  }
  post(pattern: string, handler: Handler): this {
    return this.on('POST', pattern, handler);
  }
  put(pattern: string, handler: Handler): this {
    return this.on('PUT', pattern, handler);
  }
  delete(pattern: string, handler: Handler): this {
    return this.on('DELETE', pattern, handler);
  }

  /** The route for a path, or `'method'` when the path exists under another method. */
  match(method: string, path: string): { route: Route; params: Record<string, string> } | 'method' | null {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { route, params };
    }
    return pathMatched ? 'method' : null;
  }
}
