import { GraphQLError } from 'graphql';
import type { YogaServerOptions } from 'graphql-yoga';
import { isTallyError, type TallyError } from '../domain/errors.js';

type Log = (level: 'error' | 'warn' | 'info' | 'debug', message: string) => void;

/**
 * graphql-yoga's `logging` and `maskedErrors` options: its log lines without the client's input,
 * and Tally's error mask (each Tally error logged once, however many fields shared it).
 */
export function errorMasking(log: Log): Pick<
  YogaServerOptions<Record<string, unknown>, Record<string, unknown>>,
  'logging' | 'maskedErrors'
> & {
  /** The same mask, for errors yoga's own masking does not see (those of @defer/@stream's later payloads). */
  mask: (error: unknown, message: string) => GraphQLError;
} {
  const logged = new WeakSet<object>();
  return {
    mask: (error, message) => maskError(error, message, log, logged),
    logging: {
      debug: (...args) => log('debug', args.map(safeLogText).join(' ')),
      info: (...args) => log('info', args.map(safeLogText).join(' ')),
      warn: (...args) => log('warn', args.map(safeLogText).join(' ')),
      // graphql-yoga logs every error it masks: at debug only. What an operator needs at the default
      // level (each upstream failure once, unexpected errors) is logged by maskError.
      error: (...args) => log('debug', args.map(safeLogText).join(' ')),
    },
    maskedErrors: {
      isDev: false,
      maskError: (error, message) => maskError(error, message, log, logged),
    },
  };
}

/**
 * What yoga hands its logger: fixed strings, or errors whose message can quote a client's input
 * (a variable's value, a literal of the document). Errors are logged by name, code and path only.
 */
export function safeLogText(arg: unknown): string {
  if (!(arg instanceof Error)) return String(arg);
  const e = arg as Error & { extensions?: { code?: unknown }; path?: ReadonlyArray<string | number> };
  const code = typeof e.extensions?.code === 'string' ? ` ${e.extensions.code}` : '';
  return `${e.name}${code}${e.path ? ` at ${e.path.join('.')}` : ''}`;
}

/**
 * Keeps Tally's own errors (code, source, safe details) and masks everything else: an unexpected
 * error never shows its message or stack, which could hold upstream URLs or tokens.
 */
export function maskError(
  error: unknown,
  message: string,
  log: (level: 'error' | 'warn' | 'debug', m: string) => void,
  logged: WeakSet<object>,
): GraphQLError {
  // Errors may come from another copy of graphql-js (ESM and CJS builds load side by side under
  // tsx), so they are recognised by shape, not by `instanceof`.
  const gqlError = isGraphQLErrorLike(error) ? error : undefined;
  const tally = findTallyError(error);
  if (tally) {
    // One line per upstream failure, however many fields shared it; client mistakes only at debug.
    if (!logged.has(tally)) {
      logged.add(tally);
      if (tally.code.startsWith('UPSTREAM_'))
        log('warn', `upstream failure: ${tally.source ?? 'upstream'} ${tally.code}: ${tally.message}`);
      else log('debug', `client error: ${tally.code}`);
    }
    return new GraphQLError(tally.message, {
      nodes: gqlError?.nodes,
      positions: gqlError?.positions,
      path: gqlError?.path,
      // Extensions set on the located error (the paths of fields sharing one upstream failure) stay.
      extensions: {
        ...(gqlError?.extensions ?? {}),
        code: tally.code,
        ...(tally.source ? { source: tally.source } : {}),
        ...(tally.details ?? {}),
      },
    });
  }
  if (gqlError) {
    const inner = gqlError.originalError;
    // A variable whose value does not fit its type (`"10"` for an Int, 1e309): the client's input.
    // Its message holds the value, so it goes back to the client and never to the log.
    if (!gqlError.path && gqlError.message.startsWith('Variable "$')) {
      return new GraphQLError(gqlError.message, {
        nodes: gqlError.nodes,
        positions: gqlError.positions,
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    // Parse and validation errors, and errors raised as GraphQL errors on purpose with a code: the
    // client's own document or input, safe to show as they are. graphql-js' own request errors
    // (an operation name missing among several operations) carry no code: BAD_USER_INPUT.
    // graphql-yoga's own request errors (a body that is not JSON) carry the parser's error in
    // `extensions.originalError`: a stack-free but internal detail that quotes the body. Not shown.
    if (typeof gqlError.extensions?.code === 'string') {
      const extensions = gqlError.extensions as Record<string, unknown> & { http?: { status?: number; spec?: boolean } };
      if (extensions.originalError !== undefined && !isGraphQLErrorLike(extensions.originalError)) {
        delete extensions.originalError;
        // graphql-yoga answers such a request 400 because of the parser's error it carried; without
        // it, `spec` would turn that into a 200 for `accept: application/json`. It stays a 400: the
        // body was not a GraphQL request at all.
        if (extensions.http?.spec) extensions.http = { ...extensions.http, spec: false };
      }
      return gqlError as GraphQLError;
    }
    if (!inner)
      return new GraphQLError(gqlError.message, {
        nodes: gqlError.nodes,
        positions: gqlError.positions,
        path: gqlError.path,
        extensions: { ...gqlError.extensions, code: 'BAD_USER_INPUT' },
      });
    if (isGraphQLErrorLike(inner) && typeof inner.extensions?.code === 'string') return inner as GraphQLError;
  }
  log(
    'error',
    `unexpected error${gqlError?.path ? ` at ${gqlError.path.join('.')}` : ''}: ${error instanceof Error ? `${error.name}: ${error.message}` : typeof error}`,
  );
  return new GraphQLError(message, {
    nodes: gqlError?.nodes,
    path: gqlError?.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}

type GraphQLErrorLike = Pick<GraphQLError, 'message' | 'nodes' | 'positions' | 'path' | 'extensions' | 'originalError' | 'source'>;

function isGraphQLErrorLike(e: unknown): e is GraphQLErrorLike {
  return e instanceof Error && e.name === 'GraphQLError' && 'extensions' in e;
}

/** The TallyError behind an error: itself, or up the `originalError`/`cause` chain. */
export function findTallyError(e: unknown): TallyError | null {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    if (isTallyError(cur)) return cur;
    cur = (cur as { originalError?: unknown }).originalError ?? (cur as { cause?: unknown }).cause;
  }
  return null;
}
