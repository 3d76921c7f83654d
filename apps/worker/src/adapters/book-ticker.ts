// The exchange's order book through the shared REST transport (its weight budget and retries):
// the best bid and ask (GET /api/v3/ticker/bookTicker, weight 2), and the levels a taker order
// walks (GET /api/v3/depth, weight 5 up to 100 levels). The paper broker fills market orders
// against them — buys up the asks, sells down the bids — as Binance's own matching would.
import type { OrderSide } from '@coinview/core/trading/order';
import type { BookLevel } from '@coinview/core/trading/paper-matching';
import type { BinanceRestClient } from '@coinview/exchange/rest';
import { z } from 'zod';

const decimal = z.string().regex(/^\d+(\.\d+)?$/);
const bookTickerSchema = z.object({
  symbol: z.string(),
  bidPrice: decimal,
  bidQty: decimal,
  askPrice: decimal,
  askQty: decimal,
});
export type BookTop = z.infer<typeof bookTickerSchema>;

export interface BookTopSource {
  /** Null when the symbol has no book yet (both sides empty). */
  top(symbol: string): Promise<BookTop | null>;
  /**
   * The side a taker order of `side` takes from (asks for a buy, bids for a sell), best first.
   * Optional: a source without it is walked as its top level only.
   */
  levels?(symbol: string, side: OrderSide): Promise<BookLevel[]>;
}

/** Levels a paper market order may walk; 100 is the most Binance serves at depth weight 5. */
export const PAPER_DEPTH_LEVELS = 100;

const depthSchema = z.object({
  lastUpdateId: z.number(),
  bids: z.array(z.tuple([decimal, decimal])),
  asks: z.array(z.tuple([decimal, decimal])),
});

export class RestBookTicker implements BookTopSource {
  constructor(private readonly rest: Pick<BinanceRestClient, 'transport'>) {}

  async top(symbol: string): Promise<BookTop | null> {
    const top = await this.rest.transport.request({
      method: 'GET',
      path: '/api/v3/ticker/bookTicker',
      query: `symbol=${encodeURIComponent(symbol)}`,
      weight: 2,
      schema: bookTickerSchema,
    });
    return /[1-9]/.test(top.askPrice) || /[1-9]/.test(top.bidPrice) ? top : null;
  }

  async levels(symbol: string, side: OrderSide): Promise<BookLevel[]> {
    const depth = await this.rest.transport.request({
      method: 'GET',
      path: '/api/v3/depth',
      query: `symbol=${encodeURIComponent(symbol)}&limit=${PAPER_DEPTH_LEVELS}`,
      weight: 5,
      schema: depthSchema,
    });
    return (side === 'BUY' ? depth.asks : depth.bids).map(([price, quantity]) => ({
      price,
      quantity,
    }));
  }
}
