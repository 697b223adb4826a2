import type { CodegenConfig } from '@graphql-codegen/cli';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './src/resolvers/index.js';

/**
 * `npm run codegen` prints the schema (sorted, so diffs follow meaning) to schema/schema.graphql
 * and generates typed documents for the operations in examples/operations/ with the client preset.
 * `npm run codegen:check` fails when either is stale.
 */
const config: CodegenConfig = {
  schema: printSchema(lexicographicSortSchema(schema)),
  documents: ['examples/operations/**/*.graphql'],
  ignoreNoDocuments: true,
  importExtension: '.js',
  generates: {
    'schema/schema.graphql': { plugins: ['schema-ast'] },
    'examples/__generated__/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { Date: 'string', DateTime: 'string', SafeInt: 'number' },
      },
    },
  },
};

export default config;
