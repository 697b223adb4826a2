import { createHash, randomUUID } from 'node:crypto';
import { TallyError } from '../../domain/errors.js';

/*
 * What keeps Tally's writes to Dintero from losing money: one writer at a time per payout rule, and
 * idempotency records that make a repeated create answer the first one. Dintero has no conditional
 * update, so a version check is only as good as the read right before the write; these pieces make
 * that read-then-write atomic among Tally's own writers, in one process and, with a shared store
 * (Redis), across replicas.
 */

/**
 * The state writes need, shared by replicas: idempotency records and per-rule write claims. Small on
 * purpose so any key-value store can back it (`src/store/`: memory, or Redis with `REDIS_URL`).
 */
export interface WriteStore {
  get(key: string): Promise<string | undefined>;
  /** Stores `value` for `ttlMs` only if `key` holds nothing; true when this call stored it (an atomic claim). */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export const WRITE_GUARD = {
  /** A claim outlives any one write (the upstream timeout is far shorter), and frees itself if a replica dies holding it. */
  claimTtlMs: 60_000,
  /** How long a writer waits for the writer before it; past this the write is refused as a CONFLICT, never queued forever. */
  waitMs: 20_000,
  pollMs: 20,
  /** How long an idempotency key answers with the rule it created. */
  recordTtlMs: 24 * 60 * 60 * 1000,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one writer at a time per key: in this process in arrival order (a promise chain), and across
 * replicas through a claim in the shared store (set-if-absent with a TTL, released by its owner).
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly store: WriteStore) {}

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = before.then(() => mine);
    this.tails.set(key, tail);
    await before;
    try {
      const claim = `lock:${key}`;
      const token = randomUUID();
      const deadline = Date.now() + WRITE_GUARD.waitMs;
      while (!(await this.store.setIfAbsent(claim, token, WRITE_GUARD.claimTtlMs))) {
        if (Date.now() > deadline) {
          throw new TallyError(
            'CONFLICT',
            'Another write to this payout rule is still in progress (on another replica); read the rule again and retry.',
            {
              source: 'dintero',
            },
          );
        }
        await sleep(WRITE_GUARD.pollMs);
      }
      try {
        return await fn();
      } finally {
        // A release that cannot reach the store leaves the claim to expire (claimTtlMs): the write's
        // own outcome, already decided, is what the caller gets.
        try {
          if ((await this.store.get(claim)) === token) await this.store.delete(claim);
        } catch {
          /* the claim frees itself */
        }
      }
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Key order does not change a request: a canonical JSON for hashing request bodies. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** What an idempotency record holds: the request it was first used with and, once known, the rule it created. */
export interface IdempotencyRecord {
  request: string;
  ruleId?: string;
}
