import { z } from 'zod';

/**
 * Well-known sandbox credentials, one API client per account. Account ids follow `^[PT]{1}\d{8}$`
 * (docs/upstreams/dintero.md: T = test, P = production, same host); the two accounts have different clients so a
 * test can prove a token is bound to the account it was issued for.
 */
export const DINTERO_SANDBOX_CREDENTIALS = {
  test: {
    accountId: 'T12345678',
    clientId: 'tally-sandbox-dintero-test',
    clientSecret: 'sandbox-secret-T12345678-not-for-production',
  },
  production: {
    accountId: 'P87654321',
    clientId: 'tally-sandbox-dintero-prod',
    clientSecret: 'sandbox-secret-P87654321-not-for-production',
  },
} as const;

export type DinteroAccountKind = keyof typeof DINTERO_SANDBOX_CREDENTIALS;

export const DINTERO_ACCOUNT_IDS: readonly string[] = Object.values(DINTERO_SANDBOX_CREDENTIALS).map((c) => c.accountId);

export const DinteroOptionsSchema = z
  .object({
    /** `expires_in` of issued tokens; the docs' example is 86400 (swagger2 `definitions/AccessToken`). */
    tokenTtlSeconds: z.number().int().min(0).max(31_536_000).default(86_400),
    /** Settlements generated per account. */
    settlementCount: z.number().int().min(0).max(20_000).default(120),
    /** Lifetime of the signed file links handed out by the attachment endpoint (dintero quirk 6 (docs/upstreams/dintero.md)). */
    fileLinkTtlSeconds: z.number().int().min(0).max(604_800).default(300),
    /**
     * The most items one page of a `starting_after` list holds, whatever `limit` asks: a server-side cap, under which
     * a page shorter than `limit` still names where to continue (`starting_after`). Off when absent.
     */
    pageCap: z.number().int().min(1).max(1000).optional(),
    /**
     * How the attachment endpoint answers: `link` is the `{"url"}` envelope a real client reports (the file is then
     * fetched from that signed link); `file` is the form the user's seed documents, the file itself in the body as a
     * JSON string (`application/json`, e.g. `"string"`).
     */
    attachmentDownload: z.enum(['link', 'file']).default('link'),
    /**
     * A deterministic Dintero-shaped 429: every `everyNthRequest`-th API request (counted over the routes that
     * `endpoints` selects by substring of the counter key, all `/v1` routes when empty) answers 429 with
     * `Retry-After` and the error envelope (swagger2 `responses/TooManyRequests`). File downloads are storage, not
     * the API, and are never throttled here.
     */
    rateLimit: z
      .object({
        everyNthRequest: z.number().int().min(1),
        retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
        endpoints: z.array(z.string()).default([]),
      })
      .strict()
      .optional(),
  })
  .strict();
