import { VendorRouter, type SandboxRequest, type SandboxResponse } from '../core/router.js';
import type { Vendor, VendorFactory } from '../core/vendor.js';
import { authenticate, handleTokenRequest, signingKey, type TokenClaims } from './auth.js';
import {
  generateBillingReports,
  generateSubscriptions,
  listBillingReports,
  listCosts,
  listSubscriptions,
  type BillingReport,
  type Subscription,
} from './billing.js';
import { DinteroHttpError, badRequest, dinteroErrorResponse, notFound } from './errors.js';
import { checkFileLink, renderAttachment, signFileLink } from './files.js';
import { DINTERO_ACCOUNT_IDS, DinteroOptionsSchema } from './options.js';
import { PayoutRuleStore } from './payout-rules.js';
import { ReportConfigStore } from './report-configs.js';
import { generateSettlements, listSettlements, type GeneratedSettlement } from './settlements.js';

export { DINTERO_SANDBOX_CREDENTIALS } from './options.js';
export { dinteroSandboxFacts } from './facts.js';
export type { Settlement } from './settlements.js';
export type { PayoutRule } from './payout-rules.js';
export type { ReportConfig } from './report-configs.js';
export type { CostItem, BillingReport, Subscription } from './billing.js';

type AuthedHandler = (req: SandboxRequest, claims: TokenClaims) => SandboxResponse;

const ok = (body: unknown, headers?: Record<string, string>): SandboxResponse => ({ status: 200, headers, body });

/**
 * The Dintero Billing API sandbox, mounted at `/dintero`: `https://api.dintero.com/v1/...` is
 * `<origin>/dintero/v1/...` (docs/upstreams/dintero.md; docs/upstreams/dintero.md). Two accounts (see
 * `DINTERO_SANDBOX_CREDENTIALS`), settlements generated from the seed, and report configurations and payout rules
 * that live in memory for the life of the process. Besides the API it serves the signed file links of settlement
 * attachments at `/dintero/_files/:token`.
 */
export const createDinteroVendor: VendorFactory = (ctx): Vendor => {
  const options = DinteroOptionsSchema.parse(ctx.options ?? {});
  const tokenKey = signingKey(ctx.seed, 'token');
  const fileKey = signingKey(ctx.seed, 'files');
  const nowMs = () => ctx.clock.now().getTime();

  // Writes are stamped from a clock that never repeats: under a fixed sandbox `now` an update must still move
  // `updated_at` forward (by a millisecond) so clients can see that it happened.
  let lastWrite = 0;
  const writeStamp = () => {
    lastWrite = Math.max(nowMs(), lastWrite + 1);
    return new Date(lastWrite).toISOString();
  };

  // Per account and day: under a running clock a new day brings its payouts (and ages out the oldest).
  const settlementCache = new Map<string, { list: GeneratedSettlement[]; byId: Map<string, GeneratedSettlement> }>();
  const settlementsOf = (aid: string) => {
    const today = ctx.clock.today();
    const key = `${aid}|${today}`;
    let entry = settlementCache.get(key);
    if (!entry) {
      const list = generateSettlements(ctx.seed, aid, options.settlementCount, today);
      entry = { list, byId: new Map(list.map((g) => [g.item.id, g])) };
      for (const k of settlementCache.keys()) if (k.startsWith(`${aid}|`)) settlementCache.delete(k);
      settlementCache.set(key, entry);
    }
    return entry;
  };
  const billingCache = new Map<string, { reports: BillingReport[]; subscriptions: Subscription[] }>();
  // Per account and month: under a running clock a new month brings its billing report.
  const billingOf = (aid: string) => {
    const today = ctx.clock.today();
    const key = `${aid}|${today.slice(0, 7)}`;
    let entry = billingCache.get(key);
    if (!entry) {
      entry = { reports: generateBillingReports(ctx.seed, aid, today), subscriptions: generateSubscriptions(ctx.seed, aid) };
      for (const k of billingCache.keys()) if (k.startsWith(`${aid}|`)) billingCache.delete(k);
      billingCache.set(key, entry);
    }
    return entry;
  };
  const reportConfigs = new ReportConfigStore(ctx.seed, DINTERO_ACCOUNT_IDS);
  const payoutRules = new PayoutRuleStore(ctx.seed);

  const router = new VendorRouter('dintero');
  let apiRequests = 0;

  /** Every API route: the vendor-shaped rate limit first (as an edge limiter would), then its own errors as the envelope. */
  const api = (method: string, pattern: string, handler: (req: SandboxRequest) => SandboxResponse) => {
    const endpoint = `dintero ${method} ${pattern}`;
    router.on(method, pattern, (req) => {
      const limit = options.rateLimit;
      if (limit && (limit.endpoints.length === 0 || limit.endpoints.some((e) => endpoint.includes(e)))) {
        apiRequests += 1;
        if (apiRequests % limit.everyNthRequest === 0) {
          return dinteroErrorResponse(429, `Too many requests, retry after ${limit.retryAfterSeconds} seconds`, undefined, {
            'retry-after': String(limit.retryAfterSeconds),
          });
        }
      }
      try {
        return handler(req);
      } catch (err) {
        if (err instanceof DinteroHttpError) return err.toResponse();
        throw err;
      }
    });
  };
  const authed = (method: string, pattern: string, handler: AuthedHandler) =>
    api(method, pattern, (req) => handler(req, authenticate(tokenKey, req.headers, req.params.aid ?? '', nowMs())));

  api('POST', '/v1/accounts/:oid/auth/token', (req) =>
    ok(handleTokenRequest(tokenKey, req.params.oid ?? '', req.headers, req.body, nowMs(), options.tokenTtlSeconds)),
  );

  authed('GET', '/v1/accounts/:aid/settlements', (req, t) =>
    ok(
      listSettlements(
        settlementsOf(t.aid).list.map((g) => g.item),
        t.aid,
        req.url.searchParams,
      ),
    ),
  );

  authed('GET', '/v1/accounts/:aid/settlements/:settlementId/attachments/:attachmentId', (req, t) => {
    const g = settlementsOf(t.aid).byId.get(req.params.settlementId ?? '');
    if (!g) throw notFound(`Settlement ${req.params.settlementId} not found`);
    const attachment = g.item.attachments.find((a) => a.id === req.params.attachmentId);
    if (!attachment) throw notFound(`Attachment ${req.params.attachmentId} not found on settlement ${g.item.id}`);
    // The seed's form: the file itself, as a JSON string.
    if (options.attachmentDownload === 'file') return fileAsJsonString(renderAttachment(g, attachment));
    const e = Math.floor(nowMs() / 1000) + options.fileLinkTtlSeconds;
    const token = signFileLink(fileKey, { a: t.aid, s: g.item.id, t: attachment.id, e });
    return ok({ url: `${ctx.origin()}/dintero/_files/${token}` });
  });

  const configPath = '/v1/accounts/:aid/settlements/reports/configuration';
  authed('GET', configPath, (req, t) => ok(reportConfigs.list(t.aid, req.url.searchParams, options.pageCap)));
  // dintero quirk 10 (docs/upstreams/dintero.md): create, update and delete all answer 200 with the item (not 201/204).
  authed('POST', configPath, (req, t) => ok(reportConfigs.create(t.aid, jsonBody(req), writeStamp())));
  authed('GET', `${configPath}/:id`, (req, t) => ok(reportConfigs.get(t.aid, req.params.id ?? '')));
  authed('PUT', `${configPath}/:id`, (req, t) => ok(reportConfigs.update(t.aid, req.params.id ?? '', jsonBody(req), writeStamp())));
  authed('DELETE', `${configPath}/:id`, (req, t) => ok(reportConfigs.delete(t.aid, req.params.id ?? '')));

  const rulesPath = '/v1/accounts/:aid/billing/payout-rules';
  authed('GET', rulesPath, (req, t) => ok(payoutRules.list(t.aid, req.url.searchParams, options.pageCap)));
  authed('POST', rulesPath, (req, t) => {
    const key = req.headers['idempotency-key'];
    const { rule, replayed } = payoutRules.create(t.aid, jsonBody(req), t.sub, writeStamp(), Array.isArray(key) ? key[0] : key);
    return ok(rule, replayed ? { 'idempotent-replayed': 'true' } : undefined);
  });
  authed('PUT', `${rulesPath}/:id`, (req, t) => ok(payoutRules.update(t.aid, req.params.id ?? '', jsonBody(req), writeStamp())));
  authed('DELETE', `${rulesPath}/:id`, (req, t) => ok(payoutRules.delete(t.aid, req.params.id ?? '', t.sub, writeStamp())));

  authed('GET', '/v1/accounts/:aid/billing/costs', (req, t) =>
    ok(listCosts(ctx.seed, t.aid, req.url.searchParams, ctx.clock.today(), options.pageCap)),
  );
  authed('GET', '/v1/accounts/:aid/billing/reports', (req, t) =>
    ok(listBillingReports(billingOf(t.aid).reports, req.url.searchParams, options.pageCap)),
  );
  authed('GET', '/v1/accounts/:aid/billing/subscriptions', (req, t) =>
    ok(listSubscriptions(billingOf(t.aid).subscriptions, req.url.searchParams, options.pageCap)),
  );

  // The signed storage link: registered here so the core counts downloads, but outside `api` (not Dintero's API).
  router.get('/_files/:token', (req) => {
    const check = checkFileLink(fileKey, req.params.token ?? '', req.headers.authorization !== undefined, nowMs());
    if (!check.ok) return check.response;
    const g = settlementsOf(check.payload.a).byId.get(check.payload.s);
    const attachment = g?.item.attachments.find((a) => a.id === check.payload.t);
    if (!g || !attachment)
      return { status: 404, headers: { 'content-type': 'application/xml' }, body: '<Error><Code>NoSuchKey</Code></Error>' };
    return renderAttachment(g, attachment);
  });

  return { name: 'dintero', router, errorResponse: (status, message) => dinteroErrorResponse(status, message) };
};

function fileAsJsonString(file: SandboxResponse): SandboxResponse {
  const bytes = Buffer.isBuffer(file.body) ? file.body : Buffer.from(String(file.body));
  // The sandbox's files are ASCII (the PDF's text is reduced to it), so their text as a JSON string carries them byte for byte.
  return { status: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(bytes.toString('utf8'))) };
}

function jsonBody(req: SandboxRequest): unknown {
  try {
    return JSON.parse(req.body.toString('utf8'));
  } catch {
    throw badRequest('Request body must be JSON');
  }
}
