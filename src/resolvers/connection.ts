import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import { listFingerprint } from '../paging/cursor.js';
import { paginate, type ConnectionArgs, type ConnectionPage, type SegmentedList } from '../paging/engine.js';
import type { Context } from '../context.js';
import type { EntryList } from '../sources/ledgers/provider.js';
import type { Entry } from '../sources/model.js';

/**
 * Resolves a connection field through the one engine, with the request's cursor codec and the
 * per-field upstream budget. `content` is every argument that changes the list (not first/after):
 * cursors are bound to it.
 */
export function resolveConnection<T>(
  ctx: Context,
  list: { field: string; parent: string; content: Record<string, unknown> },
  args: ConnectionArgs,
  source: SegmentedList<T>,
  options: { defaultFirst?: number; maxFirst?: number; maxUpstreamCalls?: number; anchor?: string } = {},
): Promise<ConnectionPage<T>> {
  let fingerprint: string | undefined;
  return paginate(source, args, {
    codec: ctx.codec,
    // Hashed only when a cursor is signed or opened: a page asked for its nodes alone needs none.
    get fingerprint() {
      return (fingerprint ??= listFingerprint(list.field, list.parent, list.content));
    },
    maxUpstreamCalls: options.maxUpstreamCalls ?? ctx.limits.maxUpstreamCallsPerField,
    defaultFirst: options.defaultFirst ?? 100,
    maxFirst: options.maxFirst ?? 1000,
    anchor: options.anchor,
  });
}

/** `first` as the complexity plugin should price it: the requested page size. */
export function connectionComplexity(args: { first?: number | null }, perItem = 1) {
  return { field: 1, multiplier: Math.max(1, Math.min(args.first ?? 100, 1000)) * perItem };
}

/**
 * Whether the operation selects `path` below the current field (through fragments and inline
 * fragments), e.g. `['edges', 'node', 'payer']`. Used to ask an upstream for optional data only
 * when a client wants it.
 */
export function selects(info: GraphQLResolveInfo, path: string[]): boolean {
  const visit = (set: SelectionSetNode | undefined, rest: string[], seen: Set<string>): boolean => {
    if (!set || rest.length === 0) return rest.length === 0;
    const [head, ...tail] = rest;
    for (const sel of set.selections) {
      if (sel.kind === 'Field' && sel.name.value === head) {
        if (tail.length === 0 || visit(sel.selectionSet, tail, seen)) return true;
      } else if (sel.kind === 'InlineFragment') {
        if (visit(sel.selectionSet, rest, seen)) return true;
      } else if (sel.kind === 'FragmentSpread' && !seen.has(sel.name.value)) {
        const fragment = info.fragments[sel.name.value];
        if (fragment && visit(fragment.selectionSet, rest, new Set([...seen, sel.name.value]))) return true;
      }
    }
    return false;
  };
  return info.fieldNodes.some((node) => visit(node.selectionSet, path, new Set()));
}

/** A page of entries that also says whether they can still change (`LedgerEntryConnection.final`). */
export interface EntryConnectionPage extends ConnectionPage<Entry> {
  final: () => Promise<boolean>;
}

/** Pages a provider's entry list through the one engine, keeping the provider's finality with the page. */
export async function resolveEntryList(
  ctx: Context,
  list: { field: string; parent: string },
  args: ConnectionArgs,
  entries: EntryList,
  options: { anchor?: string; maxUpstreamCalls?: number } = {},
): Promise<EntryConnectionPage> {
  const page = await resolveConnection<Entry>(ctx, { ...list, content: entries.content }, args, entries.pages, options);
  return { ...page, final: () => entries.final(ctx.limits.maxUpstreamCallsPerField) };
}
