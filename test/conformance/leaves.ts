import { expect } from 'vitest';
import { createDispatcher, UpstreamClient } from '../../src/sources/http/upstream-client.js';
import { ResponseCache } from '../../src/sources/http/response-cache.js';
import type { SourceName } from '../../src/domain/errors.js';

/** One upstream client stack (the same UpstreamClient every source uses) pointed at a stand-in. */
export function clientFor(source: SourceName, baseUrl: string): UpstreamClient {
  return new UpstreamClient({ source, baseUrl, dispatcher: createDispatcher(), cache: new ResponseCache(), timeoutMs: 5000, retries: 0 });
}

const INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;

/** The forms one value can take once mapped: itself, an instant to the millisecond, an enum's name. */
function forms(v: string | number | boolean): string[] {
  const text = String(v);
  const out = [text, text.toUpperCase().replace(/-/g, '_')];
  // A decimal string in major units ("123.45") kept as minor units (12345).
  // A decimal string normalised ("5.0" kept as "5").
  if (typeof v === 'string' && /^-?\d+\.\d+$/.test(v)) out.push(String(Number(v.replace('.', ''))), String(Number(v)));
  // Epoch milliseconds (Dintero's last_send_at) kept as an instant.
  if (typeof v === 'number' && v >= 1e12 && v < 1e13) out.push(new Date(v).toISOString().slice(0, 19));
  if (typeof v === 'string' && INSTANT.test(v)) {
    const t = Date.parse(v.includes('T') ? v : `${v.replace(' ', 'T')}Z`);
    if (!Number.isNaN(t)) out.push(new Date(t).toISOString().slice(0, 19));
  }
  return out;
}

function leaves(value: unknown, path: string, out: Array<[string, string | number | boolean]>): void {
  if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out);
  else if (value !== null && value !== undefined) out.push([path, value as string | number | boolean]);
}

/**
 * The leaves (scalar values) of a served example that appear nowhere in what a source client made
 * of it: a documented field the client dropped. A mapped value counts in any of its forms (money in
 * minor units, an instant to the second, an enum in upper case). Only a value that is distinct in the
 * example can prove a field was kept, which is why the fixtures replace repeated placeholders.
 */
export function lostLeaves(example: unknown, mapped: unknown): string[] {
  const have = new Set<string>();
  const got: Array<[string, string | number | boolean]> = [];
  leaves(mapped, '', got);
  for (const [, v] of got) for (const f of forms(v)) have.add(f);
  const want: Array<[string, string | number | boolean]> = [];
  leaves(example, '', want);
  return want.filter(([, v]) => !forms(v).some((f) => have.has(f))).map(([p]) => p.replace(/\[\d+\]/g, '[]'));
}

/**
 * Matches the same instant as `iso` however many trailing zero fraction digits it is printed with
 * (`2019-08-24T14:15:22Z`, `...22.000Z`, `...22.000000Z`): the schema promises the instant, and
 * keeps the digits the upstream sent, which are not the point of these tests.
 */
export function sameInstant(iso: string): unknown {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(iso);
  if (!m) throw new Error(`not an instant: ${iso}`);
  const digits = (m[2] ?? '').replace(/0+$/, '');
  const base = m[1]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return expect.stringMatching(new RegExp(digits ? `^${base}\\.${digits}0*Z$` : `^${base}(\\.0*)?Z$`));
}
