import type { Limits } from './config.js';
import type { CursorCodec } from './connections/cursor.js';
import type { DownloadLinks } from './downloads.js';
import type { UpstreamMeter } from './sources/http/meter.js';
import type { Sources } from './sources/index.js';
import type { KeyValueStore } from './store/index.js';

/** What every resolver gets: the shared sources, and this request's meter, signal and helpers. */
export interface Context {
  sources: Sources;
  meter: UpstreamMeter;
  signal: AbortSignal;
  codec: CursorCodec;
  /** Signs `downloadUrl`s served by the gateway's `/downloads/` route. */
  downloads: DownloadLinks;
  limits: Limits;
  /** Today's date in UTC as the gateway sees it; injectable for tests. */
  today: () => string;
  /** Per-request memo for loaders that are not Pothos dataloaders (keyed by name). */
  memo: Map<string, unknown>;
  /** State shared by all replicas (Redis when configured): idempotency records, rate counters. */
  store: KeyValueStore;
}
