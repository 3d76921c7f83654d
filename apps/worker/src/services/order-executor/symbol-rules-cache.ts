// The trading rules (exchangeInfo filters) of the symbols orders are placed on, asked of the
// exchange once per symbol and kept for an hour: Binance changes a symbol's filters rarely, and the
// exchange itself refuses an order that breaks a newer rule (the refusal reaches the trader).
import { type SymbolRules, symbolRules } from '@coinview/core/trading/symbol-rules';
import type { BinanceRestClient } from '@coinview/exchange/rest';

const TTL_MS = 60 * 60 * 1000;

export interface SymbolRulesSource {
  /** The symbol's rules; null when the exchange does not list it. */
  get(symbol: string): Promise<SymbolRules | null>;
}

export class SymbolRulesCache implements SymbolRulesSource {
  private readonly cache = new Map<string, { at: number; rules: Promise<SymbolRules | null> }>();

  constructor(
    private readonly rest: Pick<BinanceRestClient, 'exchangeInfo'>,
    private readonly now: () => number = Date.now,
  ) {}

  get(symbol: string): Promise<SymbolRules | null> {
    const hit = this.cache.get(symbol);
    if (hit && this.now() - hit.at < TTL_MS) return hit.rules;
    const rules = this.rest.exchangeInfo({ symbols: [symbol] }).then(
      (info) => {
        const entry = info.symbols.find((s) => s.symbol === symbol);
        return entry ? symbolRules(entry) : null;
      },
      (err: unknown) => {
        this.cache.delete(symbol); // a failure is not remembered: the next order asks again
        throw err;
      },
    );
    this.cache.set(symbol, { at: this.now(), rules });
    return rules;
  }
}
