import { isTallyError, type SourceName } from '../domain/errors.js';
import type { PayoutRule } from '../sources/dintero/model.js';
import { PayoutRuleVersionConflict as ConflictError } from '../sources/dintero/payout-rules.js';
import { builder } from './builder.js';
import { PayoutRuleRef } from './payout-rule.js';

/**
 * The expected failures of a write, answered as members of the mutation's result union (Pothos'
 * errors plugin matches these classes) instead of top-level errors: the caller handles them, so
 * they carry what it needs to (the current rule, a path into the input, the key to repeat with).
 * What is not the caller's to handle (authentication, grants, an upstream down or refusing) stays a
 * coded top-level error.
 */
abstract class WriteProblem extends Error {
  abstract readonly code: 'CONFLICT' | 'BAD_USER_INPUT' | 'UPSTREAM_OUTCOME_UNKNOWN';
}

export class PayoutRuleVersionConflict extends WriteProblem {
  readonly code = 'CONFLICT';
  constructor(
    message: string,
    readonly currentRule: PayoutRule,
    readonly expectedVersion: number,
  ) {
    super(message);
  }
}

export interface InputProblemValue {
  path: string;
  message: string;
}

export class InvalidInput extends WriteProblem {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    message: string,
    readonly problems: InputProblemValue[],
  ) {
    super(message);
  }
}

export class WriteOutcomeUnknown extends WriteProblem {
  readonly code = 'UPSTREAM_OUTCOME_UNKNOWN';
  constructor(
    message: string,
    readonly idempotencyKey: string | null,
    readonly source: SourceName | null,
  ) {
    super(message);
  }
}

/**
 * The typed problem a write's failure is, or the failure itself when it is not the caller's to
 * handle. The coded errors stay the single source of what went wrong; this only reshapes them.
 */
export function asWriteProblem(err: unknown): unknown {
  if (err instanceof ConflictError) return new PayoutRuleVersionConflict(err.message, err.current, err.expectedVersion);
  if (!isTallyError(err)) return err;
  const details = err.details ?? {};
  if (err.code === 'BAD_USER_INPUT') {
    const listed = Array.isArray(details.issues) ? (details.issues as InputProblemValue[]) : [];
    const at = typeof details.path === 'string' ? details.path : typeof details.argument === 'string' ? details.argument : 'input';
    // A single problem's message starts with its path (`input.x: ...`); the path has its own field.
    const problems =
      listed.length > 0
        ? listed
        : [{ path: at, message: err.message.startsWith(`${at}: `) ? err.message.slice(at.length + 2) : err.message }];
    return new InvalidInput(err.message, problems);
  }
  if (err.code === 'UPSTREAM_OUTCOME_UNKNOWN') {
    return new WriteOutcomeUnknown(
      err.message,
      typeof details.idempotencyKey === 'string' ? details.idempotencyKey : null,
      err.source ?? null,
    );
  }
  return err;
}

/** `input.destinations[1].value` as segments: names and list indices, each typed. */
export function pathSegments(path: string): Array<{ field: string | null; index: number | null }> {
  return [...path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)].map((m) =>
    m[1] !== undefined ? { field: null, index: Number(m[1]) } : { field: m[2] ?? '', index: null },
  );
}

const WriteProblemRef = builder.interfaceRef<WriteProblem>('WriteProblem').implement({
  description:
    "An expected failure of a write, answered as data: a member of the mutation's result union. Select `__typename` and the members you handle; any member you do not select still answers `message` and `code` through this interface. Failures that are not the caller's to handle (authentication, grants, an upstream that is down or refuses) stay top-level errors with `extensions.code`.",
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What went wrong, in words for a person.' }),
    code: t.string({
      description:
        'The `extensions.code` the same failure has as a top-level error (`CONFLICT`, `BAD_USER_INPUT`, `UPSTREAM_OUTCOME_UNKNOWN`), for clients that branch on codes.',
      resolve: (p) => p.code,
    }),
  }),
});

builder.objectType(PayoutRuleVersionConflict, {
  name: 'PayoutRuleVersionConflict',
  description:
    'The rule was changed since it was read: it is no longer at `expectedVersion`, and nothing was written. `currentRule` is the rule as it is now (read right before the refused write), so the caller can show it and reapply the change without a second request.',
  interfaces: [WriteProblemRef],
  fields: (t) => ({
    expectedVersion: t.exposeInt('expectedVersion', { description: 'The `expectedVersion` the write was sent with.' }),
    currentRule: t.field({
      type: PayoutRuleRef,
      description: 'The rule as it is now; its `ruleVersion` is what to send as `expectedVersion` next time.',
      resolve: (p) => p.currentRule,
    }),
  }),
});

const InputPathSegment = builder.simpleObject('InputPathSegment', {
  description: "One step of a path into a mutation's input: a field name or a list index (exactly one is set).",
  fields: (t) => ({
    field: t.string({ nullable: true, description: "An input field's name, e.g. `destinations`." }),
    index: t.int({ nullable: true, description: 'A position in an input list, counted from 0.' }),
  }),
});

const InputProblem = builder.objectRef<InputProblemValue>('InputProblem').implement({
  description: 'One problem with one place of the input.',
  fields: (t) => ({
    path: t.field({
      type: [InputPathSegment],
      description: 'Where in the input, step by step from the argument: `input`, `destinations`, 1, `value`.',
      resolve: (p) => pathSegments(p.path),
    }),
    pathText: t.exposeString('path', { description: 'The same path written out, e.g. `input.destinations[1].value`.' }),
    message: t.exposeString('message', { description: 'What is wrong there.' }),
  }),
});

builder.objectType(InvalidInput, {
  name: 'InvalidInput',
  description: 'The input was refused before anything was sent upstream: nothing was written. Each problem names its place in the input.',
  interfaces: [WriteProblemRef],
  fields: (t) => ({
    problems: t.field({ type: [InputProblem], description: 'Every problem found (at least one).', resolve: (p) => p.problems }),
  }),
});

builder.objectType(WriteOutcomeUnknown, {
  name: 'WriteOutcomeUnknown',
  description:
    'The write was sent and its answer lost (a timeout, a reset connection): it may or may not have happened. Tally never repeats a write on its own. A create carries the key to repeat it with (`idempotencyKeyToRepeat`) (a repeat answers the rule made the first time, or makes it once); for an update or a delete, read the object and compare before repeating.',
  interfaces: [WriteProblemRef],
  fields: (t) => ({
    // Not `idempotencyKey`: that is `String!` on CreatePayoutRulePayload, and one selection over the
    // union could not ask for both under the same name.
    idempotencyKeyToRepeat: t.string({
      nullable: true,
      description:
        'The key this write ran under: send the same input with it as `idempotencyKey` to repeat safely. Null for writes without a key (updates, deletes).',
      resolve: (p) => p.idempotencyKey,
    }),
    source: t.string({ nullable: true, description: 'The upstream the write was sent to (`dintero`).', resolve: (p) => p.source }),
  }),
});
