import type { CodegenConfig } from '@graphql-codegen/cli';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './src/resolvers/index.js';

/** The back-office app's `graphql(...)` operations. */
const WEB_DOCUMENTS = ['web/src/**/*.{ts,tsx}', '!web/src/__generated__/**', '!web/src/**/*.test.ts'];

/**
 * The tests' `graphql(...)` operations (imported from test/__generated__/). Only the files that import
 * it: other tests send deliberately broken or hand-built documents as plain strings.
 */
const TEST_DOCUMENTS = ['test/**/*.ts', '!test/__generated__/**'];

const scalars = { Date: 'string', DateTime: 'string', SafeInt: 'number', Decimal: 'string' };

/**
 * `npm run codegen` prints the schema (sorted, so diffs follow meaning) to schema/schema.graphql
 * and generates typed documents with the client preset: for the operations in
 * examples/operations/, and for every `graphql(...)` operation of the back-office app in web/src/
 * (typed from that same printed schema, as a client outside this repository would be). The manifest
 * of trusted documents (examples/__generated__/persisted-documents.json) holds both sets.
 * The tests' own operations are typed the same way into test/__generated__/ (not trusted documents).
 * `npm run codegen:check` fails when any of them is stale.
 */
const config: CodegenConfig = {
  schema: printSchema(lexicographicSortSchema(schema)),
  ignoreNoDocuments: true,
  // Only `graphql(...)` is an operation: several tests name their request helper `gql(...)` and call it
  // with documents built at run time.
  pluckConfig: { globalGqlIdentifierName: 'graphql' },
  importExtension: '.js',
  generates: {
    'schema/schema.graphql': { plugins: ['schema-ast'] },
    'examples/__generated__/': {
      // Also the app's operations: persisted-documents.json here is the one manifest of trusted
      // documents (TALLY_TRUSTED_DOCUMENTS), and with TALLY_TRUSTED_DOCUMENTS_ONLY the app must keep working.
      documents: ['examples/operations/**/*.graphql', ...WEB_DOCUMENTS],
      preset: 'client',
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
      config: { useTypeImports: true, enumsAsTypes: true, scalars },
    },
    'test/__generated__/': {
      // The tests read results through these types instead of hand-typed result shapes.
      documents: TEST_DOCUMENTS,
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, scalars },
    },
    'web/src/__generated__/': {
      documents: WEB_DOCUMENTS,
      // Fragment masking: a component reads only its own fragment's fields. The unmask function is
      // named getFragmentData rather than useFragment because it is no hook: rows call it in map callbacks.
      preset: 'client',
      presetConfig: { fragmentMasking: { unmaskFunctionName: 'getFragmentData' } },
      config: { useTypeImports: true, enumsAsTypes: true, scalars },
    },
  },
};

export default config;
