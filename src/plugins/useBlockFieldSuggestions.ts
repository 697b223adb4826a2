import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Plugin } from 'graphql-yoga';

/**
 * graphql-armor with only its field-suggestion blocker: a validation error does not answer "did you
 * mean ...?" to a stranger probing the schema. Depth, aliases, tokens, directives and cost have
 * Tally's own limits (useDocumentLimits, useOperationLimit), so armor's are off.
 */
export function useBlockFieldSuggestions(enabled: boolean): Plugin {
  return EnvelopArmorPlugin({
    maxDepth: { enabled: false },
    maxAliases: { enabled: false },
    maxTokens: { enabled: false },
    maxDirectives: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled },
  });
}
