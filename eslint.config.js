import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'examples/__generated__', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Configuration is parsed once, in src/config.ts.' },
      ],
    },
  },
  {
    // Entry points that own their environment: the gateway's config and the standalone sandbox.
    files: ['src/config.ts', 'src/sandbox/main.ts', 'bench/**', 'test/**', 'vitest*.ts', 'codegen.ts', 'examples/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // The sandbox stands in for somebody else's servers: it may not reach into the gateway.
    files: ['src/sandbox/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../sources/*', '../resolvers/*', '../connections/*', '../gateway*', '../config*', '../../*'], message: 'src/sandbox imports nothing from the gateway.' }] },
      ],
    },
  },
  {
    // Sources know nothing of GraphQL.
    files: ['src/sources/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'graphql', message: 'src/sources imports nothing from GraphQL.' }], patterns: [{ group: ['../../resolvers/*', '../resolvers/*', '**/connections/*'], message: 'imports point down.' }] },
      ],
    },
  },
);
