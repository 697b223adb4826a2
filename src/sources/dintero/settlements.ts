import { Readable } from 'node:stream';
import { TallyError, badInput } from '../../domain/errors.js';
import { path } from '../http/upstream-client.js';
import type { CallContext } from '../model.js';
import type { UpstreamPage } from '../../paging/page.js';
import type { AccountTransport } from './transport.js';
import { toSettlement } from './mapping.js';
import type { Settlement, SettlementFilters } from './model.js';
import { AttachmentLinkSchema, SettlementListSchema } from './schemas.js';

/**
 * Settlement pages are kept briefly across requests: a client paging with a small `first` resumes
 * inside the same upstream page of 100, and re-reading it for every GraphQL page would cost one call
 * per page. Short, because settlements still change (a postponed one gets paid, new ones arrive).
 */
const SETTLEMENT_PAGE_TTL_MS = 30_000;

export interface AttachmentStream {
  contentType: string | null;
  contentLength: string | null;
  body: Readable;
}

/** The upstream token of a settlements page: Dintero's two-part start key, as JSON (dintero quirk 1 (docs/upstreams/dintero.md)). */
interface SettlementToken {
  id: string;
  date: string;
}

function parseSettlementToken(token: string): SettlementToken {
  const t = JSON.parse(token) as SettlementToken;
  if (typeof t?.id !== 'string' || typeof t?.date !== 'string') throw new TallyError('BAD_USER_INPUT', 'Unreadable settlements cursor');
  return t;
}

/** `GET /accounts/{aid}/settlements` and its attachments. */
export class DinteroSettlements {
  constructor(
    private readonly account: AccountTransport,
    private readonly pageSize: number,
  ) {}

  /**
   * One page of settlements. The next page's start key is `last_evaluated_key.id` plus its
   * `settled_at`, or its `created_at` when filtering by creation date or while `settled_at` is null
   * (dintero quirk 1 (docs/upstreams/dintero.md)); both parts travel together in the token, since one alone is a 400.
   */
  async page(ctx: CallContext, filters: SettlementFilters, token: string | null): Promise<UpstreamPage<Settlement>> {
    const byCreated = filters.createdFrom != null || filters.createdTo != null;
    const start = token === null ? null : parseSettlementToken(token);
    const res = await this.account.request(ctx, {
      suffix: '/settlements',
      endpoint: 'GET /v1/accounts/{aid}/settlements',
      query: {
        limit: this.pageSize,
        starting_after_id: start?.id,
        starting_after_date: start?.date,
        // dintero quirk 2 (docs/upstreams/dintero.md): `created_at.*` filters on settled_at, `item_created_at.*` on created_at.
        'created_at.gte': filters.settledFrom,
        'created_at.lte': filters.settledTo,
        'item_created_at.gte': filters.createdFrom,
        'item_created_at.lte': filters.createdTo,
        payment_provider: filters.providers && filters.providers.length > 0 ? [...filters.providers] : undefined,
        payout_destination_id: filters.payoutDestinationId,
        search: filters.search,
      },
      schema: SettlementListSchema,
      cache: { key: this.account.cacheKey, ttlMs: () => SETTLEMENT_PAGE_TTL_MS },
    });
    const key = res.data.last_evaluated_key;
    const keyDate = key ? (byCreated ? key.created_at : (key.settled_at ?? key.created_at)) : null;
    const next =
      key && keyDate && res.data.items.length > 0 ? JSON.stringify({ id: key.id, date: keyDate } satisfies SettlementToken) : null;
    return {
      items: res.data.items.map((s) => toSettlement(this.account.accountId, s)),
      next,
      hasMore: next !== null,
      final: true,
      cached: res.cached,
    };
  }

  /** A settlement by id: the API has no single-settlement endpoint; `search` matches settlement ids. */
  async byId(ctx: CallContext, id: string): Promise<Settlement | null> {
    let token: string | null = null;
    for (let guard = 0; guard < 20; guard++) {
      const page: UpstreamPage<Settlement> = await this.page(ctx, { search: id }, token);
      const found = page.items.find((s) => s.id === id);
      if (found) return found;
      if (!page.next) return null;
      token = page.next;
    }
    return null;
  }

  /**
   * The attachment's bytes, in either form Dintero answers: the file itself, as the Billing API
   * page documents it (a JSON string of its content under `application/json`, or the file's own
   * type), or `{"url"}`, a signed storage link that must be fetched WITHOUT the bearer token
   * (dintero quirk 6 (docs/upstreams/dintero.md)), as a real client reports. A JSON body that is neither (a `json` report file)
   * is the file itself too.
   */
  async openAttachment(ctx: CallContext, settlementId: string, attachmentId: string): Promise<AttachmentStream> {
    const { http } = this.account;
    const first = await this.account.withToken((headers) =>
      http.stream({
        url: this.account.baseUrl + this.account.path(path`/settlements/${settlementId}/attachments/${attachmentId}`),
        endpoint: 'GET /v1/accounts/{aid}/settlements/{settlementid}/attachments/{attachmentid}',
        headers: { ...headers, accept: 'application/json, */*' },
        meter: ctx.meter,
        signal: ctx.signal,
      }),
    );
    const type = first.headers['content-type'] ?? null;
    if (!type || !/json/i.test(type)) {
      return { contentType: type, contentLength: first.headers['content-length'] ?? null, body: first.body };
    }
    const bytes = Buffer.from(await first.body.arrayBuffer());
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      // Declared JSON but is not: the bytes are all there is, and they are the file.
      return inlineFile(bytes, null);
    }
    if (typeof json === 'string') return inlineFile(Buffer.from(json, 'utf8'), null);
    if (json === null || typeof json !== 'object' || Array.isArray(json) || !('url' in json)) return inlineFile(bytes, type);
    const link = AttachmentLinkSchema.safeParse(json);
    if (!link.success) {
      throw new TallyError('UPSTREAM_BAD_RESPONSE', 'dintero answered the attachment download with a link that is not an http(s) URL', {
        source: 'dintero',
      });
    }
    const file = await http.stream({ url: link.data.url, endpoint: 'GET <signed attachment link>', meter: ctx.meter, signal: ctx.signal });
    return { contentType: file.headers['content-type'] ?? null, contentLength: file.headers['content-length'] ?? null, body: file.body };
  }
}

function inlineFile(bytes: Buffer, contentType: string | null): AttachmentStream {
  return { contentType, contentLength: String(bytes.length), body: Readable.from([bytes]) };
}

/**
 * Filter combinations the upstream refuses with a 400, refused here first with names the client
 * used: a settled-date bound cannot be combined with the created-date bound on the same side
 * (dintero quirk 2 (docs/upstreams/dintero.md)), and a range must not end before it starts.
 */
export function validateSettlementFilters(f: SettlementFilters): void {
  if (f.settledFrom != null && f.createdFrom != null) {
    throw badInput(
      '`settledFrom` and `createdFrom` cannot be combined: Dintero filters on one date at a time (created_at.gte vs item_created_at.gte).',
      { argument: 'createdFrom' },
    );
  }
  if (f.settledTo != null && f.createdTo != null) {
    throw badInput(
      '`settledTo` and `createdTo` cannot be combined: Dintero filters on one date at a time (created_at.lte vs item_created_at.lte).',
      { argument: 'createdTo' },
    );
  }
  if (f.settledFrom != null && f.settledTo != null && f.settledFrom > f.settledTo) {
    throw badInput('`settledTo` is before `settledFrom`.', { argument: 'settledTo' });
  }
  if (f.createdFrom != null && f.createdTo != null && f.createdFrom > f.createdTo) {
    throw badInput('`createdTo` is before `createdFrom`.', { argument: 'createdTo' });
  }
}
