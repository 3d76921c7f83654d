// The worker's configuration: the only place it reads process.env.
import { symbolSchema } from '@coinview/core/candle';
import { intervalSchema } from '@coinview/core/interval';
import { z } from 'zod';

const list = <T extends z.ZodType<unknown, string>>(item: T, fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1));

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Unset: the embedded Postgres under <repo>/.data/pg (started or reused). */
  DATABASE_URL: z.string().url().optional(),
  BINANCE_WS_URL: z.string().url().default('ws://127.0.0.1:9443'),
  BINANCE_REST_URL: z.string().url().default('http://127.0.0.1:9443'),
  MARKET_SYMBOLS: list(symbolSchema, 'BTCUSDT,ETHUSDT'),
  MARKET_INTERVALS: list(intervalSchema, '1m,5m,15m,1h,4h,1d'),
  /** Markets beyond the configured ones followed at once because charts watch them (0: none). */
  MAX_WATCHED_MARKETS: z.coerce.number().int().min(0).max(10_000).default(200),
  /** Unset: emails with the `resend` transport are not delivered (they wait in the outbox). */
  RESEND_API_KEY: z.string().optional(),
  RESEND_BASE_URL: z.string().url().optional(),
  EMAIL_FROM: z.string().default('Coinview <alerts@coinview.local>'),
  /** The Telegram bot that sends alerts and orders (from @BotFather); unset: no Telegram channel. */
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]+$/, 'a bot token looks like 123456:ABC-def')
    .optional(),
  /** Telegram's Bot API base URL (tests point it at a local fake). */
  TELEGRAM_API_URL: z.string().url().default('https://api.telegram.org'),
  /** Opens users' exchange API secrets (32 bytes, base64; the launcher generates it). Unset: orders
   * on Binance keys are refused with a sentence saying so. */
  EXCHANGE_KEY_SECRET: z.string().optional(),
  /** USDT a new paper account starts with. */
  PAPER_STARTING_BALANCE: z
    .string()
    .regex(/^\d{1,15}(\.\d{1,8})?$/)
    .default('10000'),
  /** Paper trading's taker and maker fee rate (Binance's default 0.1%). */
  PAPER_FEE_RATE: z
    .string()
    .regex(/^0(\.\d{1,8})?$/)
    .default('0.001'),
  /** Orders the worker places at once (each user's orders still go one at a time). */
  ORDER_EXECUTOR_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** Closed bars older than this are not evaluated for alerts after a restart or an outage. */
  ALERT_CATCH_UP_MINUTES: z.coerce.number().int().min(0).max(10_080).default(120),
  /** Alert deliveries (email, webhook, in-app) attempted at once. */
  ALERT_DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type WorkerEnv = z.infer<typeof schema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): WorkerEnv {
  // Empty strings (e.g. `RESEND_API_KEY=` in a .env) mean "not set".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid environment:\n${issues}`);
  }
  return parsed.data;
}
