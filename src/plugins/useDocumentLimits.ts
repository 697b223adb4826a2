import {
  GraphQLError,
  Kind,
  parse,
  type ASTNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** The document limits, named as the errors name them (`extensions.limit`). */
export interface DocumentLimits {
  aliases: number;
  directives: number;
  depth: number;
  tokens: number;
}

function limitError(limit: keyof DocumentLimits, max: number, actual: number | undefined, node?: ASTNode): GraphQLError {
  const found = actual === undefined ? '' : ` (found ${actual})`;
  return new GraphQLError(`The document exceeds the ${limit} limit of ${max}${found}. Split it into smaller operations.`, {
    nodes: node ? [node] : undefined,
    extensions: { code: 'BAD_USER_INPUT', limit, max, ...(actual === undefined ? {} : { actual }) },
  });
}

/**
 * Counts every alias and every directive in the document (`__typename` and introspection fields
 * included: an alias costs the same whatever it names).
 */
function countingRule(limit: 'aliases' | 'directives', max: number): ValidationRule {
  return (context: ValidationContext) => {
    let count = 0;
    const visitor =
      limit === 'aliases'
        ? {
            Field(node: { alias?: unknown }) {
              if (node.alias) count++;
            },
          }
        : {
            Directive() {
              count++;
            },
          };
    return {
      ...visitor,
      Document: {
        leave(node) {
          if (count > max) context.reportError(limitError(limit, max, count, node));
        },
      },
    };
  };
}

/** The deepest field path of each operation, through fragments, introspection included. */
function depthRule(max: number): ValidationRule {
  return (context: ValidationContext) => ({
    OperationDefinition(operation) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const d of context.getDocument().definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
      const depth = (set: SelectionSetNode | undefined, visiting: ReadonlySet<string>, level: number): number => {
        if (!set || level > max) return level;
        let deepest = level;
        for (const sel of set.selections) {
          if (sel.kind === Kind.FIELD) deepest = Math.max(deepest, depth(sel.selectionSet, visiting, level + 1));
          else if (sel.kind === Kind.INLINE_FRAGMENT) deepest = Math.max(deepest, depth(sel.selectionSet, visiting, level));
          else if (!visiting.has(sel.name.value)) {
            deepest = Math.max(deepest, depth(fragments.get(sel.name.value)?.selectionSet, new Set([...visiting, sel.name.value]), level));
          }
        }
        return deepest;
      };
      const found = depth(operation.selectionSet, new Set(), 0);
      if (found > max) context.reportError(limitError('depth', max, undefined, operation));
      return false;
    },
  });
}

/**
 * Enforces the document limits before anything executes, each refusal a `BAD_USER_INPUT` naming
 * its limit: tokens while parsing (graphql-js stops counting at the limit), aliases, directives
 * and depth while validating. With `introspection` off, `__schema` and `__type` are refused
 * (`FORBIDDEN`); `__typename` stays, clients need it.
 */
export function useDocumentLimits(limits: DocumentLimits, introspection: boolean): Plugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source, options) => {
        try {
          return parse(source, { ...options, maxTokens: limits.tokens });
        } catch (err) {
          if (err instanceof GraphQLError && / \d+ tokens/.test(err.message)) throw limitError('tokens', limits.tokens, undefined);
          throw err;
        }
      });
    },
    onValidate({ addValidationRule }) {
      addValidationRule(countingRule('aliases', limits.aliases));
      addValidationRule(countingRule('directives', limits.directives));
      addValidationRule(depthRule(limits.depth));
      if (!introspection) {
        addValidationRule((context: ValidationContext) => ({
          Field(node: FieldNode) {
            if (node.name.value !== '__schema' && node.name.value !== '__type') return;
            context.reportError(
              new GraphQLError(
                'Introspection is turned off on this gateway (TALLY_INTROSPECTION); the schema is published as schema/schema.graphql.',
                {
                  nodes: [node],
                  extensions: { code: 'FORBIDDEN' },
                },
              ),
            );
          },
        }));
      }
    },
  };
}
