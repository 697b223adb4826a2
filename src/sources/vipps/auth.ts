import { z } from 'zod';
import type { VippsUpstream } from '../../config.js';
import { TallyError } from '../../domain/errors.js';
import { TokenCache } from '../http/token-cache.js';
import { credentialFingerprint, type UpstreamClient } from '../http/upstream-client.js';
import type { CallContext } from '../model.js';

// docs/upstreams/vipps-report.md, access tokens and vipps-report quirk 2 (docs/upstreams/vipps-report.md): `expires_in` is a string on /accesstoken/get and a
// number on /miami/v1/token in practice; accept both.
const seconds = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);
const TokenResponse = z.object({ access_token: z.string().min(1), expires_in: seconds });

/**
 * Vipps MobilePay access tokens for one credential set: merchant keys through
 * `POST /accesstoken/get` (keys in headers, empty body), accounting keys through
 * `POST /miami/v1/token` (Basic auth, client-credentials form). One token is cached and refreshed
 * before it expires, one refresh at a time (TokenCache).
 */
export class VippsAuth {
  readonly fingerprint: string;
  private readonly tokens: TokenCache;

  constructor(
    private readonly http: UpstreamClient,
    private readonly credentials: VippsUpstream,
    now?: () => number,
  ) {
    this.fingerprint = credentialFingerprint(
      'vipps',
      credentials.baseUrl,
      credentials.keyType,
      credentials.clientId,
      credentials.clientSecret,
    );
    this.tokens = new TokenCache('vipps-token', () => this.issue(), now);
  }

  get keyType(): VippsUpstream['keyType'] {
    return this.credentials.keyType;
  }

  /** Headers for a Report or Sales API call. */
  async headers(): Promise<{ headers: Record<string, string>; token: string }> {
    const token = await this.tokens.get();
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (this.credentials.keyType === 'merchant') {
      headers['ocp-apim-subscription-key'] = this.credentials.subscriptionKey ?? '';
      if (this.credentials.merchantSerialNumber) headers['merchant-serial-number'] = this.credentials.merchantSerialNumber;
    }
    return { headers, token };
  }

  invalidate(token: string): void {
    this.tokens.invalidate(token);
  }

  /**
   * Runs a call with a token; if the upstream answers 401 (the token expired early or was revoked),
   * fetches a new token once and repeats the call.
   */
  async withToken<T>(call: (headers: Record<string, string>) => Promise<T>): Promise<T> {
    const first = await this.headers();
    try {
      return await call(first.headers);
    } catch (err) {
      if (!(err instanceof TallyError && err.code === 'UPSTREAM_AUTH_FAILED' && err.details?.status === 401)) throw err;
      this.invalidate(first.token);
      const second = await this.headers();
      return call(second.headers);
    }
  }

  private async issue(ctx: CallContext = {}): Promise<{ accessToken: string; expiresInSeconds: number }> {
    const c = this.credentials;
    const res =
      c.keyType === 'merchant'
        ? await this.http.request({
            method: 'POST',
            path: '/accesstoken/get',
            endpoint: 'POST /accesstoken/get',
            headers: {
              client_id: c.clientId,
              client_secret: c.clientSecret,
              'ocp-apim-subscription-key': c.subscriptionKey ?? '',
              ...(c.merchantSerialNumber ? { 'merchant-serial-number': c.merchantSerialNumber } : {}),
            },
            schema: TokenResponse,
            retry: true,
            meter: ctx.meter,
          })
        : await this.http.request({
            method: 'POST',
            path: '/miami/v1/token',
            endpoint: 'POST /miami/v1/token',
            headers: { authorization: `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}` },
            body: new URLSearchParams({ grant_type: 'client_credentials' }),
            schema: TokenResponse,
            retry: true,
            meter: ctx.meter,
          });
    return { accessToken: res.data.access_token, expiresInSeconds: res.data.expires_in };
  }
}

/** Problem+json, the 2023 `{errorCode, errorMessage}` and the 401 `{code, message}` bodies (docs/upstreams/vipps-report.md, Errors). */
export function describeVippsError(_status: number, body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return typeof body === 'string' && body.length < 200 ? body : undefined;
  const b = body as Record<string, unknown>;
  const parts = [b.title, b.detail, b.errorMessage, b.message, b.error_description, b.error].filter(
    (p): p is string => typeof p === 'string' && p.length > 0,
  );
  return parts.length > 0 ? [...new Set(parts)].join(' - ').slice(0, 300) : undefined;
}
