import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { findTallyError } from './mask-error.js';

/**
 * A literal that a scalar rejects (a date like "2026-02-30") fails validation; its cause is the
 * scalar's BAD_USER_INPUT error, and that is the code the client should see.
 */
export function useInputErrorCodes(): Plugin {
  return {
    onValidate() {
      return ({ result, setResult }) => {
        if (result.length === 0) return;
        setResult(
          result.map((e) => {
            const tally = findTallyError(e);
            return tally
              ? new GraphQLError(e.message, {
                  nodes: e.nodes,
                  source: e.source,
                  positions: e.positions,
                  path: e.path,
                  originalError: tally,
                  extensions: { ...e.extensions, code: tally.code, ...(tally.details ?? {}) },
                })
              : e;
          }),
        );
      };
    },
  };
}
