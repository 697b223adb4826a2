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
  type GraphQLSchema,
  type SelectionSetNode,
  type VariableDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Plugin } from 'graphql-yoga';
import { leafErrorByMessage } from '../domain/errors.js';
import { usesIncrementalDelivery } from './useIncrementalDelivery.js';

/**
 * Queries run compiled (graphql-jit): an operation of a document is compiled once into a function,
 * which executes far less generically than graphql-js does field by field. Issue 13 measured W2
 * warm (1,000 entries with their sales and lines, all cached) at 44 -> 15 CPU ms per operation.
 *
 * A compiled function answers exactly one operation of its document, so the cache is keyed by
 * schema, by parsed document (yoga hands every request with the same text the same parsed
 * document) and by operation name: two requests that send one document with several operations
 * and name different ones never share a function (envelop's jit plugin kept one per document,
 * and a request naming the second operation was answered with the first one's data). Nothing
 * else changes what the compiled function does: variables are coerced on every call, and
 * whether an operation compiles at all (`compilable`) is decided again on every request.
 *
 * graphql-js keeps what the compiler does differently:
 * - operations with `@defer` or `@stream` anywhere in their document (graphql-jit cannot deliver
 *   incrementally; such a document is never compiled, so no cached function answers it);
 * - mutations (writes are few, and their errors must read exactly as documented);
 * - operations with a variable of an input object type (graphql-jit 0.8 overflows its stack
 *   compiling the recursive payout tree, and such inputs are rare in reads);
 * - operations whose variables do not fit their types, so the client gets graphql-js' message,
 *   locations and HTTP status for them, as before;
 * - an operation graphql-jit cannot compile (logged by error count only).
 * A field error of a compiled operation gets the field's AST nodes back (graphql-jit gives only
 * line and column, which yoga drops when it serialises), so its `locations` are as graphql-js'.
 */
export function useCompiledExecution(log: (level: 'debug', message: string) => void): Plugin {
  const cache = new CompiledOperations(log);
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      if (!compilable(args)) return;
      setExecuteFn((execArgs: ExecutionArgs) => {
        const query = cache.get(execArgs);
        if (!query) return executeFn(execArgs);
        const result = query.query(execArgs.rootValue, execArgs.contextValue, execArgs.variableValues);
        return result instanceof Promise ? result.then((r) => located(r, execArgs)) : located(result, execArgs);
      });
    },
  };
}

/**
 * Compiled operations by schema, parsed document and operation name. `undefined` and `""` both
 * mean "the document's only operation"; a name the document does not have never gets here
 * (`compilable` is false for it).
 */
export class CompiledOperations {
  private readonly bySchema = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, CompiledQuery | null>>>();

  constructor(private readonly log: (level: 'debug', message: string) => void = () => undefined) {}

  /** The compiled operation `args` names, or undefined when graphql-jit cannot compile it. */
  get(args: Pick<ExecutionArgs, 'schema' | 'document' | 'operationName'>): CompiledQuery | undefined {
    let byDocument = this.bySchema.get(args.schema);
    if (!byDocument) this.bySchema.set(args.schema, (byDocument = new WeakMap()));
    let byOperation = byDocument.get(args.document);
    if (!byOperation) byDocument.set(args.document, (byOperation = new Map()));
    const key = args.operationName ?? '';
    let query = byOperation.get(key);
    if (query === undefined) {
      const compiled = compileQuery(args.schema, args.document, key || undefined);
      if (isCompiledQuery(compiled)) query = compiled;
      else {
        this.log('debug', `graphql-jit did not compile an operation (${compiled.errors?.length ?? 0} errors)`);
        query = null;
      }
      byOperation.set(key, query);
    }
    return query ?? undefined;
  }
}

function located(result: ExecutionResult, args: ExecutionArgs): ExecutionResult {
  if (!result.errors?.some((e) => !e.nodes && e.path)) return result;
  return { ...result, errors: result.errors.map((e) => withNodes(e, args)) };
}

/** Whether an operation runs compiled (see `useCompiledExecution`). */
export function compilable(args: ExecutionArgs): boolean {
  const definitions = compilableShape(args);
  if (definitions === null) return false;
  if (definitions.length === 0) return true;
  return (
    getVariableValues(args.schema, definitions, (args.variableValues ?? {}) as Record<string, unknown>, { maxErrors: 1 }).errors ===
    undefined
  );
}

/**
 * What decides `compilable` besides the variables' values, by schema, parsed document and
 * operation name (the key of the compiled functions too): null when the operation never compiles,
 * else its variable definitions. Only the values are checked per request; finding the operation,
 * looking for @defer/@stream and typing the variables was a few percent of a cached read's CPU.
 */
const shapes = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string | undefined, readonly VariableDefinitionNode[] | null>>>();

function compilableShape(args: Pick<ExecutionArgs, 'schema' | 'document' | 'operationName'>): readonly VariableDefinitionNode[] | null {
  let byDocument = shapes.get(args.schema);
  if (!byDocument) shapes.set(args.schema, (byDocument = new WeakMap()));
  let byOperation = byDocument.get(args.document);
  if (!byOperation) byDocument.set(args.document, (byOperation = new Map()));
  // Not `''` for none: graphql-js looks for an operation named `""` (and finds none).
  const key = args.operationName ?? undefined;
  let shape = byOperation.get(key);
  if (shape === undefined) byOperation.set(key, (shape = shapeOf(args)));
  return shape;
}

function shapeOf(args: Pick<ExecutionArgs, 'schema' | 'document' | 'operationName'>): readonly VariableDefinitionNode[] | null {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation || operation.operation !== 'query') return null;
  // graphql-jit answers in one piece: @defer/@stream need graphql-yoga's incremental executor.
  if (usesIncrementalDelivery(args.document)) return null;
  const definitions = operation.variableDefinitions ?? [];
  for (const d of definitions) {
    const type = typeFromAST(args.schema, d.type as Parameters<typeof typeFromAST>[1]);
    if (!type || isInputObjectType(getNamedType(type))) return null;
  }
  return definitions;
}

/** The error with the field nodes its path names in the operation (as graphql-js reports them). */
function withNodes(e: GraphQLError, args: ExecutionArgs): GraphQLError {
  const operation = getOperationAST(args.document, args.operationName);
  if (e.nodes || !e.path || !operation) return e;
  const nodes = fieldNodesAt(args.document, operation.selectionSet, e.path);
  // A scalar's serialize error reaches here as its message alone: its code is found again by it.
  const originalError = e.originalError ?? leafErrorByMessage(e.message);
  if (nodes.length === 0 && originalError === e.originalError) return e;
  return new GraphQLError(e.message, {
    nodes: nodes.length > 0 ? nodes : undefined,
    path: e.path,
    originalError,
    extensions: e.extensions,
  });
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
function collect(
  set: SelectionSetNode,
  key: string,
  fragments: Map<string, FragmentDefinitionNode>,
  seen: Set<string>,
  out: FieldNode[],
): void {
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
