// Symbol search: rank the exchange's symbols for what the trader typed. "btc" finds BTCUSDT first
// (symbol prefix), then BTC-based pairs, then pairs quoted in BTC (ETHBTC), then anything containing
// it; "eth/usdt", "eth usdt" and "ETH-USDT" find ETHUSDT.

export interface SearchableSymbol {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
}

function score(s: SearchableSymbol, query: string, parts: string[]): number {
  if (parts.length >= 2) {
    const [base = '', quote = ''] = parts;
    if (s.baseAsset === base && s.quoteAsset.startsWith(quote)) return 100;
    if (s.baseAsset.startsWith(base) && s.quoteAsset.startsWith(quote)) return 80;
    return 0;
  }
  if (s.symbol === query) return 100;
  if (s.baseAsset === query) return 90;
  if (s.symbol.startsWith(query)) return 80;
  if (s.baseAsset.startsWith(query)) return 70;
  if (s.quoteAsset === query) return 50;
  if (s.symbol.includes(query)) return 30;
  return 0;
}

/** The best `limit` matches, best first (ties: quote USDT first, then alphabetical). */
export function filterSymbols<T extends SearchableSymbol>(
  symbols: readonly T[],
  query: string,
  limit = 100,
): T[] {
  const q = query.trim().toUpperCase();
  if (!q) return symbols.slice(0, limit);
  const parts = q.split(/[\s/\-_:]+/).filter(Boolean);
  const compact = parts.join('');
  const ranked: { s: T; score: number }[] = [];
  for (const s of symbols) {
    const value = Math.max(
      score(s, compact, [compact]),
      parts.length >= 2 ? score(s, q, parts) : 0,
    );
    if (value > 0) ranked.push({ s, score: value });
  }
  ranked.sort(
    (a, b) =>
      b.score - a.score ||
      Number(b.s.quoteAsset === 'USDT') - Number(a.s.quoteAsset === 'USDT') ||
      (a.s.symbol < b.s.symbol ? -1 : 1),
  );
  return ranked.slice(0, limit).map((r) => r.s);
}
