import { useGraphQlJit } from '@envelop/graphql-jit';
import {
  getNamedType,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  isInputObjectType,
  Kind,
  typeFromAST,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Queries run compiled (graphql-jit, through envelop's plugin): a document is compiled once into
 * a function per operation (cached with the parsed document), which executes far less
 * generically than graphql-js does field by field. Issue 13 measured W2 warm (1,000 entries with
 * their sales and lines, all cached) at 44 -> 15 CPU ms per operation.
 *
 * graphql-js keeps what the compiler does differently:
 * - mutations (writes are few, and their errors must read exactly as documented);
 * - operations with a variable of an input object type (graphql-jit 0.8 overflows its stack
 *   compiling the recursive payout tree, and such inputs are rare in reads);
 * - operations whose variables do not fit their types, so the client gets graphql-js' message,
 *   locations and HTTP status for them, as before.
 * A field error of a compiled operation gets the field's AST nodes back (graphql-jit gives only
 * line and column, which yoga drops when it serialises), so its `locations` are as graphql-js'.
 */
export function useCompiledExecution(log: (level: 'debug', message: string) => void): Plugin {
  const compiled = new WeakSet<ExecutionArgs>();
  const jit = useGraphQlJit(
    {},
    {
      enableIf: (args) => {
        const ok = compilable(args);
        if (ok) compiled.add(args);
        return ok;
      },
      // A document graphql-jit cannot compile answers with its errors: logged by count only.
      onError: (result) => log('debug', `graphql-jit did not compile an operation (${result.errors?.length ?? 0} errors)`),
    },
  );
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(jit as Plugin);
    },
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          const single = result as ExecutionResult;
          if (!compiled.has(args) || !single.errors?.some((e) => !e.nodes && e.path)) return;
          setResult({ ...single, errors: single.errors.map((e) => withNodes(e, args)) } as typeof result);
        },
      };
    },
  };
}

/** Whether an operation runs compiled (see `useCompiledExecution`). */
export function compilable(args: ExecutionArgs): boolean {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation || operation.operation !== 'query') return false;
  const definitions = operation.variableDefinitions ?? [];
  for (const d of definitions) {
    const type = typeFromAST(args.schema, d.type as Parameters<typeof typeFromAST>[1]);
    if (!type || isInputObjectType(getNamedType(type))) return false;
  }
  if (definitions.length === 0) return true;
  return getVariableValues(args.schema, definitions, (args.variableValues ?? {}) as Record<string, unknown>, { maxErrors: 1 }).errors === undefined;
}

/** The error with the field nodes its path names in the operation (as graphql-js reports them). */
function withNodes(e: GraphQLError, args: ExecutionArgs): GraphQLError {
  const operation = getOperationAST(args.document, args.operationName);
  if (e.nodes || !e.path || !operation) return e;
  const nodes = fieldNodesAt(args.document, operation.selectionSet, e.path);
  if (nodes.length === 0) return e;
  return new GraphQLError(e.message, { nodes, path: e.path, originalError: e.originalError, extensions: e.extensions });
}

function fieldNodesAt(document: DocumentNode, root: SelectionSetNode, path: ReadonlyArray<string | number>): FieldNode[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let sets: SelectionSetNode[] = [root];
  let nodes: FieldNode[] = [];
  for (const key of path) {
    if (typeof key === 'number') continue;
    nodes = [];
    for (const set of sets) collect(set, key, fragments, new Set(), nodes);
    sets = nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  }
  return nodes;
}

/** The fields of a selection set answered under `key` (alias or name), through fragments. */
function collect(set: SelectionSetNode, key: string, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>, out: FieldNode[]): void {
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      if ((s.alias?.value ?? s.name.value) === key) out.push(s);
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      collect(s.selectionSet, key, fragments, seen, out);
    } else if (!seen.has(s.name.value)) {
      seen.add(s.name.value);
      const fragment = fragments.get(s.name.value);
      if (fragment) collect(fragment.selectionSet, key, fragments, seen, out);
    }
  }
}
