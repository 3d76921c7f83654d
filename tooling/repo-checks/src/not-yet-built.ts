// Features the product does not have yet, and the words that would claim them. The README and
// what the web app shows a visitor must not use these words until the feature runs; remove an
// entry in the commit that ships its feature (paper trading, orders and balances shipped with
// issue 10; the backtest page, with its sweeps and walk-forward, with issue 11).
export const NOT_YET_BUILT: readonly {
  feature: string;
  claim: RegExp;
  /** A README line that also matches this describes what does run; the web app has no such line. */
  exceptInDocs?: RegExp;
}[] = [];
