import { describe, expect, it } from 'vitest';
import { SubscriptionSet } from './subscription-set';

describe('SubscriptionSet', () => {
  it('reports only the first reference and the last release of a market', () => {
    const set = new SubscriptionSet();
    const btc = { symbol: 'BTCUSDT', interval: '1m' } as const;
    const eth = { symbol: 'ETHUSDT', interval: '1h' } as const;
    expect(set.add(btc)).toBe(true); // configured
    expect(set.add({ ...btc })).toBe(false); // a chart watching it
    expect(set.add(eth)).toBe(true);
    expect(set.count(btc)).toBe(2);
    expect(set.remove(btc)).toBe(false);
    expect(set.has(btc)).toBe(true);
    expect(set.remove(btc)).toBe(true);
    expect(set.has(btc)).toBe(false);
    expect(set.remove(btc)).toBe(false); // releasing more than was taken changes nothing
    expect(set.markets()).toEqual([eth]);
    expect(set.size).toBe(1);
  });
});
