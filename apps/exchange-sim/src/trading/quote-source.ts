// Where market orders (and limit orders priced through the book) take liquidity from: by default the
// synthesised order book of book/synth-book.ts, the same book the depth and bookTicker streams serve,
// so a client's fills agree with the book it sees. Tests may pass their own.
import type { BookLevel, BookSide, BookTop } from '../book/synth-book';

export type { BookTop } from '../book/synth-book';

export interface QuoteSource {
  /** Best bid and ask of `symbol` now, or null when there is no book. */
  top(symbol: string): BookTop | null;
  /**
   * The best `limit` levels of one side now, best first, as [price, quantity] decimal strings.
   * Without it an order takes only the top level, whole.
   */
  levels?(symbol: string, side: BookSide, limit: number): BookLevel[];
}
