// The web app's configuration: the only module that reads process.env. Every variable is optional
// or defaulted so that `next build` works with no environment at all; values that production
// cannot do without (AUTH_SECRET) are demanded lazily, at the first request that needs them.
import { createEnv } from '@t3-oss/env-nextjs';
import { z } from 'zod';
import { isLoopbackHost } from './server/http/trust-proxy';

const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .optional();

export const env = createEnv({
  server: {
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    // Unset: the server starts (or reuses) the embedded Postgres on first use.
    DATABASE_URL: z.string().url().optional(),
    COINVIEW_DATA_DIR: z.string().optional(),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    AUTH_SECRET: z.string().min(16, 'AUTH_SECRET must be at least 16 characters').optional(),
    AUTH_URL: z.string().url().optional(),
    RESEND_API_KEY: z.string().min(1).optional(),
    RESEND_BASE_URL: z.string().url().optional(),
    EMAIL_FROM: z.string().min(3).default('Coinview <login@coinview.local>'),
    MAILBOX_ENABLED: flag,
    // Where the web server listens: loopback by default; 0.0.0.0 (or an address) exposes it.
    WEB_HOST: z.string().min(1).default('127.0.0.1'),
    WEB_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    // Proxies whose X-Forwarded-For/-Proto count (express's "trust proxy" syntax); unset: none.
    TRUSTED_PROXIES: z.string().optional(),
    // Request bodies larger than this are refused with 413 before they are read.
    MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(1024 * 1024),
    // Binance's REST API (or exchange-sim's): where chart history missing from the database comes from.
    BINANCE_REST_URL: z.string().url().default('http://127.0.0.1:9443'),
    // The share of the IP's exchange request weight per minute the web server may use; the rest is
    // the worker's (both count against the same address).
    WEB_EXCHANGE_WEIGHT_SHARE: z.coerce.number().gt(0).max(1).default(0.5),
    // Set by bench/chart-render.ts only: builds the benchmark pages (*.bench.tsx) into their own
    // .next-bench directory; the product's build never contains them.
    COINVIEW_BENCH_BUILD: flag,
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    // Accounts one client address may create per hour / per day (the e2e suite raises them: all
    // its browsers share one address).
    SIGNUP_LIMIT_PER_HOUR: z.coerce.number().int().min(1).default(5),
    SIGNUP_LIMIT_PER_DAY: z.coerce.number().int().min(1).default(20),
    // Trading. The paper account's starting balance (USDT) and fee rate (Binance's 0.1% default),
    // as decimal strings; the key that encrypts exchange API secrets at rest (32 bytes, base64),
    // generated into the data directory by the launcher like AUTH_SECRET.
    PAPER_STARTING_BALANCE: z
      .string()
      .regex(/^\d{1,20}(\.\d{1,18})?$/, 'PAPER_STARTING_BALANCE must be a decimal such as 10000')
      .default('10000'),
    PAPER_FEE_RATE: z
      .string()
      .regex(/^0(\.\d{1,18})?$/, 'PAPER_FEE_RATE must be a decimal below 1 such as 0.001')
      .default('0.001'),
    EXCHANGE_KEY_SECRET: z.string().min(1).optional(),
    // Only whether it is set matters here (the worker talks to the bot): Settings says so.
    TELEGRAM_BOT_TOKEN: z.string().min(1).optional(),
  },
  client: {},
  runtimeEnv: {
    NODE_ENV: process.env.NODE_ENV,
    DATABASE_URL: process.env.DATABASE_URL,
    COINVIEW_DATA_DIR: process.env.COINVIEW_DATA_DIR,
    EMBEDDED_PG_PORT: process.env.EMBEDDED_PG_PORT,
    AUTH_SECRET: process.env.AUTH_SECRET,
    AUTH_URL: process.env.AUTH_URL,
    RESEND_API_KEY: process.env.RESEND_API_KEY,
    RESEND_BASE_URL: process.env.RESEND_BASE_URL,
    EMAIL_FROM: process.env.EMAIL_FROM,
    MAILBOX_ENABLED: process.env.MAILBOX_ENABLED,
    WEB_HOST: process.env.WEB_HOST,
    WEB_PORT: process.env.WEB_PORT,
    TRUSTED_PROXIES: process.env.TRUSTED_PROXIES,
    MAX_BODY_BYTES: process.env.MAX_BODY_BYTES,
    BINANCE_REST_URL: process.env.BINANCE_REST_URL,
    WEB_EXCHANGE_WEIGHT_SHARE: process.env.WEB_EXCHANGE_WEIGHT_SHARE,
    COINVIEW_BENCH_BUILD: process.env.COINVIEW_BENCH_BUILD,
    LOG_LEVEL: process.env.LOG_LEVEL,
    SIGNUP_LIMIT_PER_HOUR: process.env.SIGNUP_LIMIT_PER_HOUR,
    SIGNUP_LIMIT_PER_DAY: process.env.SIGNUP_LIMIT_PER_DAY,
    PAPER_STARTING_BALANCE: process.env.PAPER_STARTING_BALANCE,
    PAPER_FEE_RATE: process.env.PAPER_FEE_RATE,
    EXCHANGE_KEY_SECRET: process.env.EXCHANGE_KEY_SECRET,
    TELEGRAM_BOT_TOKEN: process.env.TELEGRAM_BOT_TOKEN,
  },
  skipValidation: !!process.env.SKIP_ENV_VALIDATION,
  emptyStringAsUndefined: true,
});

/** Only for development and tests: sessions signed with it are worthless anywhere else. */
const DEV_AUTH_SECRET = 'coinview-insecure-development-secret-do-not-use';

/**
 * The secret that signs session tokens. Production refuses to run without one; development and
 * tests fall back to a fixed value (the caller logs a warning).
 */
export function resolveAuthSecret(): { secret: string; fallback: boolean } {
  if (env.AUTH_SECRET) return { secret: env.AUTH_SECRET, fallback: false };
  if (env.NODE_ENV === 'production') {
    throw new Error('AUTH_SECRET is not set: generate one with `openssl rand -base64 32`.');
  }
  return { secret: DEV_AUTH_SECRET, fallback: true };
}

/** Where emails go: Resend when a key is configured, otherwise the local mailbox. */
export const emailTransport: 'resend' | 'mailbox' = env.RESEND_API_KEY ? 'resend' : 'mailbox';

/** The web server listens on an address other machines can reach (WEB_HOST not loopback). */
export const webExposed: boolean = !isLoopbackHost(env.WEB_HOST);

/**
 * The local mailbox (/dev/mailbox) exists only while mail is not sent for real, and, unless
 * MAILBOX_ENABLED says otherwise, only while the server is not exposed. Even then it answers only
 * requests from this machine (see ~/server/mailbox-access).
 */
export const mailboxEnabled: boolean =
  emailTransport === 'mailbox' && (env.MAILBOX_ENABLED ?? !webExposed);

/** Sign-in links can reach someone: sent by Resend, or kept in a mailbox that is served. */
export const magicLinksAvailable: boolean = emailTransport === 'resend' || mailboxEnabled;

/** The app's public origin: AUTH_URL (the launcher always sets it), else this server's own. */
export const appUrl: string = env.AUTH_URL ?? `http://localhost:${env.WEB_PORT}`;

export const emailFrom: string = env.EMAIL_FROM ?? 'Coinview <login@coinview.local>';

/** Development and tests only: a fixed key, so secrets stored by one run can be read by the next. */
const DEV_EXCHANGE_KEY_SECRET = Buffer.from('coinview-insecure-dev-exchange-k').toString('base64');

/**
 * The key that encrypts exchange API secrets at rest (32 bytes, base64). Production refuses to
 * store a secret without one; development and tests use a fixed, worthless key.
 */
export function resolveExchangeKeySecret(): string {
  if (env.EXCHANGE_KEY_SECRET) return env.EXCHANGE_KEY_SECRET;
  if (env.NODE_ENV === 'production')
    throw new Error('EXCHANGE_KEY_SECRET is not set: generate one with `openssl rand -base64 32`.');
  return DEV_EXCHANGE_KEY_SECRET;
}
