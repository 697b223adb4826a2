import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxRequest, SandboxResponse, VendorRouter } from '../core/router.js';
import { problem, unauthorized } from './errors.js';
import type { VippsOptions } from './options.js';
import { VIPPS_SANDBOX_CREDENTIALS } from './ledgers.js';

export type Principal = { kind: 'merchant'; msn: string } | { kind: 'accounting' };

const base64urlJson = (value: object) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/**
 * A token shaped as the real ones: a JWT (seed 000 (docs/upstreams/vipps-report.md): "It is a JWT"; the
 * example starts `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1Ni`), three base64url parts with `exp`, `iat`
 * and `nbf` in seconds in the payload. The signature is random bytes of an RS256 signature's
 * length: the sandbox recognises its tokens by lookup, and a client must not verify them.
 */
function jwtShaped(principal: Principal, issuedAt: number, expiresAt: number): string {
  const header = base64urlJson({ typ: 'JWT', alg: 'RS256', kid: 'tally-sandbox' });
  const payload = base64urlJson({
    iss: 'https://tally-sandbox.invalid/vipps',
    aud: '00000002-0000-0000-c000-000000000000',
    sub: principal.kind === 'merchant' ? `msn:${principal.msn}` : 'accounting',
    iat: Math.floor(issuedAt / 1000),
    nbf: Math.floor(issuedAt / 1000),
    exp: Math.floor(expiresAt / 1000),
    jti: randomBytes(16).toString('hex'),
  });
  return `${header}.${payload}.${randomBytes(256).toString('base64url')}`;
}

/**
 * Issued tokens live in memory with their principal. Lifetimes run on real time (the clock's
 * `realNow`), not the sandbox's time: a test with a fixed `now` and a one-second TTL must still see
 * its token expire, and a sandbox clock running at 60 times real speed must not expire a 15-minute
 * token in 15 seconds. Tests move real time with an injected time source instead of sleeping.
 */
export class TokenStore {
  private tokens = new Map<string, { principal: Principal; expiresAt: number }>();

  constructor(private readonly realNow: () => number = Date.now) {}

  issue(principal: Principal, ttlSeconds: number): { token: string; issuedAt: number; expiresAt: number } {
    const issuedAt = this.realNow();
    if (this.tokens.size > 10_000) this.purge(issuedAt);
    const expiresAt = issuedAt + ttlSeconds * 1000;
    const token = jwtShaped(principal, issuedAt, expiresAt);
    this.tokens.set(token, { principal, expiresAt });
    return { token, issuedAt, expiresAt };
  }

  lookup(token: string): Principal | null {
    const hit = this.tokens.get(token);
    if (!hit) return null;
    if (hit.expiresAt <= this.realNow()) {
      this.tokens.delete(token);
      return null;
    }
    return hit.principal;
  }

  private purge(now: number): void {
    for (const [token, { expiresAt }] of this.tokens) if (expiresAt <= now) this.tokens.delete(token);
  }
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * `POST /accesstoken/get` failures: the eCom 2023 spec's Azure API Management error
 * (vipps-access-token-api.extracted-from-ecom-2023-02.yaml, ErrorFromAzure); the reconstructed
 * current spec only lists the statuses.
 */
function azureError(status: number, message: string): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: { responseInfo: { responseCode: status, responseMessage: status === 401 ? 'Unauthorized' : 'Bad Request' }, result: { message } },
  };
}

/** OAuth 2.0 error (RFC 6749 section 5.2): what `/miami/v1/token` answers (docs/upstreams/vipps-report.md, access tokens). */
function oauthError(status: number, error: string, description: string): SandboxResponse {
  return {
    status,
    headers: {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      ...(status === 401 ? { 'www-authenticate': 'Basic realm="miami"' } : {}),
    },
    body: { error, error_description: description },
  };
}

export function registerTokenRoutes(router: VendorRouter, tokens: TokenStore, options: VippsOptions): void {
  const merchant = VIPPS_SANDBOX_CREDENTIALS.merchant;
  const accounting = VIPPS_SANDBOX_CREDENTIALS.accounting;

  // Standard flow for sales unit keys: keys in headers, empty body (vipps-access-token-api.reconstructed.yaml).
  router.post('/accesstoken/get', (req) => {
    const clientId = header(req.headers, 'client_id');
    const clientSecret = header(req.headers, 'client_secret');
    const subscriptionKey = header(req.headers, 'ocp-apim-subscription-key');
    const msn = header(req.headers, 'merchant-serial-number');
    if (!subscriptionKey) {
      return azureError(
        401,
        'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.',
      );
    }
    if (!clientId || !clientSecret) return azureError(400, 'client_id and client_secret headers are required');
    if (clientId !== merchant.clientId || clientSecret !== merchant.clientSecret || subscriptionKey !== merchant.subscriptionKey) {
      return azureError(401, 'Invalid client_id, client_secret or subscription key');
    }
    if (msn !== undefined && msn !== merchant.merchantSerialNumber) {
      return azureError(401, 'Merchant-Serial-Number does not belong to these keys');
    }
    const ttl = options.merchantTokenTtlSeconds;
    const t = tokens.issue({ kind: 'merchant', msn: merchant.merchantSerialNumber }, ttl);
    // Every number is a string in the current spec (AuthorizationTokenResponse): clients must parse them.
    return {
      status: 200,
      headers: { 'content-type': 'application/json;charset=UTF-8' },
      body: {
        token_type: 'Bearer',
        expires_in: String(ttl),
        ext_expires_in: String(ttl),
        expires_on: String(Math.floor(t.expiresAt / 1000)),
        not_before: String(Math.floor(t.issuedAt / 1000)),
        resource: '00000002-0000-0000-c000-000000000000',
        access_token: t.token,
      },
    };
  });

  // Specialized flow for accounting keys: OAuth client credentials with Basic auth (docs/upstreams/vipps-report.md, access tokens).
  router.post('/miami/v1/token', (req: SandboxRequest) => {
    if (header(req.headers, 'ocp-apim-subscription-key') !== undefined) {
      return oauthError(401, 'invalid_client', 'Ocp-Apim-Subscription-Key must not be sent to /miami/v1/token');
    }
    const auth = header(req.headers, 'authorization') ?? '';
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(auth);
    const decoded = m ? Buffer.from(m[1] ?? '', 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const form = new URLSearchParams(req.body.toString('utf8'));
    const grantType = form.get('grant_type');
    if (!grantType) return oauthError(401, 'invalid_client', 'grant_type is required');
    if (grantType !== 'client_credentials') {
      return oauthError(400, 'unsupported_grant_type', 'Only grant_type=client_credentials is supported');
    }
    if (colon < 0 || decoded.slice(0, colon) !== accounting.clientId || decoded.slice(colon + 1) !== accounting.clientSecret) {
      return oauthError(401, 'invalid_client', 'Client authentication failed');
    }
    const ttl = options.accountingTokenTtlSeconds;
    const t = tokens.issue({ kind: 'accounting' }, ttl);
    return {
      status: 200,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      body: { access_token: t.token, token_type: 'Bearer', expires_in: ttl },
    };
  });
}

/**
 * Bearer authentication on the Report and Sales APIs. Merchant tokens come with the sales unit's
 * subscription key; accounting tokens without one (vipps-report-api.reconstructed-current.yaml,
 * securitySchemes.bearerAuth). `Bearer` must be spelled out: omitting it is the classic 401.
 */
export function authenticate(req: SandboxRequest, tokens: TokenStore): Principal | SandboxResponse {
  const auth = header(req.headers, 'authorization') ?? '';
  const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
  if (!m) return unauthorized();
  const principal = tokens.lookup(m[1] ?? '');
  if (!principal) return unauthorized();
  const subscriptionKey = header(req.headers, 'ocp-apim-subscription-key');
  if (principal.kind === 'merchant') {
    if (subscriptionKey === undefined) {
      return unauthorized(
        'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.',
      );
    }
    if (subscriptionKey !== VIPPS_SANDBOX_CREDENTIALS.merchant.subscriptionKey) return unauthorized();
  } else if (subscriptionKey !== undefined) {
    return unauthorized('Accounting keys do not use Ocp-Apim-Subscription-Key');
  }
  return principal;
}

export function forbiddenForMerchants(instance: string): SandboxResponse {
  return problem(403, 'The Sales API is for accounting partners: use accounting keys and POST /miami/v1/token', instance);
}
