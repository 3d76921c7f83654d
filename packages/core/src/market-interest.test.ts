import { describe, expect, it } from 'vitest';
import { MAX_LEASE_MS, marketInterestSchema, marketInterestSyncSchema } from './market-interest';

const lease = {
  kind: 'lease',
  symbol: 'ETHUSDT',
  interval: '3m',
  instanceId: 'web-1',
  leaseMs: 60_000,
};

describe('market interest messages', () => {
  it('accepts leases and releases', () => {
    expect(marketInterestSchema.parse(lease)).toEqual(lease);
    const { leaseMs: _, ...rest } = lease;
    expect(marketInterestSchema.parse({ ...rest, kind: 'release' })).toEqual({
      ...rest,
      kind: 'release',
    });
    expect(marketInterestSyncSchema.parse({ requestedBy: 'worker-1' })).toEqual({
      requestedBy: 'worker-1',
    });
  });

  it('rejects what the worker must never subscribe to or trust', () => {
    for (const bad of [
      { ...lease, symbol: 'eth-usdt' },
      { ...lease, symbol: 'ETHUSDT@trade' },
      { ...lease, interval: '7m' },
      { ...lease, instanceId: '' },
      { ...lease, leaseMs: 0 },
      { ...lease, leaseMs: MAX_LEASE_MS + 1 },
      { ...lease, kind: 'pin' },
      { ...lease, leaseMs: undefined },
      'ETHUSDT 3m',
      null,
    ]) {
      expect(marketInterestSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(marketInterestSyncSchema.safeParse({}).success).toBe(false);
  });
});
