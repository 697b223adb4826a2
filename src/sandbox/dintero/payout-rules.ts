import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Rng } from '../core/rng.js';
import { envelopePage } from './billing.js';
import { DinteroHttpError, badRequest, notFound, validationError } from './errors.js';

/**
 * Payout rules (`/v1/accounts/{aid}/billing/payout-rules`), in the shapes of the user's seed
 * seed 001 (docs/upstreams/dintero.md): the list answers `{starting_after, payout_rules}` paged by `limit` +
 * `starting_after`, a rule carries `rule_version`, `created_*`, `updated_at`, `deleted_*`, `account_id`, and a
 * destination's `value` is a number or a decimal string (`10`, `"500"`, `"5.0"`), kept as the client sent it.
 * Create, update and remove answer with the rule. Validation is light, the way the upstream would reject a
 * structurally broken tree; the gateway checks sums, ranges and depth itself before sending.
 */
export interface PayoutDestinationNode {
  type: 'percentage' | 'flat_amount' | 'remaining_amount';
  value?: number | string;
  destination?: string;
  destinations?: PayoutDestinationNode[];
}

const MAX_DEPTH = 10;

const Node: z.ZodType<PayoutDestinationNode> = z.lazy(() =>
  z
    .object({
      type: z.enum(['percentage', 'flat_amount', 'remaining_amount']),
      value: z.union([z.number().finite(), z.string().regex(/^[+-]?\d+(\.\d+)?$/, 'a decimal number')]).optional(),
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
        // The seed's own example has a percentage node without a destination whose share is split among nested destinations.
        if (n.destination === undefined && (!n.destinations || n.destinations.length === 0)) {
          ctx.addIssue({ code: 'custom', path: ['destination'], message: `${n.type} needs a destination or nested destinations` });
        }
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

/** The seed's rule, key for key. */
export interface PayoutRule {
  id: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  deleted_by: string | null;
  deleted_at: string | null;
  account_id: string;
  rule_type: string;
  rule_id: string;
  rule_version: number;
  destinations: PayoutDestinationNode[];
  metadata: Record<string, unknown>;
}

export class PayoutRuleStore {
  private readonly byAccount = new Map<string, PayoutRule[]>();
  /** `<aid>\n<Idempotency-Key>` -> the body's hash and the rule as first created. */
  private readonly idempotency = new Map<string, { hash: string; rule: PayoutRule }>();
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = Rng.forKey(seed, 'dintero', 'payout-rules');
  }

  list(aid: string, q: URLSearchParams, cap?: number): { starting_after?: string; payout_rules: PayoutRule[] } {
    const includeDeleted = q.get('include_deleted');
    if (includeDeleted !== null && includeDeleted !== 'true' && includeDeleted !== 'false') {
      throw badRequest('include_deleted must be true or false', [{ path: 'include_deleted', message: `got "${includeDeleted}"` }]);
    }
    const ruleType = q.get('rule_type');
    const ruleId = q.get('rule_id');
    if (ruleId !== null && ruleType === null) {
      throw badRequest('rule_id must be used together with rule_type', [{ path: 'rule_id', message: 'requires rule_type' }]);
    }
    const matching = this.rules(aid).filter(
      (r) =>
        (includeDeleted === 'true' || r.deleted_at === null) &&
        (ruleType === null || r.rule_type === ruleType) &&
        (ruleId === null || r.rule_id === ruleId),
    );
    return envelopePage('payout_rules', matching, q, cap);
  }

  /**
   * Create, honouring an `Idempotency-Key` header (the Ruby client sends one; docs/upstreams/dintero.md): the
   * same key on the same account answers the rule as first created and creates nothing; the same key with another
   * body is a 409 (Stripe's convention, **inferred**).
   */
  create(
    aid: string,
    body: unknown,
    actor: string,
    now: string,
    idempotencyKey: string | undefined,
  ): { rule: PayoutRule; replayed: boolean } {
    const data = parse(body);
    const hash = createHash('sha256').update(JSON.stringify(data)).digest('hex');
    const slot = idempotencyKey ? `${aid}\n${idempotencyKey}` : undefined;
    const previous = slot ? this.idempotency.get(slot) : undefined;
    if (previous) {
      if (previous.hash !== hash) throw new DinteroHttpError(409, 'Idempotency-Key was already used with a different request body');
      return { rule: previous.rule, replayed: true };
    }
    this.refuseDuplicate(aid, data, null);
    const rule: PayoutRule = {
      id: this.rng.uuid(),
      created_at: now,
      created_by: actor,
      updated_at: now,
      deleted_by: null,
      deleted_at: null,
      account_id: aid,
      rule_type: data.rule_type,
      rule_id: data.rule_id,
      rule_version: 1,
      destinations: data.destinations,
      metadata: data.metadata ?? {},
    };
    this.rules(aid).push(rule);
    if (slot) this.idempotency.set(slot, { hash, rule: structuredClone(rule) });
    return { rule, replayed: false };
  }

  /** A new version of the same rule: `rule_version` + 1, `updated_at` restamped; deleted rules cannot be updated. */
  update(aid: string, id: string, body: unknown, now: string): PayoutRule {
    const index = this.activeIndex(aid, id);
    const data = parse(body);
    const current = this.rules(aid)[index] as PayoutRule;
    this.refuseDuplicate(aid, data, id);
    const next: PayoutRule = {
      ...current,
      rule_type: data.rule_type,
      rule_id: data.rule_id,
      destinations: data.destinations,
      metadata: data.metadata ?? {},
      rule_version: current.rule_version + 1,
      updated_at: now,
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

  /**
   * The seed: `rule_id` is the "Unique ID given the rule type", so two active rules never share (rule_type,
   * rule_id). The status for a clash is not published; 409 is **inferred**.
   */
  private refuseDuplicate(aid: string, data: RuleBody, self: string | null): void {
    const clash = this.rules(aid).find(
      (r) => r.deleted_at === null && r.id !== self && r.rule_type === data.rule_type && r.rule_id === data.rule_id,
    );
    if (clash) {
      throw new DinteroHttpError(
        409,
        `A payout rule for rule_type ${data.rule_type} and rule_id ${data.rule_id} already exists (${clash.id})`,
      );
    }
  }

  private activeIndex(aid: string, id: string): number {
    const index = this.rules(aid).findIndex((r) => r.id === id && r.deleted_at === null);
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
