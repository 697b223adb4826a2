import { defineConfig } from 'vitest/config';
import { graphqlAlias } from './vitest.shared.js';

/** Browser tests (headless Debian chromium via playwright-core); `npm run test:browser`. */
export default defineConfig({
  resolve: { alias: graphqlAlias },
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
