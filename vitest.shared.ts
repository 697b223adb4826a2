import { createRequire } from 'node:module';

/**
 * graphql 16 has no `exports` map: Node resolves `graphql` to its CommonJS build (which is what
 * Pothos and yoga get), while Vite would give our own files the `.mjs` build. Two copies make
 * "Cannot use GraphQLScalarType from another module or realm"; pin every import to Node's choice.
 */
export const graphqlAlias = [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }];
