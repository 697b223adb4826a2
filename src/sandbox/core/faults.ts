import { z } from 'zod';
import type { Rng } from './rng.js';
import type { SandboxResponse } from './router.js';

/**
 * Fault injection, per vendor. Each rate is a probability per request (1 = every request), so a
 * test can make one upstream fail while the others answer. Decisions draw from the sandbox's own
 * seeded stream, so a run with the same requests fails the same way.
 */
export const FaultConfigSchema = z
  .object({
    /** Added to every response, in milliseconds. */
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    /** 500/502/503 with the vendor's error body. */
    serverErrorRate: z.number().min(0).max(1).default(0),
    /** 429 with `Retry-After`. */
    rateLimitRate: z.number().min(0).max(1).default(0),
    retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
    /** Never answers (until the client gives up or the socket closes). */
    stallRate: z.number().min(0).max(1).default(0),
    /** 200 with a body that is not valid JSON. */
    malformedRate: z.number().min(0).max(1).default(0),
    /**
     * Handles the request (a write is applied) and then drops the connection without answering: the
     * client cannot know whether its write happened. For testing idempotent retries of writes.
     */
    lostReplyRate: z.number().min(0).max(1).default(0),
    /** Only these endpoints (substring match on the counter key); all when empty. */
    endpoints: z.array(z.string()).default([]),
  })
  .strict();

export type FaultConfig = z.infer<typeof FaultConfigSchema>;
export type FaultInput = z.input<typeof FaultConfigSchema>;

export type FaultDecision = { kind: 'none' } | { kind: 'stall' } | { kind: 'lose-reply' } | { kind: 'respond'; response: SandboxResponse };

export class Faults {
  private byVendor = new Map<string, FaultConfig>();

  set(vendor: string, input: FaultInput): void {
    this.byVendor.set(vendor, FaultConfigSchema.parse(input));
  }

  clear(vendor?: string): void {
    if (vendor) this.byVendor.delete(vendor);
    else this.byVendor.clear();
  }

  get(vendor: string): FaultConfig | undefined {
    return this.byVendor.get(vendor);
  }

  all(): Record<string, FaultConfig> {
    return Object.fromEntries(this.byVendor);
  }

  latency(vendor: string, endpoint: string): number {
    const cfg = this.applicable(vendor, endpoint);
    return cfg?.latencyMs ?? 0;
  }

  decide(vendor: string, endpoint: string, rng: Rng, errorBody: (status: number) => SandboxResponse): FaultDecision {
    const cfg = this.applicable(vendor, endpoint);
    if (!cfg) return { kind: 'none' };
    if (cfg.stallRate > 0 && rng.chance(cfg.stallRate)) return { kind: 'stall' };
    if (cfg.rateLimitRate > 0 && rng.chance(cfg.rateLimitRate)) {
      const r = errorBody(429);
      return {
        kind: 'respond',
        response: { ...r, headers: { ...r.headers, 'retry-after': String(cfg.retryAfterSeconds) } },
      };
    }
    if (cfg.serverErrorRate > 0 && rng.chance(cfg.serverErrorRate)) {
      return { kind: 'respond', response: errorBody(rng.pick([500, 502, 503])) };
    }
    if (cfg.malformedRate > 0 && rng.chance(cfg.malformedRate)) {
      return {
        kind: 'respond',
        response: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"items": [{"truncated' },
      };
    }
    if (cfg.lostReplyRate > 0 && rng.chance(cfg.lostReplyRate)) return { kind: 'lose-reply' };
    return { kind: 'none' };
  }

  private applicable(vendor: string, endpoint: string): FaultConfig | undefined {
    const cfg = this.byVendor.get(vendor);
    if (!cfg) return undefined;
    if (cfg.endpoints.length > 0 && !cfg.endpoints.some((e) => endpoint.includes(e))) return undefined;
    return cfg;
  }
}
