// Features the product does not have yet, and the words that would claim them. The README and
// what the web app shows a visitor must not use these words until the feature runs; remove an
// entry in the commit that ships its feature.
export const NOT_YET_BUILT: readonly { feature: string; claim: RegExp }[] = [
  { feature: 'paper trading', claim: /paper[ -]?trad/i },
  { feature: 'backtests', claim: /back[ -]?test/i },
  {
    feature: 'orders',
    claim: /\b(orders? (ticket|history|table|executor)|place (an )?orders?)\b/i,
  },
  { feature: 'portfolio and balances', claim: /\b(portfolio|balances?)\b/i },
];
