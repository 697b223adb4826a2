import { Signer } from '../domain/signed-token.js';
import { PROVIDERS, type LedgerTopic, type Provider } from '../sources/model.js';
import type { EntryCsvFormat } from '../reconciliation/entries-csv.js';

/** What a download link names: never a credential, only which file of which account. */
export interface DownloadTarget {
  /** Dintero account, settlement, attachment. */
  accountId: string;
  settlementId: string;
  attachmentId: string;
  fileName: string;
  contentType: string;
}

/** What an entries export link names: a ledger, a book, a range and the file format. Never a credential. */
export interface EntriesExportTarget {
  provider: Provider;
  ledgerId: string;
  topic: LedgerTopic;
  from: string;
  to: string;
  format: EntryCsvFormat;
}

export function entriesExportFileName(t: EntriesExportTarget): string {
  return `tally-${t.provider.toLowerCase()}-${t.ledgerId}-${t.topic.toLowerCase()}-${t.from}_${t.to}.csv`;
}

/** A link's payload as sealed: short keys (the token is part of a URL) and its expiry in epoch seconds. */
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

interface ExportPayload {
  v: 1;
  p: string;
  l: string;
  tp: string;
  f: string;
  t: string;
  /** The file format; absent in links made before there was a choice, which are `CSV`. */
  fm?: string;
  /** Expiry, epoch seconds. */
  e: number;
}

type Refusal = { ok: false; status: 403 | 410; code: string; message: string };
export type LinkCheck<T> = { ok: true; target: T; expiresAt: number } | Refusal;
export type DownloadCheck = LinkCheck<DownloadTarget>;
export type ExportCheck = LinkCheck<EntriesExportTarget>;

export const DOWNLOAD_PATH = '/downloads/';
/** Exports Tally builds itself (`Ledger.entriesExport`), under the same signed, expiring links. */
export const EXPORT_PATH = '/downloads/exports/';

const INVALID = {
  ok: false,
  status: 403,
  code: 'DOWNLOAD_LINK_INVALID',
  message:
    'This download link is not valid: it was altered, truncated, or signed by another deployment. Ask the API for a new downloadUrl.',
} as const;

const isText = (x: unknown): x is string => typeof x === 'string';
const isFormat = (x: unknown): x is EntryCsvFormat => x === 'CSV' || x === 'CSV_NORDIC';

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
    return this.seal('download', (e): Payload => ({
      v: 1,
      a: target.accountId,
      s: target.settlementId,
      t: target.attachmentId,
      f: target.fileName,
      c: target.contentType,
      e,
    }));
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
    const { token, expiresAt } = this.seal('export', (e): ExportPayload => ({
      v: 1,
      p: target.provider,
      l: target.ledgerId,
      tp: target.topic,
      f: target.from,
      t: target.to,
      fm: target.format,
      e,
    }));
    return { url: `${this.publicUrl()}${EXPORT_PATH}${token}`, expiresAt };
  }

  verify(token: string): DownloadCheck {
    return this.open(token, 'download', (p: Partial<Payload>) =>
      [p.a, p.s, p.t, p.f, p.c].every(isText)
        ? { accountId: p.a!, settlementId: p.s!, attachmentId: p.t!, fileName: p.f!, contentType: p.c! }
        : null,
    );
  }

  verifyExport(token: string): ExportCheck {
    return this.open(token, 'export', (p: Partial<ExportPayload>) =>
      [p.p, p.l, p.tp, p.f, p.t].every(isText) &&
      Object.hasOwn(PROVIDERS, p.p!) &&
      ['FUNDS', 'FEES'].includes(p.tp!) &&
      isFormat(p.fm ?? 'CSV')
        ? {
            provider: p.p as Provider,
            ledgerId: p.l!,
            topic: p.tp as LedgerTopic,
            from: p.f!,
            to: p.t!,
            format: (p.fm ?? 'CSV') as EntryCsvFormat,
          }
        : null,
    );
  }

  /** The one way a link is made: the payload with its expiry (`e`, epoch seconds), sealed for `purpose`. */
  private seal(purpose: 'download' | 'export', payload: (expiry: number) => { v: 1; e: number }): { token: string; expiresAt: number } {
    const e = Math.floor(this.now() / 1000) + this.ttlSeconds;
    return { token: this.signer.seal(purpose, payload(e)), expiresAt: e * 1000 };
  }

  /**
   * The one way a link is checked: its signature for `purpose`, its version and expiry, then its
   * target read by `target` (null when a field is missing or not what it must be: invalid).
   */
  private open<P extends { v?: unknown; e?: unknown }, T>(
    token: string,
    purpose: 'download' | 'export',
    target: (payload: P) => T | null,
  ): LinkCheck<T> {
    const opened = this.signer.open(purpose, token);
    if (typeof opened === 'string') return INVALID;
    const p = opened.payload as P | null;
    if (p === null || typeof p !== 'object' || p.v !== 1 || typeof p.e !== 'number') return INVALID;
    const t = target(p);
    if (t === null) return INVALID;
    if (this.now() >= p.e * 1000) return this.expired(p.e);
    return { ok: true, target: t, expiresAt: p.e * 1000 };
  }

  private expired(e: number) {
    return {
      ok: false,
      status: 410,
      code: 'DOWNLOAD_LINK_EXPIRED',
      message: `This download link expired at ${new Date(e * 1000).toISOString()} (links live ${this.ttlSeconds} s). Ask the API for a new downloadUrl.`,
    } as const;
  }
}
