// The CLI's configuration: the only place it reads process.env.
import { parseEnv } from '@coinview/core/env';
import { z } from 'zod';

const schema = z.object({
  /** Unset: the embedded Postgres under <repo>/.data/pg (started or reused). */
  DATABASE_URL: z.string().url().optional(),
  /** Folder whose `pg` subfolder holds the embedded cluster (default <repo>/.data). */
  COINVIEW_DATA_DIR: z.string().optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  BINANCE_REST_URL: z.string().url().default('http://127.0.0.1:9443'),
  BINANCE_WS_URL: z.string().url().default('ws://127.0.0.1:9443'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  /** pnpm runs package scripts in the package folder; this is where the user typed the command. */
  INIT_CWD: z.string().optional(),
});

export type CliEnv = z.infer<typeof schema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): CliEnv {
  return parseEnv(schema, source);
}
