import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Rng } from '../core/rng.js';
import { DinteroHttpError, badRequest, notFound, validationError } from './errors.js';

/**
 * Payout rules (`/v1/accounts/{aid}/billing/payout-rules`; reconstructed billing spec `PayoutRule`,
 * `PayoutRuleDestination`; QUIRKS.md 2 #11). Only the path of list/create and the body shape are confirmed (a
 * third-party client); update/delete by `{id}`, the response key `payout_rules`, versioning and the metadata fields
 * are **inferred**. Validation is light, the way the upstream would reject a structurally broken tree; the gateway
 * checks sums, ranges and depth itself before sending.
 */
export interface PayoutDestinationNode {
  type: 'percentage' | 'flat_amount' | 'remaining_amount';
  value?: number;
  destination?: string;
  destinations?: PayoutDestinationNode[];
}

const MAX_DEPTH = 10;

const Node: z.ZodType<PayoutDestinationNode> = z.lazy(() =>
  z
    .object({
      type: z.enum(['percentage', 'flat_amount', 'remaining_amount']),
      value: z.number().finite().optional(),
      destination: z.string().min(1).optional(),
      destinations: z.array(Node).optional(),
    })
    .superRefine((n, ctx) => {
      if (n.type === 'remaining_amount') {
        if (!n.destinations || n.destinations.length === 0) {
          ctx.addIssue({ code: 'custom', path: ['destinations'], message: 'remaining_amount needs nested destinations' });
        }
      } else {
        if (n.value === undefined) ctx.addIssue({ code: 'custom', path: ['value'], message: `${n.type} needs a value` });
        if (n.destination === undefined) ctx.addIssue({ code: 'custom', path: ['destination'], message: `${n.type} needs a destination` });
      }
    }),
);

const RuleBody = z.object({
  rule_type: z.string().min(1),
  rule_id: z.string().min(1),
  destinations: z.array(Node).min(1),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
type RuleBody = z.infer<typeof RuleBody>;

export interface PayoutRule {
  id: string;
  account_id: string;
  rule_type: string;
  rule_id: string;
  destinations: PayoutDestinationNode[];
  metadata: Record<string, unknown>;
  version: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  deleted_at?: string;
  deleted_by?: string;
}

export class PayoutRuleStore {
  private readonly byAccount = new Map<string, PayoutRule[]>();
  /** `<aid>\n<Idempotency-Key>` -> the body's hash and the rule as first created. */
  private readonly idempotency = new Map<string, { hash: string; rule: PayoutRule }>();
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = Rng.forKey(seed, 'dintero', 'payout-rules');
  }

  list(aid: string, q: URLSearchParams): { payout_rules: PayoutRule[] } {
    const includeDeleted = q.get('include_deleted');
    if (includeDeleted !== null && includeDeleted !== 'true' && includeDeleted !== 'false') {
      throw badRequest('include_deleted must be true or false', [{ path: 'include_deleted', message: `got "${includeDeleted}"` }]);
    }
    const ruleType = q.get('rule_type');
    const ruleId = q.get('rule_id');
    const payout_rules = this.rules(aid).filter(
      (r) =>
        (includeDeleted === 'true' || r.deleted_at === undefined) &&
        (ruleType === null || r.rule_type === ruleType) &&
        (ruleId === null || r.rule_id === ruleId),
    );
    return { payout_rules };
  }

  /**
   * Create, honouring an `Idempotency-Key` header (the Ruby client sends one; QUIRKS.md 2 "Reference clients"): the
   * same key on the same account answers the rule as first created and creates nothing; the same key with another
   * body is a 409 (Stripe's convention, **inferred**).
   */
  create(aid: string, body: unknown, actor: string, now: string, idempotencyKey: string | undefined): { rule: PayoutRule; replayed: boolean } {
    const data = parse(body);
    const hash = createHash('sha256').update(JSON.stringify(data)).digest('hex');
    const slot = idempotencyKey ? `${aid}\n${idempotencyKey}` : undefined;
    const previous = slot ? this.idempotency.get(slot) : undefined;
    if (previous) {
      if (previous.hash !== hash) throw new DinteroHttpError(409, 'Idempotency-Key was already used with a different request body');
      return { rule: previous.rule, replayed: true };
    }
    const rule: PayoutRule = {
      id: this.rng.uuid(),
      account_id: aid,
      rule_type: data.rule_type,
      rule_id: data.rule_id,
      destinations: data.destinations,
      metadata: data.metadata ?? {},
      version: 1,
      created_at: now,
      created_by: actor,
      updated_at: now,
      updated_by: actor,
    };
    this.rules(aid).push(rule);
    if (slot) this.idempotency.set(slot, { hash, rule: structuredClone(rule) });
    return { rule, replayed: false };
  }

  /** A new version of the same rule: `version` + 1, `updated_*` restamped; deleted rules cannot be updated. */
  update(aid: string, id: string, body: unknown, actor: string, now: string): PayoutRule {
    const index = this.activeIndex(aid, id);
    const data = parse(body);
    const current = this.rules(aid)[index] as PayoutRule;
    const next: PayoutRule = {
      ...current,
      rule_type: data.rule_type,
      rule_id: data.rule_id,
      destinations: data.destinations,
      metadata: data.metadata ?? {},
      version: current.version + 1,
      updated_at: now,
      updated_by: actor,
    };
    this.rules(aid)[index] = next;
    return next;
  }

  /** Soft delete (changelog 2020-12 `include_deleted`): the rule stays, hidden unless `include_deleted=true`. */
  delete(aid: string, id: string, actor: string, now: string): PayoutRule {
    const index = this.activeIndex(aid, id);
    const next: PayoutRule = { ...(this.rules(aid)[index] as PayoutRule), deleted_at: now, deleted_by: actor };
    this.rules(aid)[index] = next;
    return next;
  }

  private activeIndex(aid: string, id: string): number {
    const index = this.rules(aid).findIndex((r) => r.id === id && r.deleted_at === undefined);
    if (index < 0) throw notFound(`Payout rule ${id} not found`);
    return index;
  }

  private rules(aid: string): PayoutRule[] {
    let list = this.byAccount.get(aid);
    if (!list) this.byAccount.set(aid, (list = []));
    return list;
  }
}

function parse(body: unknown): RuleBody {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Request body must be a JSON object');
  // Depth before the schema, so an absurdly deep tree is refused without recursing through it.
  const raw = (body as { destinations?: unknown }).destinations;
  if (Array.isArray(raw) && rawDepth(raw, 0) > MAX_DEPTH) {
    throw badRequest(`Payout rule destinations may nest at most ${MAX_DEPTH} levels`, [{ path: 'destinations', message: 'too deep' }]);
  }
  const parsed = RuleBody.safeParse(body);
  if (!parsed.success) throw validationError('payout rule', parsed.error);
  return parsed.data;
}

function rawDepth(nodes: unknown[], level: number): number {
  if (level > MAX_DEPTH) return level;
  let max = level + 1;
  for (const n of nodes) {
    const children = (n as { destinations?: unknown } | null)?.destinations;
    if (Array.isArray(children)) max = Math.max(max, rawDepth(children, level + 1));
  }
  return max;
}
