// The sim's configuration: the only place it reads process.env.
import { parseEnv } from '@coinview/core/env';
import { z } from 'zod';

const schema = z.object({
  SIM_PORT: z.coerce.number().int().min(0).max(65535).default(9443),
  SIM_SPEED: z.coerce.number().positive().default(1),
  SIM_TICK_MS: z.coerce.number().int().positive().default(2000),
  /** Comma-separated, e.g. BTCUSDT,ETHUSDT; default every recording in data/. */
  SIM_SYMBOLS: z
    .string()
    .optional()
    .transform((v) =>
      v
        ?.split(',')
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean),
    ),
  /**
   * The sim time that plays the timeline's 2025-02-04 20:00 UTC (the last hour of the Jan-2025 1m
   * recordings): an ISO date or epoch ms, minute-aligned. Unset: the start of the current UTC day
   * (main.ts), so history shifts when the sim restarts on another day; the product's launcher
   * persists one per data directory (tooling/stack) so that it does not.
   */
  SIM_ANCHOR: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      const ms = /^-?\d+$/.test(v.trim()) ? Number(v) : Date.parse(v);
      if (!Number.isSafeInteger(ms) || ms % 60_000 !== 0) {
        ctx.addIssue({
          code: 'custom',
          message: 'SIM_ANCHOR must be an ISO date or epoch ms on a whole minute',
        });
        return z.NEVER;
      }
      return ms;
    }),
  /** Serve /__sim/faults (fault injection over HTTP); default on except when NODE_ENV=production. */
  SIM_CONTROL: z.enum(['0', '1', 'true', 'false']).optional(),
  /** REQUEST_WEIGHT per minute and IP (Binance: 6000). */
  SIM_WEIGHT_LIMIT: z.coerce.number().int().positive().default(6000),
  /** WebSocket connection lifetime (Binance: 24 h). */
  SIM_CONNECTION_LIFETIME_MS: z.coerce.number().int().positive().default(86_400_000),
  SIM_PING_INTERVAL_MS: z.coerce.number().int().positive().default(20_000),
  SIM_PONG_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  /** Trading accounts: a JSON array, or the path of a JSON file holding one (README "Trading"). */
  SIM_ACCOUNTS: z.string().optional(),
  NODE_ENV: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type SimEnv = z.infer<typeof schema> & { controlEnabled: boolean };

export function readEnv(source: NodeJS.ProcessEnv = process.env): SimEnv {
  const env = parseEnv(schema, source);
  const control = env.SIM_CONTROL;
  const controlEnabled =
    control === undefined ? env.NODE_ENV !== 'production' : control === '1' || control === 'true';
  return { ...env, controlEnabled };
}
