import type { SandboxClock } from './clock.js';
import type { VendorRouter, SandboxResponse } from './router.js';

/** What every vendor module of the sandbox gets from the server. */
export interface VendorContext {
  seed: number;
  clock: SandboxClock;
  /** The vendor's own section of the sandbox options, unparsed: each vendor validates its own with zod. */
  options: unknown;
  /** The sandbox's origin once it listens (e.g. `http://127.0.0.1:4010`), for links it hands out. */
  origin: () => string;
}

export interface Vendor {
  /** `vipps`, `dintero`, `easypay`: the mount point is `/<name>` and the counter keys start with it. */
  name: string;
  router: VendorRouter;
  /** The vendor's own error body for a status, used by fault injection and unknown routes. */
  errorResponse: (status: number, message?: string) => SandboxResponse;
}

export type VendorFactory = (ctx: VendorContext) => Vendor;
