import { describe, expect, it } from 'vitest';
import { withAdded, withMoved, withRemoved, type WatchlistEntry } from './watchlist-order';

const list: WatchlistEntry[] = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'].map((symbol, position) => ({
  id: symbol.toLowerCase(),
  symbol,
  position,
  createdAt: 1,
}));
const order = (l: WatchlistEntry[]) => l.map((i) => `${i.symbol}@${i.position}`);

describe('optimistic watchlist edits', () => {
  it('appends once', () => {
    expect(order(withAdded(list, 'XRPUSDT', 2))).toEqual([
      'BTCUSDT@0',
      'ETHUSDT@1',
      'SOLUSDT@2',
      'XRPUSDT@3',
    ]);
    expect(withAdded(list, 'ETHUSDT', 2)).toEqual(list);
  });

  it('removes and renumbers', () => {
    expect(order(withRemoved(list, 'BTCUSDT'))).toEqual(['ETHUSDT@0', 'SOLUSDT@1']);
  });

  it('moves up and down, clamped at the ends', () => {
    expect(order(withMoved(list, 'SOLUSDT', -1))).toEqual(['BTCUSDT@0', 'SOLUSDT@1', 'ETHUSDT@2']);
    expect(order(withMoved(list, 'BTCUSDT', -1))).toEqual(order(list));
    expect(order(withMoved(list, 'BTCUSDT', 1))).toEqual(['ETHUSDT@0', 'BTCUSDT@1', 'SOLUSDT@2']);
    expect(order(withMoved(list, 'NOPE', 1))).toEqual(order(list));
  });
});
