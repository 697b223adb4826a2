/**
 * The hand-written REST client the load benchmark compares Tally with: what a careful engineer
 * writes for exactly these two reads and nothing else. Plain Node, one undici Pool with keep-alive,
 * JSON.parse, direct mapping, no GraphQL and no validation library, answering with the same JSON as
 * the gateway's `data` for the two workloads (bench/load.ts checks that they are equal).
 *
 * It runs in its own process (compiled to plain JavaScript by bench/load.ts, like the gateway's
 * production build) and listens on an ephemeral loopback port:
 *
 *   POST /w1  {"ledgerId","date","first"}  entries of one closed date: entryType, pspReference,
 *                                          reference, amount { minorUnits currency }
 *   POST /w2  {"ledgerId","date","first"}  the same entries with their salesEvent (gross, lines)
 *
 * The W2 join reads as little as it can: the date's Sales pages (in time order, a sale at its
 * capture's time) only until every wanted sale is found or the page passes the last wanted entry's
 * time, then a point lookup (`psp-references/{psp}`, all its pages) for each sale still missing:
 * the few late captures the Sales API books on the next date. More calls than walking on, fewer
 * bytes to parse.
 *
 * Environment: SANDBOX_ORIGIN, VIPPS_CLIENT_ID, VIPPS_CLIENT_SECRET. Prints `{"url": ...}` when ready.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

const origin = process.env.SANDBOX_ORIGIN as string;
const pool = new Pool(origin, { connections: 32, keepAliveTimeout: 30_000, pipelining: 1 });

let token: { value: string; until: number } | undefined;
let tokenPending: Promise<string> | undefined;

/** One token, reused until shortly before it expires (what any careful client does). */
async function bearer(): Promise<string> {
  if (token && token.until > Date.now()) return token.value;
  tokenPending ??= (async () => {
    const basic = Buffer.from(`${process.env.VIPPS_CLIENT_ID}:${process.env.VIPPS_CLIENT_SECRET}`).toString('base64');
    const res = await pool.request({
      path: '/vipps/miami/v1/token',
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const body = JSON.parse(await res.body.text()) as { access_token: string; expires_in: number };
    token = { value: body.access_token, until: Date.now() + (Number(body.expires_in) - 60) * 1000 };
    tokenPending = undefined;
    return token.value;
  })();
  return tokenPending;
}

async function get<T>(path: string): Promise<T> {
  const res = await pool.request({
    path: `/vipps${path}`,
    method: 'GET',
    headers: { authorization: `Bearer ${await bearer()}`, accept: 'application/json' },
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`GET ${path}: ${res.statusCode} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

interface RawEntry {
  pspReference: string | null;
  time: string;
  entryType: string;
  reference?: string | null;
  currency: string;
  amount: number;
}
interface RawSale {
  pspReference: string | null;
  time: string;
  entryType: string;
  amounts?: { gross?: number | null } | null;
  lines?: Array<{ name?: string | null; quantity?: number | null }> | null;
}
interface Page<T> {
  items: T[];
  hasMore?: boolean | string;
  cursor?: string | null;
}
const more = (p: Page<unknown>) => (p.hasMore === true || p.hasMore === 'true') && !!p.cursor;
const q = encodeURIComponent;

/** The first `first` entries of a funds date, reading pages only as far as needed; and whether there are more. */
async function entries(ledgerId: string, date: string, first: number): Promise<{ items: RawEntry[]; hasNextPage: boolean }> {
  let items: RawEntry[] = [];
  let cursor: string | null = null;
  let hasMore = false;
  do {
    const page: Page<RawEntry> = await get<Page<RawEntry>>(
      `/report/v2/ledgers/${q(ledgerId)}/funds/dates/${date}${cursor ? `?cursor=${q(cursor)}` : ''}`,
    );
    items = items.length === 0 ? page.items : items.concat(page.items);
    hasMore = more(page);
    cursor = hasMore ? (page.cursor as string) : null;
  } while (cursor && items.length < first);
  return { items: items.length > first ? items.slice(0, first) : items, hasNextPage: items.length > first || hasMore };
}

async function w1(ledgerId: string, date: string, first: number): Promise<unknown> {
  const { items, hasNextPage } = await entries(ledgerId, date, first);
  const edges = new Array<unknown>(items.length);
  for (let i = 0; i < items.length; i++) {
    const e = items[i] as RawEntry;
    edges[i] = {
      node: {
        entryType: e.entryType,
        pspReference: e.pspReference ?? null,
        reference: e.reference ?? null,
        amount: { minorUnits: e.amount, currency: e.currency },
      },
    };
  }
  return { ledger: { entries: { edges, pageInfo: { hasNextPage } } } };
}

const joinable = (e: RawEntry) => (e.entryType === 'capture' || e.entryType === 'refund') && e.pspReference != null;
/** A capture and its refund can share a pspReference: the key is both. */
const keyOf = (psp: string, entryType: string) => `${entryType} ${psp}`;

async function w2(ledgerId: string, date: string, first: number): Promise<unknown> {
  const { items, hasNextPage } = await entries(ledgerId, date, first);
  // The wanted sales, and the latest entry time among them: past it, the date's pages hold none.
  const found = new Map<string, RawSale | null>();
  let last = '';
  for (const e of items) {
    if (!joinable(e)) continue;
    found.set(keyOf(e.pspReference as string, e.entryType), null);
    if (e.time > last) last = e.time;
  }
  let missing = found.size;
  let cursor: string | null = null;
  do {
    const page: Page<RawSale> = await get<Page<RawSale>>(
      `/sales/report/v1/ledgers/${q(ledgerId)}/dates/${date}?pageSize=1000${cursor ? `&cursor=${q(cursor)}` : ''}`,
    );
    for (const s of page.items) {
      if (s.pspReference == null) continue;
      const k = keyOf(s.pspReference, s.entryType);
      if (found.get(k) === null) {
        found.set(k, s);
        missing--;
      }
    }
    const tail = page.items[page.items.length - 1];
    cursor = more(page) && missing > 0 && !(tail && tail.time > last) ? (page.cursor as string) : null;
  } while (cursor);
  // The rest (late captures, booked on the next date) one transaction at a time, all pages of each.
  const rest = [...found].filter(([, s]) => s === null).map(([k]) => k);
  await Promise.all(
    rest.map(async (k) => {
      const [entryType, psp] = [k.slice(0, k.indexOf(' ')), k.slice(k.indexOf(' ') + 1)];
      let c: string | null = null;
      do {
        const page: Page<RawSale> = await get<Page<RawSale>>(
          `/sales/report/v1/ledgers/${q(ledgerId)}/psp-references/${q(psp)}${c ? `?cursor=${q(c)}` : ''}`,
        );
        for (const s of page.items) if (s.entryType === entryType && found.get(k) === null) found.set(k, s);
        c = more(page) ? (page.cursor as string) : null;
      } while (c);
    }),
  );
  const edges = new Array<unknown>(items.length);
  for (let i = 0; i < items.length; i++) {
    const e = items[i] as RawEntry;
    const sale = joinable(e) ? found.get(keyOf(e.pspReference as string, e.entryType)) : null;
    let salesEvent: unknown = null;
    if (sale) {
      const gross = sale.amounts?.gross;
      const src = sale.lines ?? [];
      const lines = new Array<unknown>(src.length);
      for (let j = 0; j < src.length; j++) {
        const l = src[j] as { name?: string | null; quantity?: number | null };
        lines[j] = { name: l.name ?? null, quantity: l.quantity ?? null };
      }
      salesEvent = { amounts: { gross: gross == null ? null : { minorUnits: gross } }, lines };
    }
    edges[i] = { node: { entryType: e.entryType, amount: { minorUnits: e.amount }, salesEvent } };
  }
  return { ledger: { entries: { edges, pageInfo: { hasNextPage } } } };
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    void (async () => {
      try {
        const { ledgerId, date, first } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          ledgerId: string;
          date: string;
          first: number;
        };
        const data = req.url === '/w1' ? await w1(ledgerId, date, first) : req.url === '/w2' ? await w2(ledgerId, date, first) : undefined;
        if (data === undefined) {
          res.writeHead(404).end();
          return;
        }
        const body = Buffer.from(JSON.stringify({ data }));
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
      } catch (err) {
        res.writeHead(502, { 'content-type': 'text/plain' }).end(String(err));
      }
    })();
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
});
process.on('SIGTERM', () => process.exit(0));
