import { TallyError, type SourceName } from '../../domain/errors.js';

export interface IssuedToken {
  accessToken: string;
  expiresInSeconds: number;
}

/**
 * One upstream access token for one credential set: fetched on first use, reused until shortly
 * before it expires, refreshed by a single request however many resolvers ask at once, and
 * dropped when the upstream rejects it (so the next call gets a fresh one).
 */
export class TokenCache {
  private token: { value: string; refreshAt: number; expiresAt: number } | null = null;
  private inFlight: Promise<string> | null = null;

  constructor(
    private readonly source: SourceName,
    private readonly issue: () => Promise<IssuedToken>,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<string> {
    const t = this.token;
    const now = this.now();
    if (t && now < t.refreshAt) return t.value;
    // Past the refresh point but still valid: keep serving it while one refresh runs.
    if (t && now < t.expiresAt && this.inFlight) return t.value;
    return this.refresh();
  }

  /** Forget `value` if it is the cached token (the upstream said 401 to it). */
  invalidate(value: string): void {
    if (this.token?.value === value) this.token = null;
  }

  private refresh(): Promise<string> {
    this.inFlight ??= this.issue()
      .then((issued) => {
        if (!issued.accessToken) throw new TallyError('UPSTREAM_AUTH_FAILED', 'Token endpoint returned no token', { source: this.source });
        const lifeMs = Math.max(1, issued.expiresInSeconds) * 1000;
        const issuedAt = this.now();
        // Refresh a minute before expiry (a fifth of the lifetime for short-lived tokens), so a token
        // is never sent in the window where clock skew or latency makes the upstream reject it.
        const margin = Math.min(60_000, lifeMs * 0.2);
        this.token = { value: issued.accessToken, expiresAt: issuedAt + lifeMs, refreshAt: issuedAt + lifeMs - margin };
        return issued.accessToken;
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }
}
