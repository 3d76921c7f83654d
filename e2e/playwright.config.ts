// End-to-end tests: the whole product (embedded Postgres, exchange-sim, worker, built web app)
// started by the same launcher as `pnpm start`, on its own ports and data directory, driven in
// Debian's Chromium.
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

// Ports can be moved (E2E_WEB_PORT, E2E_SIM_PORT, E2E_PG_PORT) so several checkouts run e2e at once.
const WEB_PORT = Number(process.env.E2E_WEB_PORT ?? 3100);
const root = path.resolve(import.meta.dirname, '..');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  forbidOnly: !!process.env.CI,
  globalSetup: './global-setup.ts',
  reporter: [['list'], ['json', { outputFile: '.test-results/playwright.json' }]],
  use: {
    baseURL: `http://localhost:${WEB_PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 } },
    },
  ],
  webServer: {
    command: `${path.join(root, 'tooling/stack/node_modules/.bin/tsx')} ${path.join(root, 'tooling/stack/src/main.ts')} start`,
    cwd: root,
    url: `http://localhost:${WEB_PORT}/login`,
    timeout: 180_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    env: {
      // One data directory per Postgres port: two runs in one checkout never share a database.
      COINVIEW_DATA_DIR: process.env.E2E_PG_PORT
        ? `.data/e2e-${process.env.E2E_PG_PORT}`
        : '.data/e2e',
      WEB_PORT: String(WEB_PORT),
      SIM_PORT: process.env.E2E_SIM_PORT ?? '9543',
      EMBEDDED_PG_PORT: process.env.E2E_PG_PORT ?? '54339',
      DEMO_PASSWORD: 'coinview-demo',
      LOG_LEVEL: 'warn',
      // Every browser of the suite registers from the same address, over many runs.
      SIGNUP_LIMIT_PER_HOUR: '1000',
      SIGNUP_LIMIT_PER_DAY: '10000',
    },
  },
});
