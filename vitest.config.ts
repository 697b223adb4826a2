import { defineConfig } from 'vitest/config';
import { graphqlAlias } from './vitest.shared.js';

export default defineConfig({
  resolve: { alias: graphqlAlias },
  test: {
    include: ['test/**/*.test.ts', 'web/src/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
