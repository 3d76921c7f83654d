// A local Binance-compatible exchange: REST and WebSocket market data on one port, replaying the
// recorded klines in data/ (nine years of days, two of hours, months of minutes) as live data (see replay/market-replay.ts for how time maps to bars),
// with Binance's limits and switchable faults (faults/sim-faults.ts); signed spot trading for the
// configured accounts (trading/) over REST and the WebSocket API (ws-api/).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, systemClock } from '@coinview/core/ports';
import type { Logger } from 'pino';
import { SynthBook } from './book/synth-book';
import { DEFAULT_DATA_DIR, loadTimelines } from './data/timeline-files';
import { SimFaults } from './faults/sim-faults';
import { createLogger } from './logger';
import { MarketReplay } from './replay/market-replay';
import { SimClock } from './replay/sim-clock';
import { createRestHandler } from './rest/rest-server';
import { simInfo } from './rest/sim-info';
import { WeightLimiter } from './rest/weight-limiter';
import { StreamHub } from './streams/stream-hub';
import type { QuoteSource } from './trading/quote-source';
import { type AccountConfig, DEMO_ACCOUNT } from './trading/sim-accounts';
import { SimExchange } from './trading/sim-exchange';
import { createTradingRoutes } from './trading/trading-routes';
import { createWsApi } from './ws-api/ws-api-server';
import { attachWsServer } from './ws/ws-server';

export type { FaultSnapshot, OrderFault, RestFault, SimFaults } from './faults/sim-faults';
export type { AccountConfig } from './trading/sim-accounts';
export type { QuoteSource, BookTop } from './trading/quote-source';
export type { SimExchange } from './trading/sim-exchange';
export { DEMO_API_KEY, DEMO_API_SECRET, DEMO_BALANCES } from './trading/demo-keys';

export interface ExchangeSimOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Speed N plays one recorded minute in 60/N seconds. */
  speed?: number;
  /** Wall milliseconds between updates of a forming bar (Binance: 2000). */
  tickMs?: number;
  /** Symbols to serve (default: every recording in dataDir). */
  symbols?: readonly string[];
  /** Wall clock the sim time runs from (default: the system clock). */
  clock?: Clock;
  /** Sim time at start, epoch ms (default: the wall clock's now). */
  startTime?: number;
  /**
   * Minute-aligned sim time that plays the timeline's 2025-02-04 20:00 UTC, the last hour of the
   * Jan-2025 1m recordings (default: that instant itself, so recordings play at their own dates).
   */
  anchor?: number;
  dataDir?: string;
  /** Server ping period (Binance: 20 s). */
  pingIntervalMs?: number;
  /** A client silent this long after a ping is dropped (Binance: 1 min). */
  pongTimeoutMs?: number;
  /** A connection is closed after this long (Binance: 24 h). */
  connectionLifetimeMs?: number;
  /** Incoming messages (text, pings, unsolicited pongs) allowed per second (Binance: 5). */
  maxIncomingPerSecond?: number;
  /** Streams per connection (Binance: 1024). */
  maxStreamsPerConnection?: number;
  /** Wall ms between batches of the trade and aggTrade streams (Binance: real time). */
  tradeTickMs?: number;
  /** Wall ms between miniTicker updates (Binance: 1000). */
  tickerTickMs?: number;
  /** REQUEST_WEIGHT limit per window and IP (Binance: 6000 per minute). */
  requestWeightLimit?: number;
  /** Length of the weight window (Binance: 60 000); shorter lets tests see a reset. */
  weightWindowMs?: number;
  /** 429s in one window after which an IP is banned with 418 (0 = never; default 0). */
  banAfter429s?: number;
  banMs?: number;
  /** Serve POST/GET /__sim/faults (default true; main.ts follows SIM_CONTROL). */
  enableControl?: boolean;
  /** Seed of the fault dice, so a failing test replays the same faults. */
  faultSeed?: number;
  /** Trading accounts (API key, secret, balances); default: the demo account of demo-keys.ts. */
  accounts?: readonly AccountConfig[];
  /** The book market orders take from (default: the synthesised book, `book`). */
  quotes?: QuoteSource;
  /** Wall ms between checks of resting limit orders against the replayed trades (default 100). */
  matchTickMs?: number;
  logger?: Logger;
}

export interface ExchangeSim {
  port: number;
  /** Base for stream URLs: `${wsUrl}/ws/btcusdt@kline_1m`, `${wsUrl}/stream?streams=…` */
  wsUrl: string;
  /** Base for REST: `${restUrl}/api/v3/klines?…` */
  restUrl: string;
  symbols: string[];
  /** Current sim time (epoch ms). */
  now(): number;
  replay: MarketReplay;
  clock: SimClock;
  /** The synthesised order book (book/synth-book.ts): `top(symbol)`, `levels(symbol, side, n)`. */
  book: SynthBook;
  /** Fault injection: see faults/sim-faults.ts and the README. */
  faults: SimFaults;
  /** Open WebSocket connections. */
  readonly connectionCount: number;
  /** Base for the WebSocket API: `${wsApiUrl}` is ws://host:port/ws-api/v3. */
  wsApiUrl: string;
  /** The trading accounts, orders and matching. */
  exchange: SimExchange;
  stop(): Promise<void>;
}

export async function startExchangeSim(options: ExchangeSimOptions = {}): Promise<ExchangeSim> {
  const logger = options.logger ?? createLogger('info');
  const host = options.host ?? '127.0.0.1';
  const tickMs = options.tickMs ?? 2000;
  if (!(tickMs > 0)) throw new Error(`tickMs must be positive, got ${tickMs}`);

  const timelines = loadTimelines(options.dataDir ?? DEFAULT_DATA_DIR, options.symbols);
  const replay = new MarketReplay(timelines, { anchor: options.anchor });
  const clock = new SimClock(options.clock, options.speed ?? 1, options.startTime);
  const book = new SynthBook(replay, clock);
  const hub = new StreamHub({
    replay,
    book,
    clock,
    tickMs,
    tradeTickMs: options.tradeTickMs ?? 100,
    tickerTickMs: options.tickerTickMs ?? 1000,
    logger: logger.child({ component: 'streams' }),
  });
  const faults = new SimFaults(options.faultSeed);
  const limits = {
    limit: options.requestWeightLimit ?? 6000,
    windowMs: options.weightWindowMs ?? 60_000,
    banAfter429s: options.banAfter429s ?? 0,
    banMs: options.banMs ?? 120_000,
  };
  const limiter = new WeightLimiter(limits);
  const wall = options.clock ?? systemClock;
  const clocks = { wall: () => wall.now(), sim: () => clock.now() };
  const exchange = new SimExchange({
    replay,
    now: () => clock.now(),
    quotes: options.quotes ?? book,
    accounts: options.accounts ?? [DEMO_ACCOUNT],
  });
  const matcher = setInterval(() => {
    try {
      exchange.matchResting();
    } catch (err) {
      logger.error({ err }, 'matching resting orders failed');
    }
  }, options.matchTickMs ?? 100);
  matcher.unref();
  const wsApi = createWsApi({
    exchange,
    clocks,
    limiter,
    faults,
    logger: logger.child({ component: 'ws-api' }),
    pingIntervalMs: options.pingIntervalMs ?? 20_000,
    pongTimeoutMs: options.pongTimeoutMs ?? 60_000,
    lifetimeMs: options.connectionLifetimeMs ?? 24 * 3_600_000,
    maxBufferedBytes: 4 * 1024 * 1024,
  });
  faults.attachUserStreams(wsApi);

  const server = createServer(
    createRestHandler({
      replay,
      book,
      clock,
      faults,
      limits,
      limiter,
      tradingRoutes: createTradingRoutes(exchange, clocks),
      enableControl: options.enableControl ?? true,
      info: () => simInfo(replay, clock.speed),
      logger: logger.child({ component: 'rest' }),
    }),
  );
  const ws = attachWsServer(server, {
    hub,
    hasSymbol: (s) => replay.has(s),
    faults,
    logger: logger.child({ component: 'ws' }),
    limits: {
      maxStreams: options.maxStreamsPerConnection ?? 1024,
      maxIncomingPerSecond: options.maxIncomingPerSecond ?? 5,
      lifetimeMs: options.connectionLifetimeMs ?? 24 * 3_600_000,
    },
    pingIntervalMs: options.pingIntervalMs ?? 20_000,
    pongTimeoutMs: options.pongTimeoutMs ?? 60_000,
    maxBufferedBytes: 4 * 1024 * 1024,
    otherUpgrade: (req, socket, head) => wsApi.handleUpgrade(req, socket, head),
  });
  faults.attach(ws);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  hub.start();
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  logger.info(
    { port, host, speed: clock.speed, tickMs, symbols: replay.symbols },
    'exchange-sim listening',
  );

  let stopped: Promise<void> | undefined;
  return {
    port,
    wsUrl: `ws://${hostForUrl}:${port}`,
    restUrl: `http://${hostForUrl}:${port}`,
    symbols: replay.symbols,
    now: () => clock.now(),
    replay,
    clock,
    book,
    faults,
    get connectionCount() {
      return ws.clientCount;
    },
    wsApiUrl: `ws://${hostForUrl}:${port}/ws-api/v3`,
    exchange,
    stop() {
      stopped ??= (async () => {
        hub.stop();
        clearInterval(matcher);
        await wsApi.close();
        await ws.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return stopped;
    },
  };
}
