import type { KeyValueStore } from './key-value.js';
import { MemoryStore } from './memory.js';
import { RedisStore } from './redis.js';

export type { KeyValueStore } from './key-value.js';
export { MemoryStore } from './memory.js';
export { RedisStore } from './redis.js';

/** Redis when `REDIS_URL` is configured (shared by replicas), this process's memory otherwise. */
export function createStore(redisUrl: string | undefined, log?: (level: 'warn' | 'info', message: string) => void): KeyValueStore {
  return redisUrl ? new RedisStore(redisUrl, { log }) : new MemoryStore();
}
