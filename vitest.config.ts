import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Builds dist/ once so CLI tests spawn the same code users run.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
  },
});
