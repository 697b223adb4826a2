import { isValidDate } from '../core/clock.js';
import { hash32 } from '../core/rng.js';
import { dayMinute, isTransactionType, type TransactionType } from './ledger.js';

/** Query-string validation for `GET /report/ledger`; every failure is a 412 (docs/upstreams/easypay.md, Errors). */
export class PreconditionFailed extends Error {}

/** `limit`: "default value is 100, and the maximum allowable limit is 100" (parameter description). */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 100;
/** `created_at`: "Maximum range of 30 days" (`components.parameters.CreatedAt`). */
export const MAX_RANGE_MINUTES = 30 * 24 * 60;

export interface Window {
  /** Minutes since the epoch, both ends inclusive. */
  from: number;
  to: number;
}

export interface LedgerQuery {
  limit: number;
  window: Window;
  transactionType?: TransactionType;
  transferBatch?: string;
  /** Resume after this (second, id), exclusive. */
  after?: { second: number; id: string };
  /** Identifies the filters a cursor belongs to. */
  fingerprint: string;
  /** Whether the request carried a cursor (decides the end-of-data signal, see index.ts). */
  resumed: boolean;
}

export function parseLimit(raw: string | null): number {
  if (raw === null) return DEFAULT_LIMIT;
  if (!/^\d+$/.test(raw)) throw new PreconditionFailed(`limit must be a whole number between 1 and ${MAX_LIMIT}`);
  const limit = Number(raw);
  if (limit < 1 || limit > MAX_LIMIT) throw new PreconditionFailed(`limit must be a whole number between 1 and ${MAX_LIMIT}`);
  return limit;
}

const INTERVAL = /^interval\((\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}),(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2})\)$/;
const INTERVAL_FORMAT = 'created_at must be interval(YYYY-MM-DD HH:MM,YYYY-MM-DD HH:MM)';

/**
 * `interval(YYYY-MM-DD HH:MM,YYYY-MM-DD HH:MM)` in UTC at minute precision
 * (`components.parameters.CreatedAt`; UTC per the live docs, docs/upstreams/easypay.md).
 * Both ends are inclusive, each a whole minute: `created_at` has seconds, and an entry created at
 * 22:59:30 is in an interval that ends at 22:59. **Inferred**: the spec does not say; inclusive matches the older
 * `/report/transactions` (`start_date`/`end_date`, "inclusive", docs/upstreams/easypay.md) and is the
 * reading under which a client that sends `[a, b]` then `[b + 1 minute, c]` loses nothing.
 * A range of exactly 30 days is allowed; one minute more is not.
 */
export function parseInterval(raw: string): Window {
  const m = INTERVAL.exec(raw.trim());
  if (!m) throw new PreconditionFailed(INTERVAL_FORMAT);
  const [, fromDate = '', fromH = '', fromM = '', toDate = '', toH = '', toM = ''] = m;
  const from = toMinute(fromDate, fromH, fromM);
  const to = toMinute(toDate, toH, toM);
  if (from > to) throw new PreconditionFailed('created_at interval start must not be after its end');
  if (to - from > MAX_RANGE_MINUTES) throw new PreconditionFailed('created_at interval must not exceed 30 days');
  return { from, to };
}

function toMinute(date: string, hours: string, minutes: string): number {
  const h = Number(hours);
  const min = Number(minutes);
  if (!isValidDate(date) || h > 23 || min > 59) throw new PreconditionFailed(INTERVAL_FORMAT);
  return dayMinute(date, h * 60 + min);
}

export function parseTransactionType(raw: string | null): TransactionType | undefined {
  if (raw === null || raw === '') return undefined;
  if (!isTransactionType(raw)) throw new PreconditionFailed(`transaction_type ${raw} is not a valid LedgerTransactionType`);
  return raw;
}

/**
 * Cursor: the position after the last entry served (keyset, so a page boundary never skips or
 * repeats an entry while today's tail grows), the window it belongs to (so a cursor issued for the
 * default window keeps the window it started with), a fingerprint of the filters, and a checksum.
 * Opaque base64url, like the spec's example `lL_j7ilk7rc`.
 */
export function encodeCursor(seed: number, fingerprint: string, window: Window, second: number, id: string): string {
  const payload = [fingerprint, window.from, window.to, second, id].join('.');
  return Buffer.from(`${payload}.${checksum(seed, payload)}`, 'utf8').toString('base64url');
}

export function decodeCursor(seed: number, raw: string): { fingerprint: string; window: Window; second: number; id: string } {
  const invalid = new PreconditionFailed('cursor is not valid');
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw invalid;
  const parts = Buffer.from(raw, 'base64url').toString('utf8').split('.');
  if (parts.length !== 6) throw invalid;
  const [fingerprint, from, to, second, id, sum] = parts as [string, string, string, string, string, string];
  if (sum !== checksum(seed, parts.slice(0, 5).join('.'))) throw invalid;
  const numbers = [from, to, second].map(Number);
  if (!numbers.every(Number.isSafeInteger)) throw invalid;
  const [f, t, s] = numbers as [number, number, number];
  return { fingerprint, window: { from: f, to: t }, second: s, id };
}

function checksum(seed: number, payload: string): string {
  return hash32(`easypay-cursor|${seed}|${payload}`).toString(36);
}

export function fingerprintOf(createdAt: string | null, type: string | undefined, batch: string | undefined): string {
  return hash32(`${createdAt ?? ''}|${type ?? ''}|${batch ?? ''}`).toString(36);
}

/**
 * Parses and validates the query string. Without `created_at` the window is the 30 days up to now.
 * **Inferred**: the spec names no default; 30 days is the longest window it allows.
 */
export function parseLedgerQuery(params: URLSearchParams, seed: number, nowMinute: number): LedgerQuery {
  const limit = parseLimit(params.get('limit'));
  const createdAt = params.get('created_at');
  let window = createdAt === null ? { from: nowMinute - MAX_RANGE_MINUTES, to: nowMinute } : parseInterval(createdAt);
  const transactionType = parseTransactionType(params.get('transaction_type'));
  // An empty `transfer_batch=` filters nothing, like an absent one (inferred; the spec is silent).
  const transferBatch = params.get('transfer_batch') || undefined;
  const fingerprint = fingerprintOf(createdAt, transactionType, transferBatch);

  const rawCursor = params.get('cursor');
  let after: LedgerQuery['after'];
  if (rawCursor !== null && rawCursor !== '') {
    const cursor = decodeCursor(seed, rawCursor);
    if (cursor.fingerprint !== fingerprint) {
      throw new PreconditionFailed('cursor does not belong to these filters (created_at, transaction_type, transfer_batch)');
    }
    window = cursor.window;
    after = { second: cursor.second, id: cursor.id };
  }
  return { limit, window, transactionType, transferBatch, after, fingerprint, resumed: after !== undefined };
}
