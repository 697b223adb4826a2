import { z } from 'zod';
import { Rng } from '../core/rng.js';
import { badRequest, notFound, validationError } from './errors.js';
import { intParam } from './settlements.js';

/**
 * `UpdateSettlementReportConfigItem` (swagger2 definitions; the user's seed shows the same body): `filetypes`,
 * `destinations`, `providers` required; `filters` and the deprecated `send_every` optional. `filetypes` and a filter's
 * `filter` are free strings in the seed, and so they are here (the seed's own examples send `"string"`); an
 * `account_email` destination may carry a `destination_value` (the seed's example does). Read-only fields in a body
 * (`created_at`, `last_send_at`, ...) are ignored; a destination `id` sent back is kept.
 */
const Destination = z
  .object({
    id: z.string().optional(),
    destination_type: z.enum(['account_email', 'email']),
    destination_value: z.string().optional(),
  })
  .superRefine((d, ctx) => {
    if (d.destination_type === 'email' && !z.email().safeParse(d.destination_value).success) {
      ctx.addIssue({
        code: 'custom',
        path: ['destination_value'],
        message: 'an e-mail address is required when destination_type is email',
      });
    }
  });

export const ReportConfigBody = z.object({
  filetypes: z.array(z.string().min(1)).min(1),
  destinations: z.array(Destination),
  providers: z.array(z.string().min(1)),
  filters: z.array(z.object({ filter: z.string().min(1), value: z.string().min(1) })).optional(),
  send_every: z.number().int().min(0).optional(),
});

export interface ReportConfig {
  id: string;
  account_id: string;
  filetypes: string[];
  destinations: Array<{ id: string; destination_type: 'account_email' | 'email'; destination_value?: string }>;
  providers: string[];
  filters: Array<{ filter: string; value: string }>;
  send_every?: number;
  created_at: string;
  updated_at: string;
  /** Deprecated upstream, epoch ms of the last report sent (0: none yet); kept across updates. */
  last_send_at: number;
  /** Deprecated upstream, epoch ms (swagger2 `SettlementReportConfigItem.last_modified_at`). */
  last_modified_at: number;
}

/**
 * Per-account configurations, living as long as the sandbox process. Ids sort in creation order, which is the list
 * order, so the list cursor (`starting_after` = the last id of a page) stays valid when items are deleted.
 */
export class ReportConfigStore {
  private readonly byAccount = new Map<string, Map<string, ReportConfig>>();
  private seq = 0;

  constructor(
    private readonly seed: number,
    accounts: readonly string[],
  ) {
    // One configuration per account to start with, the docs' example (docs/upstreams/dintero.md).
    for (const aid of accounts) {
      const at = '2025-03-14T09:12:45.000Z';
      this.insert(aid, { filetypes: ['pdf'], destinations: [{ destination_type: 'account_email' }], providers: [], filters: [] }, at);
    }
  }

  count(aid: string): number {
    return this.map(aid).size;
  }

  /** List (swagger2 `aid_settlement_report_config_list`): `limit` 1..1000 default 100 (`parameters/limit1k`). */
  list(aid: string, q: URLSearchParams, cap?: number): { items: ReportConfig[]; starting_after?: string } {
    const limit = Math.min(intParam(q, 'limit', 1, 1000, 100), cap ?? 1000);
    const after = q.get('starting_after');
    const all = [...this.map(aid).values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    const rest = after ? all.filter((c) => c.id > after) : all;
    const items = rest.slice(0, limit);
    const last = items[items.length - 1];
    // End of the list: no `starting_after` in the body (**inferred**, reconstructed billing spec).
    return rest.length > limit && last ? { items, starting_after: last.id } : { items };
  }

  get(aid: string, id: string): ReportConfig {
    const found = this.map(aid).get(id);
    if (!found) throw notFound(`Settlement report configuration ${id} not found`);
    return found;
  }

  create(aid: string, body: unknown, now: string): ReportConfig {
    return this.insert(aid, parse(body), now);
  }

  update(aid: string, id: string, body: unknown, now: string): ReportConfig {
    const existing = this.get(aid, id);
    const next = this.build(aid, parse(body), existing.id, existing.created_at, now, existing.last_send_at);
    this.map(aid).set(id, next);
    return next;
  }

  delete(aid: string, id: string): ReportConfig {
    const existing = this.get(aid, id);
    this.map(aid).delete(id);
    return existing;
  }

  private insert(aid: string, body: z.infer<typeof ReportConfigBody>, now: string): ReportConfig {
    this.seq += 1;
    const rng = Rng.forKey(this.seed, 'dintero', 'report-config', this.seq);
    const id = `rc_${String(this.seq).padStart(8, '0')}${rng.hex(12)}`;
    const config = this.build(aid, body, id, now, now);
    this.map(aid).set(id, config);
    return config;
  }

  private build(
    aid: string,
    body: z.infer<typeof ReportConfigBody>,
    id: string,
    createdAt: string,
    now: string,
    lastSendAt = 0,
  ): ReportConfig {
    const rng = Rng.forKey(this.seed, 'dintero', 'report-config-destinations', id, now);
    const config: ReportConfig = {
      id,
      account_id: aid,
      filetypes: body.filetypes,
      destinations: body.destinations.map((d) => ({ ...d, id: d.id ?? `dst_${rng.hex(12)}` })),
      providers: body.providers,
      filters: body.filters ?? [],
      created_at: createdAt,
      updated_at: now,
      last_send_at: lastSendAt,
      last_modified_at: Date.parse(now),
    };
    if (body.send_every !== undefined) config.send_every = body.send_every;
    return config;
  }

  private map(aid: string): Map<string, ReportConfig> {
    let m = this.byAccount.get(aid);
    if (!m) this.byAccount.set(aid, (m = new Map()));
    return m;
  }
}

function parse(body: unknown): z.infer<typeof ReportConfigBody> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Request body must be a JSON object');
  const parsed = ReportConfigBody.safeParse(body);
  if (!parsed.success) throw validationError('settlement report configuration', parsed.error);
  return parsed.data;
}
