/**
 * The Generic Cell Rate Algorithm (a token bucket kept as one number): a key may spend `burst`
 * requests at once, then one every `intervalUs`. Its whole state is the theoretical arrival time
 * (TAT, epoch microseconds) of the next request at the steady rate; there are no windows, so no
 * boundary lets twice the rate through. `RedisStore` runs the same step as one Lua script (see
 * `THROTTLE` there), so replicas share one bucket per key.
 *
 * Not rate-limiter-flexible: its Redis and memory limiters count points in a window that starts at a
 * key's first request (two windows' worth still pass across a boundary), keep their own Redis client
 * beside this store's fallback, and read the wall clock, which tests could not fix.
 */
export interface ThrottleRequest {
  /** Steady rate: one request per this many microseconds (an integer). */
  intervalUs: number;
  /** Requests that may be sent at once by a key that has been idle (the bucket's size). */
  burst: number;
  /** The caller's clock, epoch microseconds (an integer). */
  nowUs: number;
  /** Only ask whether one more request would be allowed; nothing is spent. */
  peek?: boolean;
}

export interface ThrottleResult {
  allowed: boolean;
  /** When refused: microseconds until one more request would be allowed (0 when allowed). */
  retryAfterUs: number;
  /** The state to keep (the new TAT) and for how long (µs) it matters; undefined when nothing changes. */
  next?: { tatUs: number; ttlUs: number };
}

/** One GCRA step from the stored TAT (undefined: an idle key). */
export function gcraStep(storedTatUs: number | undefined, r: ThrottleRequest): ThrottleResult {
  const tat = Math.max(storedTatUs ?? r.nowUs, r.nowUs);
  const next = tat + r.intervalUs;
  const over = next - r.nowUs - r.burst * r.intervalUs;
  if (over > 0) return { allowed: false, retryAfterUs: over };
  if (r.peek) return { allowed: true, retryAfterUs: 0 };
  return { allowed: true, retryAfterUs: 0, next: { tatUs: next, ttlUs: next - r.nowUs } };
}
