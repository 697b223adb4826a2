import type { Readable } from 'node:stream';
import type { Plugin } from 'graphql-yoga';
import { isTallyError, type ErrorCode } from '../domain/errors.js';
import { DOWNLOAD_PATH, entriesExportFileName, EXPORT_PATH, type DownloadLinks, type EntriesExportTarget } from '../downloads/links.js';
import type { Sources } from '../sources/index.js';

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  BAD_USER_INPUT: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  UPSTREAM_RATE_LIMITED: 503,
  UPSTREAM_TIMEOUT: 504,
};

/** `attachment; filename="..."` with an ASCII fallback and the exact name in `filename*` (RFC 6266). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * Serves `GET /downloads/<token>` outside GraphQL and without an API key (the signature is the
 * authorisation): verifies the link, asks Dintero for the attachment with the account's token,
 * follows its `{"url"}` indirection without the token (dintero quirk 6 (docs/upstreams/dintero.md)), and streams the file with
 * its content type and file name. Errors are JSON `{"error": {"code", "message"}}`.
 */
export function useDownloads(
  links: DownloadLinks,
  sources: Sources,
  openExport?: (target: EntriesExportTarget, signal: AbortSignal) => Promise<AsyncGenerator<string>>,
): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith(DOWNLOAD_PATH)) return;
      const json = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
        endResponse(
          new fetchAPI.Response(JSON.stringify({ error: { code, message } }), {
            status,
            headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
          }),
        );
      if (request.method !== 'GET' && request.method !== 'HEAD')
        return json(405, 'METHOD_NOT_ALLOWED', 'Downloads are GET only.', { allow: 'GET, HEAD' });
      const failed = (err: unknown) => {
        if (isTallyError(err)) {
          const status = STATUS_BY_CODE[err.code] ?? 502;
          const retry =
            typeof err.details?.retryAfterSeconds === 'number' ? { 'retry-after': String(err.details.retryAfterSeconds) } : undefined;
          return json(status, err.code, err.message, retry);
        }
        return json(500, 'INTERNAL_SERVER_ERROR', 'The download failed unexpectedly.');
      };
      if (url.pathname.startsWith(EXPORT_PATH) && openExport) {
        const check = links.verifyExport(url.pathname.slice(EXPORT_PATH.length).split('/')[0] ?? '');
        if (!check.ok) return json(check.status, check.code, check.message);
        const headers = {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': contentDisposition(entriesExportFileName(check.target)),
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
        };
        try {
          const rows = await openExport(check.target, request.signal);
          if (request.method === 'HEAD') {
            await rows.return(undefined);
            return endResponse(new fetchAPI.Response(null, { status: 200, headers }));
          }
          return endResponse(new fetchAPI.Response(textStream(rows), { status: 200, headers }));
        } catch (err) {
          return failed(err);
        }
      }
      // Tokens are base64url and a dot: nothing to percent-decode. Anything else (`%`, `%zz`) is not a link.
      const check = links.verify(url.pathname.slice(DOWNLOAD_PATH.length).split('/')[0] ?? '');
      if (!check.ok) return json(check.status, check.code, check.message);
      const { target } = check;
      try {
        if (!sources.dintero) return json(403, 'FORBIDDEN', 'Dintero is not configured on this gateway.');
        const file = await sources.dintero
          .account(target.accountId)
          .settlements.openAttachment({ signal: request.signal }, target.settlementId, target.attachmentId);
        const headers: Record<string, string> = {
          // The type the settlement declared (signed into the link); the storage's own when it declared none.
          'content-type': target.contentType !== 'application/octet-stream' ? target.contentType : (file.contentType ?? target.contentType),
          'content-disposition': contentDisposition(target.fileName),
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
        };
        if (file.contentLength) headers['content-length'] = file.contentLength;
        if (request.method === 'HEAD') {
          file.body.destroy();
          return endResponse(new fetchAPI.Response(null, { status: 200, headers }));
        }
        return endResponse(new fetchAPI.Response(webStream(file.body), { status: 200, headers }));
      } catch (err) {
        return failed(err);
      }
    },
  };
}

/**
 * Text chunks as a byte stream, pulled one at a time: the next chunk is produced only when the
 * client has taken the previous one, so a slow download holds one page, not the file. A failure
 * mid-way errors the stream (the download fails; it never ends short as if complete).
 */
function textStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { value, done } = await chunks.next();
          if (done) controller.close();
          else controller.enqueue(encoder.encode(value));
        } catch (err) {
          controller.error(err);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}

/**
 * A Node stream as the global web `ReadableStream` a `Response` takes (`Readable.toWeb` returns
 * node:stream/web's own type, which TypeScript does not equate with the global one).
 */
function webStream(body: Readable): ReadableStream<Uint8Array> {
  const iterator = body[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value instanceof Uint8Array ? value : Buffer.from(String(value)));
    },
    cancel() {
      body.destroy();
    },
  });
}
