import type { VendorFactory } from './core/vendor.js';
import { createDinteroVendor } from './dintero/index.js';
import { createEasypayVendor } from './easypay/index.js';
import { createVippsVendor } from './vipps/index.js';

/** Every simulated upstream the sandbox serves, each mounted at `/<name>` (the key). */
export const vendorFactories: Record<string, VendorFactory> = {
  dintero: createDinteroVendor,
  easypay: createEasypayVendor,
  vipps: createVippsVendor,
};
