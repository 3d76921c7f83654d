// The best bid and ask of a symbol (GET /api/v3/ticker/bookTicker, weight 2) through the shared
// REST transport (its weight budget and retries): what the paper broker fills market orders
// against — buys at the ask, sells at the bid — as Binance's own matching would.
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
}

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
}
