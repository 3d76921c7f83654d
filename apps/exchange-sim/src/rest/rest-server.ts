// The subset of Binance's spot REST API the product uses, answered from the replay, with Binance's
// request weights, the X-MBX-USED-WEIGHT-1M header, 429/418 past the weight limit, and injected
// faults. /__sim/ paths are the sim's own: GET /__sim/info (always: says that the market data is a
// replay of recordings, so the product can say so) and the fault control (control-routes.ts). The signed trading
// endpoints (trading/trading-routes.ts) go through the same weights and faults, read a bounded
// form body, and the answer to an accepted order is subject to the order-answer faults.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { candleToRestKline } from '@coinview/core/binance';
import type { Clock } from '@coinview/core/ports';
import type { Logger } from 'pino';
import type { SynthBook } from '../book/synth-book';
import type { SimFaults } from '../faults/sim-faults';
import type { MarketReplay } from '../replay/market-replay';
import { type TradingRoute, paramsOf } from '../trading/trading-routes';
import { BinanceError, errors } from './binance-error';
import { handleControl } from './control-routes';
import { exchangeInfo } from './exchange-info';
import { parseKlinesParams } from './klines-params';
import { marketRoutes } from './market-routes';
import { ticker24hr, ticker24hrWeight } from './ticker-24hr';
import { WeightLimiter, type WeightLimits, describeWindow } from './weight-limiter';

export interface RestOptions {
  replay: MarketReplay;
  book: SynthBook;
  /** Sim time (served times and bars). */
  clock: Clock;
  faults: SimFaults;
  limits: WeightLimits;
  /** Shared with the WebSocket API, whose requests count against the same IP weight. */
  limiter?: WeightLimiter;
  /** Signed endpoints keyed by "METHOD /path". */
  tradingRoutes?: Record<string, TradingRoute>;
  /** Serve /__sim/ fault control. */
  enableControl: boolean;
  /** What `GET /__sim/info` answers (always served: it says the data is a replay). */
  info?: () => unknown;
  logger: Logger;
}

export interface Route {
  /** Request weight (rest-api.md). */
  weight: (params: URLSearchParams) => number;
  handle: (params: URLSearchParams) => unknown;
}

const JSON_TYPE = 'application/json;charset=UTF-8';
/** Signed requests carry a handful of short parameters; anything bigger is refused unread. */
export const MAX_BODY_BYTES = 16 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new BinanceError(413, -1000, 'Request body too large.');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BinanceError(413, -1000, 'Request body too large.');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function createRestHandler(
  opts: RestOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { replay, clock, faults } = opts;
  const limiter = opts.limiter ?? new WeightLimiter(opts.limits);
  const tradingRoutes = opts.tradingRoutes ?? {};
  const tradingPaths = new Set(Object.keys(tradingRoutes).map((k) => k.split(' ')[1]));
  const fixed = (w: number) => () => w;
  const routes: Record<string, Route> = {
    '/api/v3/ping': { weight: fixed(1), handle: () => ({}) },
    '/api/v3/time': { weight: fixed(1), handle: () => ({ serverTime: clock.now() }) },
    '/api/v3/exchangeInfo': {
      weight: fixed(20),
      handle: (params) =>
        exchangeInfo(params, {
          replay,
          now: clock.now(),
          weightLimit: opts.limits.limit,
          weightWindowMs: opts.limits.windowMs,
        }),
    },
    '/api/v3/klines': {
      weight: fixed(2),
      handle: (params) => {
        const { symbol, interval, ...query } = parseKlinesParams(params, (s) => replay.has(s));
        // Binance's row: the candle's fields in order, with its unused trailing "0".
        return replay
          .klines(symbol, interval, query, clock.now())
          .map((bar) => candleToRestKline(bar.candle));
      },
    },
    '/api/v3/ticker/24hr': {
      weight: ticker24hrWeight,
      handle: (params) => ticker24hr(params, replay, opts.book, clock.now()),
    },
    ...marketRoutes({ replay, book: opts.book, clock }),
  };
  const window = describeWindow(opts.limits.windowMs);
  const windowText = `${window.intervalNum} ${window.interval}`;

  function injectedFault(): BinanceError | undefined {
    const fault = faults.rest;
    if (!fault || !(faults.random() < fault.rate)) return undefined;
    if (fault.status === 500) return errors.internal();
    if (fault.status === 503) return errors.busy();
    return errors.tooMuchWeight(opts.limits.limit, windowText);
  }

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim');
    const headers: Record<string, string> = { 'content-type': JSON_TYPE };
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, headers);
      res.end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
    };
    try {
      if (url.pathname === '/__sim/info' && opts.info && req.method === 'GET')
        return reply(200, opts.info());
      if (url.pathname.startsWith('/__sim/')) {
        const answer = opts.enableControl
          ? await handleControl(req, url.pathname, faults)
          : undefined;
        if (answer === undefined) throw errors.unknownPath();
        return reply(200, answer);
      }
      if (tradingPaths.has(url.pathname)) return await serveSigned(req, res, url, headers, reply);
      const route = routes[url.pathname];
      if (!route) throw errors.unknownPath();
      if (req.method !== 'GET' && req.method !== 'HEAD') throw errors.method();
      admit(req, headers, route.weight(url.searchParams));
      reply(200, route.handle(url.searchParams));
    } catch (err) {
      if (err instanceof BinanceError) return reply(err.status, err);
      opts.logger.error({ err, url: req.url }, 'request failed');
      reply(500, { code: -1000, msg: 'An unknown error occurred while processing the request.' });
    }
  }

  /** Injected REST faults, then the IP's request weight; throws the refusal. */
  function admit(req: IncomingMessage, headers: Record<string, string>, weight: number): void {
    const fault = injectedFault();
    if (fault) {
      if (fault.status === 429) headers['retry-after'] = String(faults.rest?.retryAfterSec ?? 1);
      throw fault;
    }
    const ip = req.socket.remoteAddress ?? 'unknown';
    const verdict = limiter.charge(ip, weight, Date.now());
    headers['x-mbx-used-weight'] = String(verdict.used);
    headers['x-mbx-used-weight-1m'] = String(verdict.used);
    if (verdict.status !== 200) {
      headers['retry-after'] = String(verdict.retryAfterSec);
      throw verdict.status === 418
        ? errors.banned(verdict.until)
        : errors.tooMuchWeight(opts.limits.limit, windowText);
    }
  }

  async function serveSigned(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    headers: Record<string, string>,
    reply: (status: number, body: unknown) => void,
  ): Promise<void> {
    const route = tradingRoutes[`${req.method} ${url.pathname}`];
    if (!route) throw errors.method();
    const body = req.method === 'GET' ? '' : await readBody(req);
    const apiKeyHeader = req.headers['x-mbx-apikey'];
    const signedReq = {
      apiKey: typeof apiKeyHeader === 'string' ? apiKeyHeader : undefined,
      rawQuery: url.search.slice(1),
      rawBody: body,
    };
    admit(req, headers, route.weight(paramsOf(signedReq)));
    const answer = route.handle(signedReq);
    if (!route.placesOrder) return reply(200, answer);
    // The order exists now; what the client hears about it is up to the faults.
    const fate = faults.orderAnswerFate();
    if (fate.delayMs > 0) await new Promise((r) => setTimeout(r, fate.delayMs));
    if (fate.action === 'drop') {
      res.socket?.destroy();
      return;
    }
    if (fate.action === 'error') return reply(fate.errorStatus, errors.executionUnknown());
    reply(200, answer);
  }

  return (req, res) => {
    void serve(req, res);
  };
}
