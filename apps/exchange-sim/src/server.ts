// A local Binance-compatible exchange: REST and WebSocket market data on one port, replaying the
// recorded 1m klines in data/ as live data (see replay/market-replay.ts for how time maps to bars).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '@coinview/core/ports';
import type { Logger } from 'pino';
import { DEFAULT_DATA_DIR, loadRecordings } from './data/recording';
import { createLogger } from './logger';
import { MarketReplay } from './replay/market-replay';
import { SimClock } from './replay/sim-clock';
import { createRestHandler } from './rest/rest-server';
import { KlineFeed } from './streams/kline-feed';
import { attachWsServer } from './ws/ws-server';

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
  /** Minute-aligned time at which the recording's first bar plays (default: its recorded time). */
  anchor?: number;
  dataDir?: string;
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
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
  stop(): Promise<void>;
}

export async function startExchangeSim(options: ExchangeSimOptions = {}): Promise<ExchangeSim> {
  const logger = options.logger ?? createLogger('info');
  const host = options.host ?? '127.0.0.1';
  const tickMs = options.tickMs ?? 2000;
  if (!(tickMs > 0)) throw new Error(`tickMs must be positive, got ${tickMs}`);

  const recordings = loadRecordings(options.dataDir ?? DEFAULT_DATA_DIR, options.symbols);
  const replay = new MarketReplay(recordings, { anchor: options.anchor });
  const clock = new SimClock(options.clock, options.speed ?? 1, options.startTime);
  const feed = new KlineFeed({ replay, clock, tickMs, logger: logger.child({ component: 'feed' }) });

  const server = createServer(createRestHandler({ replay, clock, logger: logger.child({ component: 'rest' }) }));
  const ws = attachWsServer(server, {
    feed,
    replay,
    logger: logger.child({ component: 'ws' }),
    pingIntervalMs: options.pingIntervalMs ?? 20_000,
    pongTimeoutMs: options.pongTimeoutMs ?? 60_000,
    maxBufferedBytes: 4 * 1024 * 1024,
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  feed.start();
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  logger.info({ port, host, speed: clock.speed, tickMs, symbols: replay.symbols }, 'exchange-sim listening');

  let stopped: Promise<void> | undefined;
  return {
    port,
    wsUrl: `ws://${hostForUrl}:${port}`,
    restUrl: `http://${hostForUrl}:${port}`,
    symbols: replay.symbols,
    now: () => clock.now(),
    replay,
    clock,
    stop() {
      stopped ??= (async () => {
        feed.stop();
        await ws.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return stopped;
    },
  };
}
