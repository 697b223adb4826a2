import type { Context as TraceContext } from '@opentelemetry/api';
import type { SourceName } from '../../domain/errors.js';

/** A client's allowance of upstream calls for one operation (`src/auth/upstream-budget.ts`). */
export interface CallBudget {
  /** Resolves when one more call may be made; throws a coded `TallyError` (RATE_LIMITED) when not. */
  spend(): Promise<void>;
}

export interface UpstreamCall {
  source: SourceName;
  /** `GET /report/v2/ledgers/{ledgerId}/{topic}/dates/{ledgerDate}`: the route, not the URL. */
  endpoint: string;
  status: number | null;
  ms: number;
  cached: boolean;
}

/**
 * Upstream calls made on behalf of one GraphQL operation. The gateway reports a summary in the
 * response's `extensions.cost`, so a query's price in upstream calls is visible before it ships.
 */
export class UpstreamMeter {
  readonly calls: UpstreamCall[] = [];
  /** The GraphQL operation's trace context: upstream call spans become its children. */
  trace: TraceContext | undefined;

  /** `budget`: what the operation's client may still spend on upstream calls (none: unbounded, as for the gateway's own reads). */
  constructor(private readonly budget?: CallBudget) {}

  /**
   * Before each upstream call (each attempt; cache hits are free): spends one call of the budget,
   * or throws the budget's coded error, so the call is never sent and only the fields that needed
   * it fail.
   */
  async admit(): Promise<void> {
    await this.budget?.spend();
  }

  record(call: UpstreamCall): void {
    this.calls.push(call);
  }

  summary(): {
    upstreamCalls: number;
    cacheHits: number;
    upstreamMs: number;
    bySource: Record<string, { calls: number; cacheHits: number; ms: number; endpoints: Record<string, number> }>;
  } {
    const bySource: Record<string, { calls: number; cacheHits: number; ms: number; endpoints: Record<string, number> }> = {};
    let upstreamCalls = 0;
    let cacheHits = 0;
    let upstreamMs = 0;
    for (const c of this.calls) {
      const s = (bySource[c.source] ??= { calls: 0, cacheHits: 0, ms: 0, endpoints: {} });
      if (c.cached) {
        s.cacheHits++;
        cacheHits++;
        continue;
      }
      s.calls++;
      s.ms += c.ms;
      s.endpoints[c.endpoint] = (s.endpoints[c.endpoint] ?? 0) + 1;
      upstreamCalls++;
      upstreamMs += c.ms;
    }
    for (const s of Object.values(bySource)) s.ms = Math.round(s.ms);
    return { upstreamCalls, cacheHits, upstreamMs: Math.round(upstreamMs), bySource };
  }
}
