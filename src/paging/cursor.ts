import { createHash } from 'node:crypto';
import { badInput } from '../domain/errors.js';
import { Signer } from '../domain/signed-token.js';

/**
 * Where a connection stands in its upstream: segment `s` (a ledger date, a 30-day window; 0 for a
 * plain list), the upstream page token `t` that page came from (null = the segment's first page),
 * and `o` items of that page already handed out.
 */
export interface CursorPosition {
  s: number;
  t: string | null;
  o: number;
}

const VERSION = 1;

/**
 * Tally cursors, sealed by the gateway's signer (base64url JSON + truncated HMAC). The payload carries a fingerprint of the field and its arguments, so a cursor only resumes the
 * list it came from; a forged, truncated or foreign cursor is rejected before anything is sent
 * upstream.
 */
export class CursorCodec {
  private readonly signer: Signer;

  constructor(secret: string) {
    this.signer = new Signer(secret);
  }

  /**
   * `anchor` is what the list was started from when its arguments alone do not say it (a feed
   * started at `now`: the instant that was now): every cursor of the list carries it, so resuming
   * rebuilds the same list. It is signed with the rest, never taken from the client.
   */
  encode(fingerprint: string, pos: CursorPosition, anchor?: string): string {
    return this.signer.seal('cursor', {
      v: VERSION,
      f: fingerprint,
      s: pos.s,
      t: pos.t,
      o: pos.o,
      ...(anchor !== undefined ? { a: anchor } : {}),
    });
  }

  decode(fingerprint: string, cursor: string, argName = 'after'): CursorPosition {
    const data = this.open(cursor, argName);
    if (data.f !== fingerprint) throw invalid(argName, 'it belongs to another field or other arguments');
    return { s: data.s, t: data.t, o: data.o };
  }

  /**
   * Throws the `BAD_USER_INPUT` that `decode` would for a cursor this gateway did not sign: the
   * gateway checks every `after` of an operation with it before anything runs, so a bad cursor
   * never costs an upstream call (not even the lookup of the ledger it hangs off).
   */
  check(cursor: string, argName = 'after'): void {
    this.open(cursor, argName);
  }

  /**
   * The anchor a cursor was signed with (`encode`), null when it has none. The signature is
   * checked here; whether the cursor belongs to the list is `decode`'s check, made when it is paged.
   */
  anchor(cursor: string, argName = 'after'): string | null {
    return this.open(cursor, argName).a ?? null;
  }

  private open(cursor: string, argName: string): Payload {
    const opened = this.signer.open('cursor', cursor);
    if (opened === 'forged') throw invalid(argName, 'signature does not match (tampered, truncated, or from another deployment)');
    if (opened === 'unreadable')
      throw invalid(argName, cursor === '' ? 'it is empty (omit `after` to start at the beginning)' : 'not a Tally cursor');
    if (!isPayload(opened.payload)) throw invalid(argName, 'unreadable');
    return opened.payload;
  }
}

function invalid(argName: string, why: string) {
  return badInput(`Invalid cursor in \`${argName}\`: ${why}. Use a cursor returned by this field with the same arguments.`, {
    argument: argName,
  });
}

interface Payload {
  v: number;
  f: string;
  s: number;
  t: string | null;
  o: number;
  a?: string;
}

function isPayload(d: unknown): d is Payload {
  if (!d || typeof d !== 'object') return false;
  const p = d as Record<string, unknown>;
  return (
    p.v === VERSION &&
    typeof p.f === 'string' &&
    Number.isSafeInteger(p.s) &&
    (p.s as number) >= 0 &&
    (p.t === null || typeof p.t === 'string') &&
    Number.isSafeInteger(p.o) &&
    (p.o as number) >= 0 &&
    (p.a === undefined || typeof p.a === 'string')
  );
}

/**
 * Names a list: the field, the parent it hangs off, and every argument that changes its content
 * (not `first`/`after`). Key order does not matter.
 */
export function listFingerprint(field: string, parent: string, args: Record<string, unknown>): string {
  return createHash('sha256').update(stableJson({ field, parent, args })).digest('base64url').slice(0, 16);
}

function stableJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && v !== null)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}
