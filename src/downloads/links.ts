import type { EntriesExportTarget } from './entries-export.js';
import { Signer } from '../domain/signed-token.js';

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

