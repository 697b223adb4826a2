import { z } from 'zod';
import type { DinteroAccountCredentials } from '../../config.js';
import { TallyError } from '../../domain/errors.js';
import { TokenCache } from '../http/token-cache.js';
import { credentialFingerprint, path, type UpstreamClient } from '../http/upstream-client.js';

const TokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().int().positive(),
});

/**
 * Access tokens for one Dintero account: `POST /accounts/{aid}/auth/token` with HTTP Basic client
 * credentials and `{grant_type: client_credentials, audience: <base>/accounts/{aid}}` (docs/upstreams/
 * section 4 "Base URL and auth"; the official SDK calls the token endpoint on the API host, dintero quirk 9 (docs/upstreams/dintero.md)).
 * One token per account, cached and refreshed before expiry, one refresh at a time.
 */
export class DinteroAuth {
  readonly fingerprint: string;
  private readonly tokens: TokenCache;

  constructor(
    private readonly http: UpstreamClient,
    private readonly baseUrl: string,
    private readonly credentials: DinteroAccountCredentials,
    now?: () => number,
  ) {
    this.fingerprint = credentialFingerprint('dintero', baseUrl, credentials.accountId, credentials.clientId, credentials.clientSecret);
    this.tokens = new TokenCache('dintero', () => this.issue(), now);
  }

  /**
   * Runs a call with a bearer token; on a 401 (token revoked or expired early) fetches a new token
   * once and repeats the call. A 401 means the upstream refused the request before acting on it,
   * so repeating a write here cannot apply it twice.
   */
  async withToken<T>(call: (headers: Record<string, string>) => Promise<T>): Promise<T> {
    const first = await this.tokens.get();
    try {
      return await call({ authorization: `Bearer ${first}` });
    } catch (err) {
      if (!(err instanceof TallyError && err.code === 'UPSTREAM_AUTH_FAILED' && err.details?.status === 401)) throw err;
      this.tokens.invalidate(first);
      const second = await this.tokens.get();
      return call({ authorization: `Bearer ${second}` });
    }
  }

  private async issue(): Promise<{ accessToken: string; expiresInSeconds: number }> {
    const c = this.credentials;
    const res = await this.http.request({
      method: 'POST',
      path: path`/accounts/${c.accountId}/auth/token`,
      endpoint: 'POST /v1/accounts/{oid}/auth/token',
      headers: { authorization: `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}` },
      body: { grant_type: 'client_credentials', audience: `${this.baseUrl}/accounts/${c.accountId}` },
      schema: TokenResponse,
      // Issuing a token changes nothing upstream: safe to retry like a read.
      retry: true,
    });
    return { accessToken: res.data.access_token, expiresInSeconds: res.data.expires_in };
  }
}

/** Dintero's `{"error": {"message", "code"?, "errors"?: [{path?, message}]}}` (dintero quirk 8 (docs/upstreams/dintero.md): surface `error.message`). */
export function describeDinteroError(_status: number, body: unknown): string | undefined {
  if (typeof body === 'string') return body.length > 0 && body.length < 200 && !body.trimStart().startsWith('<') ? body : undefined;
  const error = (body as { error?: unknown } | null)?.error;
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { message?: unknown; errors?: unknown };
  const message = typeof e.message === 'string' ? e.message : undefined;
  const details = Array.isArray(e.errors)
    ? e.errors
        .map((d: { path?: unknown; message?: unknown }) =>
          typeof d?.message === 'string' ? (typeof d.path === 'string' && d.path ? `${d.path}: ${d.message}` : d.message) : null,
        )
        .filter((d): d is string => d !== null)
    : [];
  const text = [message, details.length > 0 ? `(${details.join('; ')})` : undefined].filter(Boolean).join(' ');
  return text ? text.slice(0, 500) : undefined;
}
