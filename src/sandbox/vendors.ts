import type { VendorFactory } from './core/vendor.js';

/** Every simulated upstream the sandbox serves, each mounted at `/<name>` (the key). */
export const vendorFactories: Record<string, VendorFactory> = {};
