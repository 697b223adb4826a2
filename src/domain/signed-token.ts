import { createHmac, timingSafeEqual } from 'node:crypto';

const MAC_BYTES = 16;
const MAX_TOKEN_LENGTH = 4096;
/** base64url (no padding) body, a dot, base64url MAC. */
const TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * The one way Tally signs what it hands out and takes back (connection cursors, download links):
 * base64url(JSON payload) + "." + base64url(HMAC-SHA256, truncated to 128 bits). The purpose is
 * part of the MAC, so a cursor can never pass as a download link or the other way round.
 */
export class Signer {
  constructor(private readonly secret: string) {}

  seal(purpose: string, payload: unknown): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac(purpose, body).toString('base64url')}`;
  }

  /**
   * The payload of a token this signer sealed for `purpose`: `'forged'` when the signature does
   * not match (tampered, truncated, another secret), `'unreadable'` when it is not a token at all.
   */
  open(purpose: string, token: string): { payload: unknown } | 'forged' | 'unreadable' {
    const dot = token.indexOf('.');
    if (dot <= 0 || token.length > MAX_TOKEN_LENGTH || !TOKEN.test(token)) return 'unreadable';
    const body = token.slice(0, dot);
    // One encoding only: the MAC is compared as the exact text this signer writes, so a trailing
    // `=`, another spelling of the last character's spare bits or any other variant is refused.
    const given = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(this.mac(purpose, body).toString('base64url'));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'forged';
    try {
      return { payload: JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown };
    } catch {
      return 'unreadable';
    }
  }

  private mac(purpose: string, body: string): Buffer {
    return createHmac('sha256', this.secret).update(`${purpose}:${body}`).digest().subarray(0, MAC_BYTES);
  }
}
