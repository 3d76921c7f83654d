// The subset of Binance's spot REST API the product uses, answered from the replay.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { candleToRestKline } from '@coinview/core/binance';
import type { Clock } from '@coinview/core/ports';
import type { Logger } from 'pino';
import type { MarketReplay } from '../replay/market-replay';
import { BinanceError, errors } from './binance-error';
import { parseKlinesParams } from './klines-params';

export interface RestOptions {
  replay: MarketReplay;
  clock: Clock;
  logger: Logger;
}

type Handler = (params: URLSearchParams) => unknown;

export function createRestHandler(opts: RestOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const routes: Record<string, Handler> = {
    '/api/v3/ping': () => ({}),
    '/api/v3/time': () => ({ serverTime: opts.clock.now() }),
    '/api/v3/klines': (params) => {
      const { symbol, interval, ...query } = parseKlinesParams(params, (s) => opts.replay.has(s));
      const bars = opts.replay.klines(symbol, interval, query, opts.clock.now());
      // Binance's row: the candle's fields in order, with its unused trailing "0".
      return bars.map((bar) => candleToRestKline(bar.candle));
    },
  };

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
      res.end(JSON.stringify(body));
    };
    try {
      const handler = routes[url.pathname];
      if (!handler) throw errors.unknownPath();
      if (req.method !== 'GET' && req.method !== 'HEAD') throw errors.method();
      reply(200, handler(url.searchParams));
    } catch (err) {
      if (err instanceof BinanceError) {
        reply(err.status, err);
        return;
      }
      opts.logger.error({ err, url: req.url }, 'request failed');
      reply(500, { code: -1000, msg: 'An unknown error occurred while processing the request.' });
    }
  };
}
