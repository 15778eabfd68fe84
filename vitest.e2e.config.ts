import { defineConfig } from 'vitest/config';

// E2E drives the built app (browser mode in Debian Chromium, and Electron when its runtime exists).
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
