import { TallyError } from '../domain/errors.js';
import type { CallBudget } from '../sources/http/meter.js';
import type { RateLimiter } from './rate-limit.js';

export interface UpstreamBudgetLimits {
  /** Upstream calls one GraphQL operation may make (`TALLY_MAX_UPSTREAM_CALLS_PER_OPERATION`). */
  perOperation: number;
  /** Upstream calls one client may make per minute, across replicas (`TALLY_UPSTREAM_CALLS_PER_MINUTE`). */
  perMinute: number;
}

/**
 * What a client may spend on upstream calls: a request is cheap to send and one operation can fan
 * out into thousands of upstream calls (24 aliases of a range summary made 4,516 in 1.4 s), so
 * requests per minute alone do not protect the upstreams or the gateway's credentials with them.
 * Each operation has its own count; the per-minute budget is a GCRA bucket per client in the
 * gateway's store (`upstream:<client>`), the same mechanism as the request rate, so replicas
 * sharing Redis share it.
 */
export class UpstreamBudgets {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly limits: UpstreamBudgetLimits,
  ) {}

  /** A fresh budget for one operation of `clientName`. */
  forOperation(clientName: string): CallBudget {
    const { perOperation, perMinute } = this.limits;
    const limiter = this.limiter;
    let spent = 0;
    return {
      async spend() {
        if (spent >= perOperation) {
          throw new TallyError(
            'RATE_LIMITED',
            `This operation needs more than the ${perOperation} upstream calls one operation may make: the fields that needed more are null. Ask for fewer aliases, a shorter range or smaller pages.`,
            { details: { limit: 'upstreamCallsPerOperation', max: perOperation } },
          );
        }
        // Counted before the await: the fields of one operation ask concurrently, and each must see
        // the calls the others already claimed.
        spent++;
        const decision = await limiter.take(`upstream:${clientName}`, perMinute);
        if (!decision.allowed) {
          spent--;
          throw new TallyError(
            'RATE_LIMITED',
            `This client has made its ${perMinute} upstream calls per minute: the fields that needed more are null. Try again in ${decision.retryAfterSeconds} s.`,
            { details: { limit: 'upstreamCallsPerMinute', max: perMinute, retryAfterSeconds: decision.retryAfterSeconds } },
          );
        }
      },
    };
  }
}
