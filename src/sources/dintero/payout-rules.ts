import { randomUUID } from 'node:crypto';
import { badInput, TallyError } from '../../domain/errors.js';
import { path } from '../http/upstream-client.js';
import type { CallContext } from '../model.js';
import type { UpstreamPage } from '../../paging/page.js';
import type { AccountTransport } from './transport.js';
import { DINTERO_PAGE_SIZES, startingAfterPage } from './pages.js';
import { toPayoutRule, toRuleBody } from './mapping.js';
import type { PayoutRule, PayoutRuleInput } from './model.js';
import { PayoutRuleListSchema, PayoutRuleSchema } from './schemas.js';
import { canonicalJson, sha256, WRITE_GUARD, type IdempotencyRecord, type KeyedLock, type WriteStore } from './write-guard.js';

export interface PayoutRuleFilter {
  ruleType?: string | null;
  ruleId?: string | null;
  includeDeleted?: boolean | null;
}

/** Guards a lookup walk against an upstream that never stops answering full pages. */
const MAX_LOOKUP_PAGES = 200;

/** `/accounts/{aid}/billing/payout-rules` (seed): list `{starting_after, payout_rules}`, create, update, remove; writes guarded (write-guard.ts). */
export class DinteroPayoutRules {
  constructor(
    private readonly account: AccountTransport,
    private readonly pageSize: number,
    private readonly writes: { store: WriteStore; lock: KeyedLock },
  ) {}

  async page(ctx: CallContext, filter: PayoutRuleFilter, token: string | null, limit = this.pageSize): Promise<UpstreamPage<PayoutRule>> {
    const res = await this.account.request(ctx, {
      suffix: '/billing/payout-rules',
      endpoint: 'GET /v1/accounts/{aid}/billing/payout-rules',
      query: {
        limit,
        starting_after: token,
        rule_type: filter.ruleType,
        rule_id: filter.ruleId,
        include_deleted: filter.includeDeleted ? 'true' : undefined,
      },
      schema: PayoutRuleListSchema,
    });
    const received = res.data.payout_rules.map((r) => toPayoutRule(this.account.accountId, r));
    // The schema promises no deleted rule without `includeDeleted`: held to it here too, whatever the upstream
    // answered (the seed's own list example, fetched without `include_deleted`, holds a deleted rule). The page's
    // cursor comes from what was received, so a page of only deleted rules still leads on.
    const items = filter.includeDeleted ? received : received.filter((r) => !isDeleted(r));
    return startingAfterPage(items, received.length, { envelope: res.data.starting_after });
  }

  /** The API has no GET by id: a rule is found by walking the list, deleted rules included, in the largest pages. */
  async byId(ctx: CallContext, id: string): Promise<PayoutRule | null> {
    let token: string | null = null;
    for (let pages = 0; pages < MAX_LOOKUP_PAGES; pages++) {
      const page: UpstreamPage<PayoutRule> = await this.page(ctx, { includeDeleted: true }, token, DINTERO_PAGE_SIZES.payoutRuleLookup);
      const found = page.items.find((r) => r.id === id);
      if (found) return found;
      if (page.next === null) return null;
      token = page.next;
    }
    return null;
  }

  /**
   * Create, safe to repeat. Every create carries an idempotency key (the client's, or one generated
   * here and handed back), and its record belongs to the calling client: the key Dintero sees is
   * derived from the client's identity, the account and the client's key, so another client using
   * the same key text creates its own rule instead of replaying this one. Tally's own record (in
   * the shared store) answers a repeat once the rule is known; while the first outcome is unknown
   * (its answer was lost) a repeat is sent again with the same upstream key, which Dintero answers
   * with the rule it already created. Never retried by Tally itself.
   */
  async create(
    ctx: CallContext,
    input: PayoutRuleInput,
    caller: { clientId: string; idempotencyKey: string | null },
  ): Promise<CreatedRule> {
    const key = caller.idempotencyKey ?? randomUUID();
    const accountId = this.account.accountId;
    const body = toRuleBody(input);
    const request = sha256(canonicalJson(body));
    // One digest of (client, account, key) names both Tally's record and the key Dintero sees.
    const owned = sha256(`${caller.clientId}\n${accountId}\n${key}`);
    const record = `idempotency:dintero:payout-rule:${owned}`;
    const upstreamKey = `tally-${owned.slice(0, 48)}`;
    const claimed = await this.writes.store.setIfAbsent(
      record,
      JSON.stringify({ request } satisfies IdempotencyRecord),
      WRITE_GUARD.recordTtlMs,
    );
    if (!claimed) {
      const previous = parseRecord(await this.writes.store.get(record));
      if (previous && previous.request !== request) {
        throw badInput(
          'input.idempotencyKey: this key was already used for another request (other content); use a new key for a new rule.',
          {
            argument: 'input',
            path: 'input.idempotencyKey',
          },
        );
      }
      const rule = previous?.ruleId ? await this.byId(ctx, previous.ruleId) : await this.sameRule(ctx, input, request);
      if (rule) {
        await this.writes.store.set(
          record,
          JSON.stringify({ request, ruleId: rule.id } satisfies IdempotencyRecord),
          WRITE_GUARD.recordTtlMs,
        );
        return { rule, replayed: true, idempotencyKey: key };
      }
      // Not made yet (or still in flight): send again under the same upstream key.
    }
    try {
      const res = await this.account.request(ctx, {
        method: 'POST',
        suffix: '/billing/payout-rules',
        endpoint: 'POST /v1/accounts/{aid}/billing/payout-rules',
        headers: { 'idempotency-key': upstreamKey },
        body,
        schema: PayoutRuleSchema,
        retry: false,
      });
      const rule = toPayoutRule(accountId, res.data);
      // The rule exists now, whatever the store says: a record that keeps only `request` still
      // makes a repeat find this rule by its content (sameRule) instead of creating a second one.
      await this.writes.store
        .set(record, JSON.stringify({ request, ruleId: rule.id } satisfies IdempotencyRecord), WRITE_GUARD.recordTtlMs)
        .catch(() => undefined);
      return { rule, replayed: !claimed || res.headers['idempotent-replayed'] === 'true', idempotencyKey: key };
    } catch (err) {
      if (err instanceof TallyError && err.code === 'UPSTREAM_OUTCOME_UNKNOWN') {
        // The record stays: a repeat with this key must not create a second rule.
        throw new TallyError(err.code, `${err.message} This create's idempotencyKey is in extensions.idempotencyKey.`, {
          source: err.source,
          details: { ...err.details, idempotencyKey: key },
          cause: err,
        });
      }
      // Dintero answered (or was never reached): nothing was created, and the key is free again.
      if (claimed) await this.writes.store.delete(record).catch(() => undefined);
      throw err;
    }
  }

  /**
   * A new version, written only if the rule is still at `expectedVersion` when it is re-read right
   * before the write, with Tally's writers to this rule serialised around that read and write (the
   * upstream has no conditional update). `change` builds the new content from the current rule.
   */
  async update(
    ctx: CallContext,
    id: string,
    expectedVersion: number | null,
    change: (current: PayoutRule) => PayoutRuleInput,
  ): Promise<{ rule: PayoutRule; previousVersion: number | null }> {
    return this.writes.lock.run(this.lockKey(id), async () => {
      const current = await this.current(ctx, id, expectedVersion);
      const res = await this.account.request(ctx, {
        method: 'PUT',
        suffix: path`/billing/payout-rules/${id}`,
        endpoint: 'PUT /v1/accounts/{aid}/billing/payout-rules/{id}',
        body: toRuleBody(change(current)),
        schema: PayoutRuleSchema,
        retry: false,
      });
      return { rule: toPayoutRule(this.account.accountId, res.data), previousVersion: current.ruleVersion };
    });
  }

  /** Soft delete, serialised with updates of the same rule and, with `expectedVersion`, checked like one. */
  async remove(ctx: CallContext, id: string, expectedVersion: number | null): Promise<PayoutRule> {
    return this.writes.lock.run(this.lockKey(id), async () => {
      if (expectedVersion !== null) await this.current(ctx, id, expectedVersion);
      const res = await this.account.request(ctx, {
        method: 'DELETE',
        suffix: path`/billing/payout-rules/${id}`,
        endpoint: 'DELETE /v1/accounts/{aid}/billing/payout-rules/{id}',
        schema: PayoutRuleSchema,
        retry: false,
      });
      return toPayoutRule(this.account.accountId, res.data);
    });
  }

  /**
   * After a lost answer: the active rule with this request's content, if Dintero holds one. `rule_id`
   * is unique per rule type (seed), so that rule is the one the lost create made, whether or not
   * Dintero honours the Idempotency-Key header.
   */
  private async sameRule(ctx: CallContext, input: PayoutRuleInput, request: string): Promise<PayoutRule | null> {
    const page = await this.page(ctx, { ruleType: input.ruleType, ruleId: input.ruleId }, null);
    return page.items.find((r) => !isDeleted(r) && sha256(canonicalJson(toRuleBody(r))) === request) ?? null;
  }

  private lockKey(id: string): string {
    return `dintero:payout-rule:${this.account.accountId}:${id}`;
  }

  /** The rule as it is now (read inside the lock), refused when gone or when it moved past `expectedVersion`. */
  private async current(ctx: CallContext, id: string, expectedVersion: number | null): Promise<PayoutRule> {
    const current = await this.byId(ctx, id);
    if (!current || isDeleted(current)) throw new TallyError('NOT_FOUND', 'No such payout rule, or it was deleted', { source: 'dintero' });
    if (expectedVersion !== null && current.ruleVersion !== expectedVersion) {
      throw new PayoutRuleVersionConflict(current, expectedVersion);
    }
    return current;
  }
}

/**
 * A write refused because the rule moved past the caller's `expectedVersion`. It carries the rule as
 * read inside the write lock, so an answer can show the current rule without a second request; as
 * a plain TallyError it is the coded `CONFLICT` (with `currentVersion`) it always was.
 */
export class PayoutRuleVersionConflict extends TallyError {
  constructor(
    readonly current: PayoutRule,
    readonly expectedVersion: number,
  ) {
    super(
      'CONFLICT',
      `The payout rule is at version ${current.ruleVersion}, not ${expectedVersion}: it was changed since you read it. Read it again, reapply your change and send the new version as expectedVersion.`,
      { source: 'dintero', details: { path: 'input.expectedVersion', currentVersion: current.ruleVersion, expectedVersion } },
    );
  }
}

/** Deleted upstream: it carries a deletion time or who deleted it (a soft delete sets both). */
export function isDeleted(rule: PayoutRule): boolean {
  return rule.deletedAt !== null || rule.deletedBy !== null;
}

export interface CreatedRule {
  rule: PayoutRule;
  /** True when this key had already created the rule: nothing new was created. */
  replayed: boolean;
  /** The client's key, or the one generated for this create: repeat the create with it. */
  idempotencyKey: string;
}

function parseRecord(text: string | undefined): IdempotencyRecord | null {
  if (text === undefined) return null;
  try {
    const r = JSON.parse(text) as IdempotencyRecord;
    return typeof r?.request === 'string' ? r : null;
  } catch {
    return null;
  }
}
