import { defineConfig } from 'vitest/config';

/** Browser tests (headless Debian chromium via playwright-core); `npm run test:browser`. */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
