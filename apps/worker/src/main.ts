// Wires the worker together: database, bus, services; stops them in reverse on SIGTERM/SIGINT.
// The stack launcher applies migrations before starting the worker.
import { hostname } from 'node:os';
import { getDb } from '@coinview/db/client';
import { PgBus } from '@coinview/db/bus';
import { resolveDatabaseUrl } from '@coinview/db/connection';
import { BinanceRestClient } from '@coinview/exchange/rest';
import { PgCandleStore } from './adapters/candle-store';
import { ResendMailer } from './adapters/resend-mailer';
import { readEnv } from './env';
import { createLogger } from './logger';
import type { Service } from './service';
import { EmailDispatcher } from './services/email-dispatcher';
import { MarketFeed } from './services/market-feed';
import { MarketInterest } from './services/market-interest';
import { ExchangeSymbols } from './services/market-interest-symbols';
import { TickerFeed } from './services/ticker-feed';

const env = readEnv();
const logger = createLogger(env.LOG_LEVEL);
const cleanups: (() => Promise<unknown>)[] = [];
const services: Service[] = [];
let stopping = false;

async function shutdown(reason: string, code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    logger.info({ reason }, 'worker stopping');
    for (const service of [...services].reverse()) {
      await service
        .stop()
        .catch((err: unknown) =>
          logger.error({ err, service: service.name }, 'service did not stop cleanly'),
        );
    }
    for (const cleanup of cleanups.reverse())
      await cleanup().catch((err: unknown) => logger.error({ err }, 'cleanup failed'));
    logger.info('worker stopped');
  }
  process.exit(code);
}

process.on('SIGINT', () => void shutdown('SIGINT', 0));
process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
process.on('uncaughtException', (err) => {
  logger.fatal({ err }, 'worker crashed: uncaught exception');
  void shutdown('fatal error', 1);
});
process.on('unhandledRejection', (err) => {
  logger.fatal({ err }, 'worker crashed: unhandled rejection');
  void shutdown('fatal error', 1);
});

try {
  const database = await resolveDatabaseUrl({ databaseUrl: env.DATABASE_URL });
  cleanups.push(() => database.stop());
  const db = getDb(database.url);
  cleanups.push(() => db.$disconnect());
  const busLog = logger.child({ component: 'bus' });
  // Leases sent while the bus was down were missed: the market-interest service asks again.
  let onBusReconnect = () => {};
  const bus = new PgBus(database.url, {
    onError: (err) => busLog.warn({ err }, 'bus error'),
    onReconnect: () => onBusReconnect(),
  });
  cleanups.push(() => bus.close());

  const rest = new BinanceRestClient({
    baseUrl: env.BINANCE_REST_URL,
    logger: logger.child({ component: 'binance-rest' }),
  });
  const configured = env.MARKET_SYMBOLS.flatMap((symbol) =>
    env.MARKET_INTERVALS.map((interval) => ({ symbol, interval })),
  );
  const feed = new MarketFeed({
    store: new PgCandleStore(db),
    publisher: bus,
    rest,
    wsUrl: env.BINANCE_WS_URL,
    markets: configured,
    logger: logger.child({ component: 'market-feed' }),
  });
  const interestLog = logger.child({ component: 'market-interest' });
  const interest = new MarketInterest({
    bus,
    feed,
    symbols: new ExchangeSymbols({ rest, logger: interestLog }),
    configured,
    maxWatched: env.MAX_WATCHED_MARKETS,
    instanceId: `worker:${hostname()}:${process.pid}`,
    logger: interestLog,
  });
  onBusReconnect = () => void interest.resync();

  // Started in this order, stopped in reverse: leases stop moving the feed before it stops.
  services.push(
    feed,
    interest,
    // Every symbol's 24 h ticker for the watchlists, on the bus topic `tickers`.
    new TickerFeed({
      wsUrl: env.BINANCE_WS_URL,
      publisher: bus,
      logger: logger.child({ component: 'ticker-feed' }),
    }),
    new EmailDispatcher({
      db,
      mailer: env.RESEND_API_KEY
        ? new ResendMailer({ apiKey: env.RESEND_API_KEY, baseUrl: env.RESEND_BASE_URL })
        : undefined,
      defaultFrom: env.EMAIL_FROM,
      logger: logger.child({ component: 'email-dispatcher' }),
    }),
  );
  for (const service of services) {
    if (stopping) break;
    await service.start();
  }
  logger.info(
    { embeddedDb: database.embedded, symbols: env.MARKET_SYMBOLS, intervals: env.MARKET_INTERVALS },
    'worker running',
  );
} catch (err) {
  logger.fatal({ err }, 'worker failed to start');
  await shutdown('startup failure', 1);
}
