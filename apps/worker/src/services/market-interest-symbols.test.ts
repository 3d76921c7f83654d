import type { ExchangeInfo } from '@coinview/exchange/rest';
import { describe, expect, it } from 'vitest';
import { ExchangeSymbols } from './market-interest-symbols';

/** An exchange whose listing the test changes, counting exchangeInfo calls. */
function exchange(symbols: string[]) {
  const state = { symbols, calls: 0, down: false };
  const rest = {
    async exchangeInfo(): Promise<ExchangeInfo> {
      state.calls++;
      await new Promise((r) => setTimeout(r, 5));
      if (state.down) throw new Error('HTTP 503');
      return {
        timezone: 'UTC',
        serverTime: 0,
        rateLimits: [],
        symbols: state.symbols.map((symbol) => ({
          symbol,
          status: 'TRADING',
          baseAsset: symbol.slice(0, 3),
          quoteAsset: 'USDT',
          filters: [],
        })),
      };
    },
  };
  return { state, rest };
}

describe('ExchangeSymbols', () => {
  it('answers from one cached listing; concurrent checks share one request', async () => {
    const { state, rest } = exchange(['BTCUSDT', 'ETHUSDT']);
    let now = 0;
    const symbols = new ExchangeSymbols({ rest, now: () => now, ttlMs: 10_000 });
    expect(await Promise.all(['BTCUSDT', 'ETHUSDT', 'BTCUSDT'].map((s) => symbols.has(s)))).toEqual(
      [true, true, true],
    );
    expect(state.calls).toBe(1);
    now = 9_999;
    expect(await symbols.has('ETHUSDT')).toBe(true);
    expect(state.calls).toBe(1);
    now = 10_000; // aged out
    expect(await symbols.has('ETHUSDT')).toBe(true);
    expect(state.calls).toBe(2);
  });

  it('refetches for an unknown symbol at most every refreshUnknownMs, finding new listings', async () => {
    const { state, rest } = exchange(['BTCUSDT']);
    let now = 0;
    const symbols = new ExchangeSymbols({ rest, now: () => now, refreshUnknownMs: 60_000 });
    expect(await symbols.has('NOSUCHUSDT')).toBe(false);
    expect(await symbols.has('NOSUCHUSDT')).toBe(false);
    expect(state.calls).toBe(1);
    state.symbols = ['BTCUSDT', 'SOLUSDT'];
    now = 30_000;
    expect(await symbols.has('SOLUSDT')).toBe(false); // too soon to ask again
    now = 60_000;
    expect(await symbols.has('SOLUSDT')).toBe(true);
    expect(state.calls).toBe(2);
  });

  it('rejects while the exchange never answered, and keeps the old listing when a refetch fails', async () => {
    const { state, rest } = exchange(['BTCUSDT']);
    let now = 0;
    const symbols = new ExchangeSymbols({ rest, now: () => now, ttlMs: 1_000 });
    state.down = true;
    await expect(symbols.has('BTCUSDT')).rejects.toThrow(/503/);
    state.down = false;
    expect(await symbols.has('BTCUSDT')).toBe(true);
    state.down = true;
    now = 5_000;
    expect(await symbols.has('BTCUSDT')).toBe(true);
    expect(state.calls).toBe(3);
  });
});
