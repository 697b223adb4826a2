import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { KeyValueStore } from '../../store/index.js';

/** What the shared level keeps of an upstream answer: the raw body, validated and mapped again on read. */
export interface SharedPage {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Epoch ms after which the page is no longer valid (the TTL the source chose from finality). */
  expiresAt: number;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

/**
 * The second level of the upstream response cache, shared by every replica through the key-value
 * store (Redis). It holds merchants' data, so each value is encrypted with AES-256-GCM under a key
 * derived (HKDF-SHA256) from the signing secret, with the Redis key as additional authenticated
 * data: a value copied under another key, tampered with, or written with another secret does not
 * decrypt and counts as a miss. Keys carry the credential fingerprint (so one credential set's
 * pages never answer another's request, and an operator can see whose they are) and a hash of the
 * request, never the URL itself. While Redis is down nothing is written or read here: the
 * in-process level serves alone and the store logs the outage.
 */
export class SharedPageCache {
  private readonly key: Buffer;

  constructor(
    private readonly store: KeyValueStore,
    secret: string,
    private readonly now: () => number = Date.now,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'tally', `tally shared upstream page cache ${VERSION}`, 32));
  }

  /** The store key of a request: `page:v1:<credential fingerprint>:<sha256 of method and URL>`. */
  storeKey(fingerprint: string, request: string): string {
    const fp = /^[A-Za-z0-9_.:-]{1,100}$/.test(fingerprint)
      ? fingerprint
      : createHash('sha256').update(fingerprint).digest('base64url').slice(0, 22);
    return `page:${VERSION}:${fp}:${createHash('sha256').update(request).digest('base64url')}`;
  }

  async get(storeKey: string): Promise<SharedPage | undefined> {
    if (!this.store.isShared()) return undefined;
    const sealed = await this.store.getBytes(storeKey);
    if (!sealed || sealed.length < IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(storeKey));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
      const page = JSON.parse(plain.toString('utf8')) as SharedPage;
      return page.expiresAt > this.now() ? page : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Claims the one read of `storeKey` among the replicas for `ms` (a lease in the store): true for
   * the replica that is to ask the upstream and publish the page; the others wait for it
   * (`waitFor`). True as well while the store is not shared (nobody to share with).
   */
  async claim(storeKey: string, ms: number): Promise<boolean> {
    if (!this.store.isShared()) return true;
    try {
      return await this.store.setIfAbsent(`lease:${storeKey}`, '1', ms);
    } catch {
      return true;
    }
  }

  /** The page another replica claimed and is reading, once it is published; undefined after `ms`. */
  async waitFor(storeKey: string, ms: number, pollMs = 50): Promise<SharedPage | undefined> {
    for (let waited = 0; waited < ms; waited += pollMs) {
      const page = await this.get(storeKey);
      if (page) return page;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    return undefined;
  }

  async set(storeKey: string, page: Omit<SharedPage, 'expiresAt'>, ttlMs: number): Promise<void> {
    if (ttlMs <= 0 || !this.store.isShared()) return;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(storeKey));
    const plain = Buffer.from(JSON.stringify({ ...page, expiresAt: this.now() + ttlMs }), 'utf8');
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    await this.store.set(storeKey, sealed, ttlMs);
  }
}
