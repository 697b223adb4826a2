import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import { TallyError } from '../domain/errors.js';

/**
 * How a field that carries personal data says so: its description ends with this sentence (visible
 * in introspection, and what the schema walk in test/integration/personal-data.test.ts looks for).
 */
export const PERSONAL_DATA_NOTE = 'Personal data: needs the gdpr scope.';

/**
 * The options that make a field personal: it needs the `gdpr` scope (checked by the scope-auth
 * plugin in the field's own resolver, so every path to it is covered: queries, links, `node(id:)`,
 * mutation payloads, subscriptions, graphql-jit), and its description says so. The field must be
 * nullable: without the scope it is null with one `FORBIDDEN` error.
 */
export function personal(description: string): { description: string; authScopes: { gdpr: true } } {
  return { description: `${description} ${PERSONAL_DATA_NOTE}`, authScopes: { gdpr: true } };
}

const PAYER_MESSAGE = 'Payer details are GDPR-sensitive: this API key lacks the `gdpr` scope, so they were not requested.';
const PERSONAL_MESSAGE =
  'Personal data (names, e-mail addresses, phone numbers, free text, bank accounts): this API key lacks the `gdpr` scope, so it is not given.';

const refusals = new WeakMap<Context, Map<string, TallyError>>();

/**
 * The error of a personal field read without the `gdpr` scope. One instance per request and message,
 * so the response carries it once with every refused path (see useSharedUpstreamErrors).
 */
export function gdprForbidden(ctx: Context, info: GraphQLResolveInfo): TallyError {
  // The payer's own wording stays as it was before the check moved into the schema.
  const message = info.parentType.name === 'Entry' || info.parentType.name === 'PayerDetails' ? PAYER_MESSAGE : PERSONAL_MESSAGE;
  let byMessage = refusals.get(ctx);
  if (!byMessage) refusals.set(ctx, (byMessage = new Map()));
  let e = byMessage.get(message);
  if (!e) {
    e = new TallyError('FORBIDDEN', message, { details: { scope: 'gdpr' } });
    byMessage.set(message, e);
  }
  return e;
}
