import { describe, expect, it } from 'vitest';
import { LeaseTable } from './market-interest-leases';

const eth3m = { symbol: 'ETHUSDT', interval: '3m' } as const;
const btc30m = { symbol: 'BTCUSDT', interval: '30m' } as const;

describe('LeaseTable', () => {
  it('reports a market wanted with its first lease and unwanted with its last release', () => {
    const t = new LeaseTable();
    expect(t.grant(eth3m, 'web-a', 1_000)).toBe(true);
    expect(t.grant(eth3m, 'web-a', 2_000)).toBe(false); // heartbeat
    expect(t.grant(eth3m, 'web-b', 1_500)).toBe(false);
    expect(t.holders(eth3m)).toEqual(['web-a', 'web-b']);
    expect(t.release(eth3m, 'web-a')).toBe(false);
    expect(t.release(eth3m, 'web-a')).toBe(false); // twice
    expect(t.release(eth3m, 'web-x')).toBe(false); // never held
    expect(t.release(btc30m, 'web-b')).toBe(false); // other market
    expect(t.release(eth3m, 'web-b')).toBe(true);
    expect(t.size).toBe(0);
    expect(t.grant(eth3m, 'web-b', 3_000)).toBe(true);
  });

  it('lapses each lease at its own time; a heartbeat pushes it back', () => {
    const t = new LeaseTable();
    t.grant(eth3m, 'web-a', 1_000);
    t.grant(eth3m, 'web-b', 2_000);
    t.grant(btc30m, 'web-a', 1_000);
    expect(t.expire(999)).toEqual([]);
    t.grant(btc30m, 'web-a', 1_600); // renewed in time
    expect(t.expire(1_000)).toEqual([]);
    expect(t.holders(eth3m)).toEqual(['web-b']);
    expect(t.expire(1_600)).toEqual([btc30m]);
    expect(t.expire(2_000)).toEqual([eth3m]);
    expect(t.size).toBe(0);
  });

  it('drops a market with all its leases', () => {
    const t = new LeaseTable();
    t.grant(eth3m, 'web-a', 1_000);
    t.grant(eth3m, 'web-b', 1_000);
    t.drop(eth3m);
    expect(t.expire(5_000)).toEqual([]);
    expect(t.grant(eth3m, 'web-a', 6_000)).toBe(true);
  });
});
