import { defineConfig } from 'vitest/config';
// Brings in the global setup's `inject()` typing (ProvidedContext) for @coinview/db/testing.
import type {} from '@coinview/db/vitest-global-setup';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // One embedded Postgres for the run; each test file creates its own database on it.
    globalSetup: ['@coinview/db/vitest-global-setup'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
