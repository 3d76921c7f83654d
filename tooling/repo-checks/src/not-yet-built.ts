// Features the product does not have yet, and the words that would claim them. The README and
// what the web app shows a visitor must not use these words until the feature runs; remove an
// entry in the commit that ships its feature (paper trading, orders and balances shipped with
// issue 10).
export const NOT_YET_BUILT: readonly {
  feature: string;
  claim: RegExp;
  /** A README line that also matches this describes what does run; the web app has no such line. */
  exceptInDocs?: RegExp;
}[] = [
  {
    // `coinview backtest` (a strategy file over a CSV, in the terminal) runs; the backtest page
    // does not. A README line may name backtests only together with the command.
    feature: 'backtests in the web app',
    claim: /back[ -]?test/i,
    exceptInDocs: /\bcoinview [\w|]*\bbacktest\b/,
  },
];
