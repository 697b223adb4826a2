import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { visit, type DocumentNode, type GraphQLError } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';

type MaskError = (error: unknown, message: string) => GraphQLError;

interface IncrementalItem {
  errors?: ReadonlyArray<unknown>;
}

/**
 * `@defer` and `@stream` (graphql-yoga's plugin: the directives, their validation rules, and
 * graphql-yoga's own executor, which delivers the later parts as multipart/mixed or as server-sent
 * events). The plugin masks nothing itself, and yoga's error mask sees only a payload's top-level
 * `errors`: the errors of a deferred fragment or a streamed item travel in `incremental[].errors`,
 * so they are masked here with the same function, keeping Tally's codes and hiding the unexpected.
 */
export function useIncrementalDelivery(maskError: MaskError, message = 'Unexpected error.'): Plugin[] {
  return [
    useDeferStream(),
    {
      onExecute() {
        return {
          onExecuteDone(payload) {
            return handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => {
              const incremental = (result as { incremental?: IncrementalItem[] }).incremental;
              if (!incremental?.some((i) => i.errors?.length)) return;
              setResult({
                ...result,
                incremental: incremental.map((i) => (i.errors?.length ? { ...i, errors: i.errors.map((e) => maskError(e, message)) } : i)),
              } as typeof result);
            });
          },
        };
      },
    },
  ];
}

const incremental = new WeakMap<DocumentNode, boolean>();

/**
 * Whether a document asks for incremental delivery anywhere (its operations or its fragments),
 * remembered per parsed document (yoga hands every request with the same text the same one).
 */
export function usesIncrementalDelivery(document: DocumentNode): boolean {
  let found = incremental.get(document);
  if (found === undefined) {
    found = false;
    visit(document, {
      Directive(node) {
        if (node.name.value === 'defer' || node.name.value === 'stream') found = true;
      },
    });
    incremental.set(document, found);
  }
  return found;
}
