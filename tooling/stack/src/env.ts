// The launcher's configuration: the only place it reads process.env.
import { parseEnv } from '@coinview/core/env';
import { parseSecretBoxKey } from '@coinview/db/secret-box';
import { z } from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  COINVIEW_DATA_DIR: z.string().optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().optional(),
  WEB_PORT: port(3000),
  // Loopback by default: nothing of the offline demo (its mailbox above all) is reachable from
  // the network unless the operator says so (0.0.0.0 or an address).
  WEB_HOST: z.string().min(1).default('127.0.0.1'),
  SIM_PORT: port(9443),
  SIM_SPEED: z.string().optional(),
  SIM_TICK_MS: z.string().optional(),
  // The replay's anchor (apps/exchange-sim); unset: chosen once and kept in <data dir>/sim-anchor.
  SIM_ANCHOR: z.string().optional(),
  BINANCE_WS_URL: z.string().optional(),
  BINANCE_REST_URL: z.string().optional(),
  AUTH_SECRET: z.string().min(16).optional(),
  // Seals users' exchange API secrets (AES-256-GCM): 32 bytes in base64. Generated into
  // <data dir>/exchange-key-secret when unset; losing it makes every saved key unusable.
  EXCHANGE_KEY_SECRET: z
    .string()
    .refine((value) => {
      try {
        parseSecretBoxKey(value);
        return true;
      } catch {
        return false;
      }
    }, 'EXCHANGE_KEY_SECRET must be 32 bytes in base64 (openssl rand -base64 32)')
    .optional(),
  AUTH_URL: z.string().url().optional(),
  DEMO_EMAIL: z.string().email().default('demo@coinview.local'),
  DEMO_PASSWORD: z.string().min(8).default('coinview-demo'),
  LOG_LEVEL: z.string().default('info'),
  // bench/chart-render.ts's build of the web app (with its benchmark pages) lives in .next-bench.
  COINVIEW_BENCH_BUILD: z.enum(['true', 'false', '1', '0']).optional(),
});

export type StackEnv = z.infer<typeof schema>;

export function readEnv(): StackEnv {
  return parseEnv(schema, process.env);
}

/** Everything the children inherit, untouched (PATH, HOME, NODE_OPTIONS…). */
export function inheritedEnv(): NodeJS.ProcessEnv {
  return { ...process.env };
}
