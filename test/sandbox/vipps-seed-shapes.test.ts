import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { vippsSandboxFacts } from '../../src/sandbox/vipps/index.js';
import { accountingTokenFor } from '../helpers/vipps-sandbox.js';

/**
 * The sandbox against the user's own document, not against the gateway: every Report API answer
 * has the shape of the seed's response example (test/fixtures/seeds/vipps-report-000.json,
 * transcribed from seeds/000_7b92e0d6cec3d751.txt): the same keys, the same JSON types, nested
 * the same way, and the formats the example's values show.
 */
const seed = JSON.parse(readFileSync(new URL('../fixtures/seeds/vipps-report-000.json', import.meta.url), 'utf8')) as {
  authorizationExample: string;
  ledgers: Record<string, unknown>;
  dates: Record<string, unknown>;
  feed: Record<string, unknown>;
};

type Shape = string | Shape[] | { [key: string]: Shape };

/** JSON types, keys and nesting; an array by its first item (the seed's examples have one). */
function shapeOf(value: unknown): Shape {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (value === null) return 'null';
  if (typeof value === 'object') {
    const out: Record<string, Shape> = {};
    for (const key of Object.keys(value as object).sort()) out[key] = shapeOf((value as Record<string, unknown>)[key]);
    return out;
  }
  return typeof value;
}

/** Every item of every array has the shape of the seed's one item. */
function expectShape(actual: unknown, expected: unknown, where: string): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), where).toBe(true);
    for (const [i, item] of (actual as unknown[]).entries()) expectShape(item, expected[0], `${where}[${i}]`);
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    expect(actual !== null && typeof actual === 'object', where).toBe(true);
    expect(Object.keys(actual as object).sort(), where).toEqual(Object.keys(expected).sort());
    for (const key of Object.keys(expected)) expectShape((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${where}.${key}`);
    return;
  }
  expect(shapeOf(actual), where).toEqual(shapeOf(expected));
}

/** The example value's format: digits stand for any digit, letters for letters (`xxxx 5678`, `...000000Z`). */
function formatOf(text: string): RegExp {
  const body = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\d/g, '\\d');
  return new RegExp(`^${body}$`);
}

const NOW = '2026-11-20T14:30:00Z';
const facts = vippsSandboxFacts(undefined, { now: NOW });
let sandbox: RunningSandbox;
let base: string;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, now: NOW, vendors: { vipps: { pageSize: 50 } } });
  base = `${sandbox.origin}/vipps`;
  token = await accountingTokenFor(base);
});
afterAll(() => sandbox.close());

async function get(path: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

describe('the sandbox against the seed\'s response examples', () => {
  it('lists ledgers in the seed\'s shape, page after page', async () => {
    let cursor = '';
    let pages = 0;
    do {
      const page = await get(`/settlement/v1/ledgers${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
      expectShape(page, seed.ledgers, 'ledgers');
      const example = (seed.ledgers.items as Array<Record<string, { scheme: string }>>)[0]!;
      for (const l of page.items as Array<Record<string, { scheme: string; id: string }>>) {
        expect(l.ledgerId).toMatch(/^\d+$/);
        // `BBAN:NO`, `business:NO:ORG` in the seed; the sandbox's Danish and Finnish ledgers use their own country's.
        expect(l.payoutBankAccount!.scheme.split(':')[0]).toBe(example.payoutBankAccount!.scheme.split(':')[0]);
        expect(l.owner!.scheme.split(':')[0]).toBe(example.owner!.scheme.split(':')[0]);
      }
      cursor = page.cursor as string;
      pages++;
    } while (cursor !== '');
    expect(pages).toBeGreaterThan(1);
  });

  it('serves a last dates page exactly as the seed\'s example: cursor, hasMore false, tryLater, GDPR fields on request', async () => {
    // The seed's example is a last page that still carries a cursor: the sandbox's `cursor-on-last-page` dates.
    const quirk = facts.pageEndings.find((p) => p.ending === 'cursor-on-last-page' && p.topic === 'funds' && facts.ledgers.find((l) => l.ledgerId === p.ledgerId)?.kind === 'vm');
    expect(quirk).toBeDefined();
    let cursor: string | undefined;
    let page: Record<string, unknown>;
    do {
      page = await get(`/report/v2/ledgers/${quirk!.ledgerId}/funds/dates/${quirk!.date}?includeGDPRSensitiveData=true${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      cursor = page.hasMore ? (page.cursor as string) : undefined;
    } while (cursor);
    const captures = (page.items as Array<Record<string, unknown>>).filter((e) => e.entryType === 'capture' && e.name !== undefined);
    expect(captures.length).toBeGreaterThan(0);
    // The seed's example entry is a Vippsnummer capture with the payer's data; `message` can be null (no message written).
    const withMessage = captures.find((e) => typeof e.message === 'string');
    expectShape({ ...page, items: [withMessage] }, seed.dates, 'dates');
    const example = (seed.dates.items as Array<Record<string, string>>)[0]!;
    for (const e of captures) {
      expect(e.time).toMatch(formatOf(example.time!));
      expect(e.ledgerDate).toMatch(formatOf(example.ledgerDate!));
      expect(e.maskedPhoneNo).toMatch(/^xxxx \d{4}$/);
      expect(e.pspReference).toMatch(/^\d+$/);
      expect(e.recipientHandle).toMatch(/^(NO|DK|FI):\d+$/);
    }
  });

  it('serves the feed in the seed\'s shape, without the hasMore its prose says the feed omits', async () => {
    const vm = facts.ledgers.find((l) => l.kind === 'vm')!;
    const page = await get(`/report/v2/ledgers/${vm.ledgerId}/funds/feed?includeGDPRSensitiveData=true`);
    // seeds/000: "The response always includes cursor and omits hasMore", though its example shows `hasMore: false`.
    const { hasMore: _omitted, ...expected } = seed.feed;
    const capture = (page.items as Array<Record<string, unknown>>).find((e) => e.entryType === 'capture' && typeof e.message === 'string');
    expectShape({ ...page, items: [capture] }, expected, 'feed');
    expect(page).not.toHaveProperty('hasMore');
  });

  it('hands out tokens shaped as the seed\'s Authorization example', () => {
    expect(token.startsWith(seed.authorizationExample)).toBe(true);
    expect(token.split('.')).toHaveLength(3);
  });
});
