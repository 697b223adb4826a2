import { VendorRouter } from '../core/router.js';
import type { VendorFactory } from '../core/vendor.js';
import { vippsErrorResponse } from './errors.js';
import { VippsWorld } from './world.js';
import { parseVippsOptions } from './options.js';
import { registerReportRoutes } from './report-routes.js';
import { registerSalesRoutes } from './sales-routes.js';
import { registerTokenRoutes, TokenStore } from './tokens.js';

export { VIPPS_SANDBOX_CREDENTIALS, vippsSandboxDateCutoffs } from './ledgers.js';
export { vippsSandboxFacts, type VippsSandboxFacts, type VippsLedgerFact } from './facts.js';

/**
 * Vipps MobilePay as the sandbox serves it under `/vipps`: the Access Token API, the Report API
 * and the Sales API over one generated world (docs/upstreams/vipps-report.md and vipps-sales.md). The real API has no
 * test environment for Report and Sales; this is that missing one.
 */
export const createVippsVendor: VendorFactory = (ctx) => {
  const options = parseVippsOptions(ctx.options);
  const world = new VippsWorld(ctx.seed, ctx.clock, options);
  const tokens = new TokenStore(() => ctx.clock.realNow());
  const router = new VendorRouter('vipps');
  registerTokenRoutes(router, tokens, options);
  registerReportRoutes(router, world, tokens, options);
  registerSalesRoutes(router, world, tokens, options);
  return { name: 'vipps', router, errorResponse: vippsErrorResponse };
};
