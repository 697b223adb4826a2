import type { Plugin } from 'graphql-yoga';
import { isTallyError } from '../domain/errors.js';
import type { UpstreamCheck } from '../sources/index.js';
import type { KeyValueStore } from '../store/index.js';

interface CheckResult {
  status: 'ok' | 'failing';
  code?: string;
  message?: string;
}

/**
 * `/ready`: 200 when every configured upstream's token can be obtained (a cached one counts) and
 * the shared store, when configured, answers; 503 otherwise. The body names each check, so an
 * operator sees which one is failing. Messages are Tally's own (no secret ever); anything
 * unexpected shows as its code only.
 */
export function useReadiness(checks: UpstreamCheck[], store: KeyValueStore, timeoutMs = 5_000): Plugin {
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== '/ready' || request.method !== 'GET') return;
      const run = async (check: () => Promise<void>, ownMessages = false): Promise<CheckResult> => {
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([
            check(),
            new Promise((_, reject) => {
              timer = setTimeout(() => reject(Object.assign(new Error('no answer'), { code: 'TIMEOUT' })), timeoutMs);
            }),
          ]);
          return { status: 'ok' };
        } catch (err) {
          if (isTallyError(err)) return { status: 'failing', code: err.code, message: err.message };
          const code = (err as { code?: unknown })?.code;
          return {
            status: 'failing',
            code: typeof code === 'string' ? code : 'UNAVAILABLE',
            message: ownMessages && err instanceof Error ? err.message : undefined,
          };
        } finally {
          clearTimeout(timer);
        }
      };
      const [upstreams, shared] = await Promise.all([
        Promise.all(checks.map(async (c) => [c.name, await run(c.check)] as const)),
        store.kind === 'redis' ? run(() => store.ping(), true) : Promise.resolve(undefined),
      ]);
      const ready = upstreams.every(([, r]) => r.status === 'ok') && (shared === undefined || shared.status === 'ok');
      const body = {
        status: ready ? 'ready' : 'not ready',
        upstreams: Object.fromEntries(upstreams),
        ...(shared ? { sharedCache: { kind: 'redis', ...shared } } : {}),
      };
      endResponse(
        new fetchAPI.Response(JSON.stringify(body), {
          status: ready ? 200 : 503,
          headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
        }),
      );
    },
  };
}
