import { defineConfig } from 'vitest/config';
// Brings in the global setup's `inject()` typing (ProvidedContext) for @coinview/db/testing.
import type {} from '@coinview/db/vitest-global-setup';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'worker',
          include: ['src/**/*.test.ts'],
          exclude: ['src/**/*.soak.test.ts'],
          // One embedded Postgres for the run; each test file creates its own database on it.
          globalSetup: ['@coinview/db/vitest-global-setup'],
        },
      },
      {
        // Memory soak tests sample the heap after a forced collection.
        extends: true,
        test: {
          name: 'soak',
          include: ['src/**/*.soak.test.ts'],
          execArgv: ['--expose-gc'],
        },
      },
    ],
  },
});
