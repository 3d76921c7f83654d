// Wires the worker together: database, bus, services; stops them in reverse on SIGTERM/SIGINT.
// The stack launcher applies migrations before starting the worker.
import { hostname } from 'node:os';
import { getDb } from '@coinview/db/client';
import { PgBus } from '@coinview/db/bus';
import { resolveDatabaseUrl } from '@coinview/db/connection';
import { BinanceRestClient } from '@coinview/exchange/rest';
import { PgCandleStore } from './adapters/candle-store';
import { ResendMailer } from './adapters/resend-mailer';
import { TelegramBotApi } from './adapters/telegram';
import { RestBookTicker } from './adapters/book-ticker';
import { PaperBroker } from './adapters/paper-broker';
import { readEnv } from './env';
import { createLogger } from './logger';
import type { Service } from './service';
import { startAlertDeliveries } from './services/alert-delivery/start-alert-deliveries';
import { EmailDispatcher } from './services/email-dispatcher';
import { MarketFeed } from './services/market-feed';
import { MarketInterest } from './services/market-interest';
import { ExchangeSymbols } from './services/market-interest-symbols';
import { PgCandleHistory } from './services/rule-engine/candle-history';
import { tapCandleStore, tapPublisher } from './services/rule-engine/candle-taps';
import { PgFireSink } from './services/rule-engine/fire-sink';
import { RuleEngine } from './services/rule-engine/rule-engine';
import { PgRuleSource } from './services/rule-engine/rule-rows';
import { orderTopic } from '@coinview/db/bus-topics';
import { createSecretBox } from '@coinview/db/secret-box';
import type { OrderStatus } from '@coinview/core/trading/order';
import { Brokers } from './services/order-executor/brokers';
import { OrderReconciler } from './services/order-executor/order-reconciler';
import {
  type OrderExecutor,
  startOrderExecutor,
} from './services/order-executor/start-order-executor';
import { SymbolRulesCache } from './services/order-executor/symbol-rules-cache';
import { UserStreams } from './services/order-executor/user-streams';
import { TelegramLink } from './services/telegram-link';
import { type Backtests, startBacktests } from './services/backtest/start-backtests';
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
  const symbols = new ExchangeSymbols({
    rest,
    logger: logger.child({ component: 'exchange-symbols' }),
  });
  // The engine makes the feed stream the markets rules need, and hears the feed's candles through
  // the taps (closes once stored, forming updates as published): created first, the feed after.
  const late: { feed?: MarketFeed } = {};
  const engine = new RuleEngine({
    rules: new PgRuleSource(db),
    history: new PgCandleHistory(db),
    sink: new PgFireSink(db),
    bus,
    feed: {
      watch: (symbol, interval) => late.feed?.watch(symbol, interval),
      unwatch: (symbol, interval) => late.feed?.unwatch(symbol, interval),
    },
    symbols,
    catchUpWindowMs: env.ALERT_CATCH_UP_MINUTES * 60_000,
    logger: logger.child({ component: 'rule-engine' }),
  });
  const feed = (late.feed = new MarketFeed({
    store: tapCandleStore(new PgCandleStore(db), engine),
    publisher: tapPublisher(bus, engine),
    rest,
    wsUrl: env.BINANCE_WS_URL,
    markets: configured,
    logger: logger.child({ component: 'market-feed' }),
  }));
  const interestLog = logger.child({ component: 'market-interest' });
  const interest = new MarketInterest({
    bus,
    feed,
    symbols,
    configured,
    maxWatched: env.MAX_WATCHED_MARKETS,
    instanceId: `worker:${hostname()}:${process.pid}`,
    logger: interestLog,
  });
  // Messages sent while the bus was down were missed: leases are asked for again, rules re-read.
  onBusReconnect = () => {
    void interest.resync();
    void engine.resync();
  };

  const telegram = env.TELEGRAM_BOT_TOKEN
    ? new TelegramBotApi({ token: env.TELEGRAM_BOT_TOKEN, apiUrl: env.TELEGRAM_API_URL })
    : undefined;
  let deliveries: { stop(): Promise<void> } | undefined;
  let orders: OrderExecutor | undefined;
  let backtests: Backtests | undefined;
  const symbolRules = new SymbolRulesCache(rest);
  const book = new RestBookTicker(rest);
  const paper = (userId: string) =>
    new PaperBroker({
      db,
      userId,
      book,
      rules: symbolRules,
      fees: { taker: env.PAPER_FEE_RATE, maker: env.PAPER_FEE_RATE },
      startingBalance: env.PAPER_STARTING_BALANCE,
    });
  const brokers = new Brokers({
    db,
    secretBox: env.EXCHANGE_KEY_SECRET ? createSecretBox(env.EXCHANGE_KEY_SECRET) : undefined,
    simRestUrl: env.BINANCE_REST_URL,
    paper,
  });
  // The web's orders subscription hears every change of the user's orders.
  const publishOrder = (order: { id: string; userId: string; status: OrderStatus }) =>
    bus.publish(orderTopic(order.userId), { orderId: order.id, status: order.status });
  // Binance order updates as they happen, one user data stream per key with open orders.
  const userStreams = new UserStreams({
    db,
    keys: brokers,
    brokers,
    onChange: publishOrder,
    logger: logger.child({ component: 'user-streams' }),
  });
  // Started in this order, stopped in reverse: the feed stops before the engine (which then
  // records the fires of the bars it still holds), the engine before the deliveries of its fires.
  services.push(
    {
      name: 'alert-deliveries',
      start: async () => {
        deliveries = await startAlertDeliveries({
          connectionString: database.url,
          db,
          bus,
          email: env.RESEND_API_KEY
            ? {
                transport: 'resend',
                apiKey: env.RESEND_API_KEY,
                baseUrl: env.RESEND_BASE_URL,
                from: env.EMAIL_FROM,
              }
            : { transport: 'mailbox', from: env.EMAIL_FROM },
          concurrency: env.ALERT_DELIVERY_CONCURRENCY,
          // The same rule as the settings page: loopback webhooks only outside production.
          webhookPolicy: { allowLoopback: env.NODE_ENV !== 'production' },
          telegram,
          logger: logger.child({ component: 'alert-delivery' }),
        });
      },
      stop: async () => deliveries?.stop(),
    },
    {
      name: 'order-executor',
      start: async () => {
        orders = await startOrderExecutor({
          connectionString: database.url,
          db,
          brokers,
          rules: symbolRules,
          lastPrice: async (symbol) => (await rest.ticker24h(symbol)).lastPrice,
          // A key's stream starts as soon as the key has an order on the exchange.
          onChange: async (order) => {
            userStreams.watch(order);
            await publishOrder(order);
          },
          concurrency: env.ORDER_EXECUTOR_CONCURRENCY,
          releaseLocksAtStart: true,
          notices: {
            bus,
            email: {
              transport: env.RESEND_API_KEY ? 'resend' : 'mailbox',
              from: env.EMAIL_FROM,
            },
            telegram,
            webhookPolicy: { allowLoopback: env.NODE_ENV !== 'production' },
          },
          logger: logger.child({ component: 'order-executor' }),
        });
      },
      stop: async () => orders?.stop(),
    },
    // Backtests and sweeps: their own queue runner, the engine in threads; any number of worker
    // processes share a sweep's parts.
    {
      name: 'backtests',
      start: async () => {
        backtests = await startBacktests({
          connectionString: database.url,
          db,
          bus,
          store: new PgCandleStore(db),
          rest,
          logger: logger.child({ component: 'backtests' }),
        });
      },
      stop: async () => backtests?.stop(),
    },
    userStreams,
    // Open orders in step with their brokers: at start, then every 2 s (every 10 s for the orders
    // of a key whose user data stream is live: there the poll is only the safety net).
    new OrderReconciler({
      db,
      brokers,
      paper,
      book,
      onChange: publishOrder,
      streaming: (userId, keyId) => userStreams.isLive(userId, keyId),
      logger: logger.child({ component: 'order-reconciler' }),
    }),
    // Before the feed starts, so its books see the first backfill come in.
    engine,
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
  // Users link a chat by sending the bot their code from Settings.
  if (telegram)
    services.push(
      new TelegramLink({ db, api: telegram, logger: logger.child({ component: 'telegram-link' }) }),
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
