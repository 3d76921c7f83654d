// `pnpm start`: run the exchange until SIGINT/SIGTERM.
import { readEnv } from './env';
import { createLogger } from './logger';
import { startExchangeSim } from './server';
import { parseAccountsSetting } from './trading/sim-accounts';

const env = readEnv();
const logger = createLogger(env.LOG_LEVEL);

const DAY_MS = 86_400_000;
const anchor = env.SIM_ANCHOR ?? Math.floor(Date.now() / DAY_MS) * DAY_MS;
if (env.SIM_ANCHOR === undefined) {
  logger.info(
    { anchor: new Date(anchor).toISOString() },
    'SIM_ANCHOR unset: anchoring the replay at the start of today (UTC); a sim restarted on another day serves shifted history, so keep SIM_ANCHOR stable when a database keeps what it served',
  );
}

try {
  const sim = await startExchangeSim({
    anchor,
    port: env.SIM_PORT,
    speed: env.SIM_SPEED,
    tickMs: env.SIM_TICK_MS,
    symbols: env.SIM_SYMBOLS,
    enableControl: env.controlEnabled,
    requestWeightLimit: env.SIM_WEIGHT_LIMIT,
    connectionLifetimeMs: env.SIM_CONNECTION_LIFETIME_MS,
    pingIntervalMs: env.SIM_PING_INTERVAL_MS,
    pongTimeoutMs: env.SIM_PONG_TIMEOUT_MS,
    accounts: env.SIM_ACCOUNTS === undefined ? undefined : parseAccountsSetting(env.SIM_ACCOUNTS),
    logger,
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping exchange-sim');
    sim.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'exchange-sim did not stop cleanly');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (err) {
  logger.fatal({ err }, 'exchange-sim failed to start');
  process.exit(1);
}
