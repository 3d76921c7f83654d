import { describe, expect, it } from 'vitest';
import {
  NO_LIMITS,
  checkTradingLimits,
  tradingDayStart,
  tradingLimitsSchema,
} from './trading-limits';

const order = (automatic: boolean, notional = '100') => ({
  automatic,
  notional,
  quoteAsset: 'USDT',
});
const none = { orders: 0, notional: '0' };

describe('trading limits', () => {
  it('kill switch stops automatic orders only', () => {
    const limits = { ...NO_LIMITS, killSwitch: true };
    expect(checkTradingLimits(limits, none, order(true))).toEqual({
      limit: 'kill-switch',
      reason: 'Automatic orders are stopped: the kill switch is on.',
    });
    expect(checkTradingLimits(limits, none, order(false))).toBeNull();
  });

  it('stop the order that would pass the daily order count, whatever its source', () => {
    const limits = { ...NO_LIMITS, maxOrdersPerDay: 3 };
    expect(checkTradingLimits(limits, { orders: 2, notional: '0' }, order(false))).toBeNull();
    expect(checkTradingLimits(limits, { orders: 3, notional: '0' }, order(false))?.reason).toBe(
      'The daily limit of 3 orders is reached; it resets at 00:00 UTC.',
    );
    expect(checkTradingLimits({ ...limits, maxOrdersPerDay: 0 }, none, order(true))?.limit).toBe(
      'orders-per-day',
    );
  });

  it('stop the order that would pass the daily notional, exactly at the boundary', () => {
    const limits = { ...NO_LIMITS, maxNotionalPerDay: '0.3' };
    // 0.1 + 0.2 = 0.3 exactly; as floats it is 0.30000000000000004 and would be refused
    expect(0.1 + 0.2).toBeGreaterThan(0.3);
    expect(
      checkTradingLimits(limits, { orders: 5, notional: '0.1' }, order(false, '0.2')),
    ).toBeNull();
    const big = { ...NO_LIMITS, maxNotionalPerDay: '1000' };
    expect(
      checkTradingLimits(big, { orders: 5, notional: '900.1' }, order(false, '99.91')),
    ).toEqual({
      limit: 'notional-per-day',
      reason:
        'This order of 99.91 USDT would pass the daily limit of 1,000 USDT (99.9 USDT left today).',
    });
  });

  it('validate settings a stranger sends', () => {
    expect(
      tradingLimitsSchema.safeParse({
        killSwitch: true,
        maxOrdersPerDay: 10,
        maxNotionalPerDay: '5000',
      }).success,
    ).toBe(true);
    for (const bad of [
      { killSwitch: 'yes', maxOrdersPerDay: null, maxNotionalPerDay: null },
      { killSwitch: false, maxOrdersPerDay: -1, maxNotionalPerDay: null },
      { killSwitch: false, maxOrdersPerDay: 1.5, maxNotionalPerDay: null },
      { killSwitch: false, maxOrdersPerDay: null, maxNotionalPerDay: '-5' },
      { killSwitch: false, maxOrdersPerDay: null, maxNotionalPerDay: '1e9' },
      { killSwitch: false, maxOrdersPerDay: null, maxNotionalPerDay: '9'.repeat(41) },
    ])
      expect(tradingLimitsSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  });

  it('count the day from 00:00 UTC', () => {
    expect(tradingDayStart(Date.UTC(2026, 11, 3, 23, 59, 59, 999))).toBe(Date.UTC(2026, 11, 3));
    expect(tradingDayStart(Date.UTC(2026, 11, 4))).toBe(Date.UTC(2026, 11, 4));
  });
});
