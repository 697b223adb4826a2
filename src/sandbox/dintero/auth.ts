import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { z } from 'zod';
import { DinteroHttpError, badRequest, validationError } from './errors.js';
import { DINTERO_SANDBOX_CREDENTIALS } from './options.js';

/** A key per seed: tokens and file links from one sandbox world verify in any process with the same seed. */
export function signingKey(seed: number, purpose: string): Buffer {
  return createHash('sha256').update(`tally-sandbox|dintero|${purpose}|${seed}`).digest();
}

export function hmac(key: Buffer, data: string): string {
  return createHmac('sha256', key).update(data).digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const b64json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export interface TokenClaims {
  iss: string;
  sub: string;
  aud: string;
  /** The account the token is bound to. */
  aid: string;
  iat: number;
  exp: number;
  scope: string;
}

/** The billing/settlement scopes of docs/upstreams/dintero.md ("Scopes"); the sandbox checks none beyond the account. */
const SCOPES = 'admin:billing read:billing write:billing admin:reports read:reports admin:settlements read:settlements write:settlements';

/** An HS256 JWT, so a client that decodes its token (some do, for `exp`) sees the real shape. */
export function issueToken(key: Buffer, claims: TokenClaims): string {
  const head = `${b64json({ alg: 'HS256', typ: 'JWT' })}.${b64json(claims)}`;
  return `${head}.${hmac(key, head)}`;
}

function verifyToken(key: Buffer, token: string): TokenClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [h, p, sig] = parts as [string, string, string];
  if (!safeEqual(hmac(key, `${h}.${p}`), sig)) return null;
  try {
    return JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as TokenClaims;
  } catch {
    return null;
  }
}

const TokenBody = z.object({
  grant_type: z.string({ error: 'grant_type is required' }),
  audience: z.string({ error: 'audience is required' }),
});

/**
 * `POST /v1/accounts/{oid}/auth/token` (swagger2 `/accounts/{oid}/auth/token`, docs/upstreams/dintero.md "Base URL
 * and auth"): HTTP Basic client credentials plus `{grant_type: client_credentials, audience}`. Status choices:
 * missing/unknown credentials 401 (swagger2 `responses/AccessForbidden`), malformed body or another grant 400
 * (`BadRequest`), an audience naming an account these credentials do not belong to 403.
 */
export function handleTokenRequest(
  key: Buffer,
  oid: string,
  headers: IncomingHttpHeaders,
  rawBody: Buffer,
  nowMs: number,
  ttlSeconds: number,
): { access_token: string; token_type: 'Bearer'; expires_in: number } {
  const basic = parseBasic(headers.authorization);
  if (!basic) throw new DinteroHttpError(401, 'Client credentials required (HTTP Basic client_id:client_secret)');

  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw badRequest('Request body must be JSON');
  }
  const body = TokenBody.safeParse(json);
  if (!body.success) throw validationError('token request', body.error);
  if (body.data.grant_type !== 'client_credentials') {
    throw badRequest(`Unsupported grant_type "${body.data.grant_type}" for API clients`, [
      { path: 'grant_type', message: 'must be client_credentials' },
    ]);
  }

  const client = Object.values(DINTERO_SANDBOX_CREDENTIALS).find(
    (c) => c.accountId === oid && c.clientId === basic.user && safeEqual(c.clientSecret, basic.password),
  );
  if (!client) throw new DinteroHttpError(401, 'Invalid client credentials');

  // The official SDK parses the account id out of the audience URL; accept any origin so a sandbox-origin audience
  // (`http://127.0.0.1:PORT/dintero/v1/accounts/T...`) works as well as the production one.
  const audienceAccount = /\/accounts\/([^/?#]+)\/?$/.exec(body.data.audience)?.[1];
  if (!audienceAccount) {
    throw badRequest('audience must be the account URL, e.g. https://api.dintero.com/v1/accounts/T12345678', [
      { path: 'audience', message: 'must end with /accounts/<account id>' },
    ]);
  }
  if (audienceAccount !== client.accountId) {
    throw new DinteroHttpError(403, `Client has no access to account ${audienceAccount}`);
  }

  const iat = Math.floor(nowMs / 1000);
  const access_token = issueToken(key, {
    iss: `https://api.dintero.com/v1/accounts/${client.accountId}/auth`,
    sub: client.clientId,
    aud: body.data.audience,
    aid: client.accountId,
    iat,
    exp: iat + ttlSeconds,
    scope: SCOPES,
  });
  return { access_token, token_type: 'Bearer', expires_in: ttlSeconds };
}

/**
 * The bearer check of every account route: 401 without a valid, unexpired token, 403 when the token belongs to
 * another account (dintero quirk 8 (docs/upstreams/dintero.md): both mean "credentials/scope" to a client; the distinction is for tests).
 */
export function authenticate(key: Buffer, headers: IncomingHttpHeaders, aid: string, nowMs: number): TokenClaims {
  const match = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
  if (!match?.[1]) throw new DinteroHttpError(401, 'Missing bearer token');
  const claims = verifyToken(key, match[1]);
  if (!claims) throw new DinteroHttpError(401, 'Invalid access token');
  if (claims.exp * 1000 <= nowMs) throw new DinteroHttpError(401, 'Access token expired');
  if (claims.aid !== aid) throw new DinteroHttpError(403, `Token does not give access to account ${aid}`);
  return claims;
}

function parseBasic(header: string | undefined): { user: string; password: string } | null {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
