/**
 * The hand-written REST client the load benchmark compares Tally with: plain Node, undici, no
 * GraphQL, no validation library, the most economical upstream sequence it can make, answering
 * with the same JSON as the gateway's `data` for the two workloads (bench/load.ts).
 *
 * It runs in its own process (compiled to plain JavaScript by bench/load.ts, like the gateway's
 * production build) and listens on an ephemeral loopback port:
 *
 *   POST /w1  {"ledgerId","date","first"}  entries of one closed date: entryType, pspReference,
 *                                          reference, amount { minorUnits currency }
 *   POST /w2  {"ledgerId","date","first"}  the same entries with their salesEvent (gross, lines)
 *
 * Environment: SANDBOX_ORIGIN, VIPPS_CLIENT_ID, VIPPS_CLIENT_SECRET. Prints `{"url": ...}` when ready.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';

const base = `${process.env.SANDBOX_ORIGIN}/vipps`;
const dispatcher = new Agent({ connections: 64, keepAliveTimeout: 30_000 });

let token: { value: string; until: number } | undefined;
let tokenPending: Promise<string> | undefined;

/** One token, reused until shortly before it expires (what any careful client does). */
async function bearer(): Promise<string> {
  if (token && token.until > Date.now()) return token.value;
  tokenPending ??= (async () => {
    const basic = Buffer.from(`${process.env.VIPPS_CLIENT_ID}:${process.env.VIPPS_CLIENT_SECRET}`).toString('base64');
    const res = await request(`${base}/miami/v1/token`, {
      method: 'POST',
      dispatcher,
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const body = (await res.body.json()) as { access_token: string; expires_in: number };
    token = { value: body.access_token, until: Date.now() + (Number(body.expires_in) - 60) * 1000 };
    tokenPending = undefined;
    return token.value;
  })();
  return tokenPending;
}

async function get<T>(path: string): Promise<T> {
  const res = await request(`${base}${path}`, { dispatcher, headers: { authorization: `Bearer ${await bearer()}`, accept: 'application/json' } });
  if (res.statusCode !== 200) throw new Error(`GET ${path}: ${res.statusCode} ${await res.body.text()}`);
  return (await res.body.json()) as T;
}

interface RawEntry {
  pspReference: string | null;
  entryType: string;
  reference?: string | null;
  currency: string;
  amount: number;
}
interface RawSale {
  pspReference: string | null;
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

/** The first `first` entries of a funds date, reading pages only as far as needed; and whether there are more. */
async function entries(ledgerId: string, date: string, first: number): Promise<{ items: RawEntry[]; hasNextPage: boolean }> {
  const items: RawEntry[] = [];
  let cursor: string | null = null;
  let hasMore = false;
  do {
    const page: Page<RawEntry> = await get<Page<RawEntry>>(`/report/v2/ledgers/${encodeURIComponent(ledgerId)}/funds/dates/${date}${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
    for (const e of page.items) items.push(e);
    hasMore = more(page);
    cursor = hasMore ? (page.cursor as string) : null;
  } while (cursor && items.length < first);
  return { items: items.slice(0, first), hasNextPage: items.length > first || hasMore };
}

async function w1(ledgerId: string, date: string, first: number): Promise<unknown> {
  const { items, hasNextPage } = await entries(ledgerId, date, first);
  return {
    ledger: {
      entries: {
        edges: items.map((e) => ({ node: { entryType: e.entryType, pspReference: e.pspReference ?? null, reference: e.reference ?? null, amount: { minorUnits: e.amount, currency: e.currency } } })),
        pageInfo: { hasNextPage },
      },
    },
  };
}

/** The entries, every Sales page of their date at the largest page size, then point lookups for the late few. */
async function w2(ledgerId: string, date: string, first: number): Promise<unknown> {
  const { items, hasNextPage } = await entries(ledgerId, date, first);
  const joinable = (e: RawEntry) => (e.entryType === 'capture' || e.entryType === 'refund') && e.pspReference != null;
  const sales = new Map<string, RawSale[]>();
  const add = (s: RawSale) => {
    if (s.pspReference == null) return;
    const list = sales.get(s.pspReference);
    if (list) list.push(s);
    else sales.set(s.pspReference, [s]);
  };
  const wanted = new Set(items.filter(joinable).map((e) => e.pspReference as string));
  const missing = () => [...wanted].filter((p) => !sales.has(p));
  // Pages of a date in order, only until every wanted sale has been seen (sales come in time order).
  const walk = async (day: string) => {
    let cursor: string | null = null;
    do {
      const page: Page<RawSale> = await get<Page<RawSale>>(`/sales/report/v1/ledgers/${encodeURIComponent(ledgerId)}/dates/${day}?pageSize=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      for (const s of page.items) add(s);
      cursor = more(page) ? (page.cursor as string) : null;
    } while (cursor && missing().length > 0);
  };
  await walk(date);
  // Late captures at the end of the day are booked on the next date: a few by point lookups, many by walking it.
  if (missing().length > 4) await walk(new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10));
  // A lookup answers in pages too (cursor, hasMore), the cursor going back as on the date endpoint.
  await Promise.all(
    missing().map(async (psp) => {
      let cursor: string | null = null;
      do {
        const page: Page<RawSale> = await get<Page<RawSale>>(`/sales/report/v1/ledgers/${encodeURIComponent(ledgerId)}/psp-references/${encodeURIComponent(psp)}${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
        for (const s of page.items) add(s);
        cursor = more(page) ? (page.cursor as string) : null;
      } while (cursor);
    }),
  );
  return {
    ledger: {
      entries: {
        edges: items.map((e) => {
          const list = joinable(e) ? sales.get(e.pspReference as string) : undefined;
          const sale = list?.find((s) => s.entryType === e.entryType) ?? list?.[0];
          return {
            node: {
              entryType: e.entryType,
              amount: { minorUnits: e.amount },
              salesEvent: sale
                ? {
                    amounts: { gross: sale.amounts?.gross == null ? null : { minorUnits: sale.amounts.gross } },
                    lines: (sale.lines ?? []).map((l) => ({ name: l.name ?? null, quantity: l.quantity ?? null })),
                  }
                : null,
            },
          };
        }),
        pageInfo: { hasNextPage },
      },
    },
  };
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    void (async () => {
      try {
        const { ledgerId, date, first } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ledgerId: string; date: string; first: number };
        const data = req.url === '/w1' ? await w1(ledgerId, date, first) : req.url === '/w2' ? await w2(ledgerId, date, first) : undefined;
        if (data === undefined) {
          res.writeHead(404).end();
          return;
        }
        const body = JSON.stringify({ data });
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
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
