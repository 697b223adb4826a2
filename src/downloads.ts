import type { Readable } from 'node:stream';
import type { Plugin } from 'graphql-yoga';
import { isTallyError, type ErrorCode } from './errors.js';
import type { EntriesExportTarget } from './entries-export.js';
import { entriesExportFileName } from './entries-export.js';
import { Signer } from './signed-token.js';
import type { Sources } from './sources/index.js';

/** What a download link names: never a credential, only which file of which account. */
export interface DownloadTarget {
  /** Dintero account, settlement, attachment. */
  accountId: string;
  settlementId: string;
  attachmentId: string;
  fileName: string;
  contentType: string;
}

interface Payload {
  v: 1;
  a: string;
  s: string;
  t: string;
  f: string;
  c: string;
  /** Expiry, epoch seconds. */
  e: number;
}

export type DownloadCheck = { ok: true; target: DownloadTarget; expiresAt: number } | { ok: false; status: 403 | 410; code: string; message: string };

export const DOWNLOAD_PATH = '/downloads/';
/** Exports Tally builds itself (`Ledger.entriesExport`), under the same signed, expiring links. */
export const EXPORT_PATH = '/downloads/exports/';

interface ExportPayload {
  v: 1;
  p: string;
  l: string;
  tp: string;
  f: string;
  t: string;
  /** Expiry, epoch seconds. */
  e: number;
}

export type ExportCheck = { ok: true; target: EntriesExportTarget; expiresAt: number } | { ok: false; status: 403 | 410; code: string; message: string };

const INVALID = { ok: false, status: 403, code: 'DOWNLOAD_LINK_INVALID', message: 'This download link is not valid: it was altered, truncated, or signed by another deployment. Ask the API for a new downloadUrl.' } as const;

/**
 * Signed, expiring gateway links to settlement attachments (`Settlement.attachments.downloadUrl`).
 * A link is sealed by the gateway's signer (base64url JSON + HMAC with the signing secret): a browser can
 * open it without the caller's API key, and it is useless once expired or altered. It carries no
 * upstream credential; the gateway uses the account's own token when the link is followed.
 */
export class DownloadLinks {
  private readonly signer: Signer;

  constructor(
    secret: string,
    readonly ttlSeconds: number,
    /** The gateway's public origin (`TALLY_PUBLIC_URL`, else the listen address): never a request's Host header. */
    private readonly publicUrl: () => string,
    private readonly now: () => number = Date.now,
  ) {
    this.signer = new Signer(secret);
  }

  sign(target: DownloadTarget): { token: string; expiresAt: number } {
    const e = Math.floor(this.now() / 1000) + this.ttlSeconds;
    const payload: Payload = { v: 1, a: target.accountId, s: target.settlementId, t: target.attachmentId, f: target.fileName, c: target.contentType, e };
    return { token: this.signer.seal('download', payload), expiresAt: e * 1000 };
  }

  /**
   * The absolute link on the gateway's public origin. Never on the origin a request names: a forged
   * `Host` would otherwise hand the caller a working link on somebody else's site.
   */
  url(target: DownloadTarget): { url: string; expiresAt: number } {
    const { token, expiresAt } = this.sign(target);
    return { url: `${this.publicUrl()}${DOWNLOAD_PATH}${token}`, expiresAt };
  }

  /** A link to an export of a ledger's entries (`Ledger.entriesExport`): same signer, its own purpose, so it never opens as an attachment link. */
  exportUrl(target: EntriesExportTarget): { url: string; expiresAt: number } {
    const e = Math.floor(this.now() / 1000) + this.ttlSeconds;
    const payload: ExportPayload = { v: 1, p: target.provider, l: target.ledgerId, tp: target.topic, f: target.from, t: target.to, e };
    return { url: `${this.publicUrl()}${EXPORT_PATH}${this.signer.seal('export', payload)}`, expiresAt: e * 1000 };
  }

  verifyExport(token: string): ExportCheck {
    const opened = this.signer.open('export', token);
    if (typeof opened === 'string') return INVALID;
    const p = opened.payload as ExportPayload | null;
    if (p?.v !== 1 || typeof p.e !== 'number' || ![p.p, p.l, p.tp, p.f, p.t].every((x) => typeof x === 'string')) return INVALID;
    if (!['VIPPS_MOBILEPAY', 'EASYPAY'].includes(p.p) || !['FUNDS', 'FEES'].includes(p.tp)) return INVALID;
    if (this.now() >= p.e * 1000) return this.expired(p.e);
    return { ok: true, target: { provider: p.p as EntriesExportTarget['provider'], ledgerId: p.l, topic: p.tp as EntriesExportTarget['topic'], from: p.f, to: p.t }, expiresAt: p.e * 1000 };
  }

  private expired(e: number) {
    return {
      ok: false,
      status: 410,
      code: 'DOWNLOAD_LINK_EXPIRED',
      message: `This download link expired at ${new Date(e * 1000).toISOString()} (links live ${this.ttlSeconds} s). Ask the API for a new downloadUrl.`,
    } as const;
  }

  verify(token: string): DownloadCheck {
    const invalid = INVALID;
    const opened = this.signer.open('download', token);
    if (typeof opened === 'string') return invalid;
    const p = opened.payload as Payload | null;
    if (p?.v !== 1 || typeof p.e !== 'number' || ![p.a, p.s, p.t, p.f, p.c].every((x) => typeof x === 'string')) return invalid;
    if (this.now() >= p.e * 1000) return this.expired(p.e);
    return { ok: true, target: { accountId: p.a, settlementId: p.s, attachmentId: p.t, fileName: p.f, contentType: p.c }, expiresAt: p.e * 1000 };
  }
}

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
export function useDownloads(links: DownloadLinks, sources: Sources, openExport?: (target: EntriesExportTarget, signal: AbortSignal) => Promise<AsyncGenerator<string>>): Plugin {
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
      if (request.method !== 'GET' && request.method !== 'HEAD') return json(405, 'METHOD_NOT_ALLOWED', 'Downloads are GET only.', { allow: 'GET, HEAD' });
      const failed = (err: unknown) => {
        if (isTallyError(err)) {
          const status = STATUS_BY_CODE[err.code] ?? 502;
          const retry = typeof err.details?.retryAfterSeconds === 'number' ? { 'retry-after': String(err.details.retryAfterSeconds) } : undefined;
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
        const file = await sources.dintero.account(target.accountId).settlements.openAttachment({ signal: request.signal }, target.settlementId, target.attachmentId);
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
  return new ReadableStream<Uint8Array>({
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
  }, { highWaterMark: 1 });
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
