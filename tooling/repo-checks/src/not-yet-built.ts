// Features the product does not have yet, and the words that would claim them. The README and
// what the web app shows a visitor must not use these words until the feature runs; remove an
// entry in the commit that ships its feature (paper trading, orders and balances shipped with
// issue 10; the backtest page with issue 11).
export const NOT_YET_BUILT: readonly {
  feature: string;
  claim: RegExp;
  /** A README line that also matches this describes what does run; the web app has no such line. */
  exceptInDocs?: RegExp;
}[] = [
  {
    // Backtests run in the web app (the /backtests page) and in the terminal; parameter sweeps
    // and walk-forward have no page yet. A README line may name them with the command.
    feature: 'parameter sweeps in the web app',
    claim: /\bparameter sweeps?\b|\bwalk[ -]forward\b|\boptimi[sz]ation\b/i,
    exceptInDocs: /\bcoinview [\w|]*\bbacktest\b|--sweep\b/,
  },
];
