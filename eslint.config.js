import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'web/dist',
      'examples/__generated__',
      'web/src/__generated__',
      'test/__generated__',
      'coverage',
      'test-results',
      'bench/.build',
    ],
  },
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
    files: [
      'src/config.ts',
      'src/sandbox/main.ts',
      'bench/**',
      'test/**',
      'vitest*.ts',
      'codegen.ts',
      'examples/**',
      'web/vite.config.ts',
      'web/scripts/**',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // The sandbox stands in for somebody else's servers: it imports nothing outside src/sandbox/
    // (one block per folder depth, since the patterns are relative to the importing file).
    files: ['src/sandbox/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../*', '../../*'], message: 'src/sandbox imports nothing outside src/sandbox/.' }] },
      ],
    },
  },
  {
    files: ['src/sandbox/*/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../../*', '../../../*'], message: 'src/sandbox imports nothing outside src/sandbox/.' }] },
      ],
    },
  },
  {
    files: ['src/sandbox/*/*/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../../../*', '../../../../*'], message: 'src/sandbox imports nothing outside src/sandbox/.' }] },
      ],
    },
  },
  {
    // The domain primitives (money, dates, errors, signing) stand on nothing of Tally's.
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../*'], message: 'src/domain imports nothing outside src/domain/.' }] }],
    },
  },
  {
    // The paging contract is the bottom layer the sources and the resolvers both stand on: it knows
    // the domain primitives and nothing above them.
    files: ['src/paging/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'graphql', message: 'src/paging imports nothing from GraphQL.' }],
          patterns: [{ regex: '^\\.\\./(?!domain/)', message: 'src/paging imports only src/domain/.' }],
        },
      ],
    },
  },
  {
    // Sources know nothing of GraphQL and nothing of the layers above them.
    files: ['src/sources/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'graphql', message: 'src/sources imports nothing from GraphQL.' }],
          patterns: [
            {
              group: [
                '../resolvers/*',
                '../../resolvers/*',
                '../plugins/*',
                '../../plugins/*',
                '../downloads/*',
                '../../downloads/*',
                '../gateway.js',
                '../../gateway.js',
                '../context.js',
                '../../context.js',
              ],
              message:
                'imports point down: src/sources imports src/domain/ and src/paging/, never the resolvers, the plugins or the request context.',
            },
          ],
        },
      ],
    },
  },
  {
    // The back-office app is a client of the public schema only, as a frontend team outside this
    // repository would build it: it knows the gateway through schema/schema.graphql and HTTP, never
    // through the gateway's code.
    files: ['web/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // Every file of the app sits at most two folders deep in web/, so `../../` is already outside the app.
              group: ['../../*', '../../**', '**/src/resolvers/**', '**/src/sources/**', '**/src/sandbox/**'],
              message: 'web/ uses the public schema only: no imports from the gateway (src/) or anything outside web/.',
            },
          ],
        },
      ],
    },
  },
);
