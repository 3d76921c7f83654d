// A user's own brakes on trading, checked before any order is sent: the kill switch stops every
// automatic order (alert actions) at once while leaving the order ticket usable, and the daily
// limits cap how many orders and how much notional go out per UTC day, whatever their source.
// The caller counts the day's orders and notional (the database does); this decides. The notional
// limit is in one quote asset (the one the settings name, USDT by default); orders quoted in another
// count at whatever conversion the caller applies, or not at all.
import { z } from 'zod';
import { decimalString } from '../candle';
import { formatAmount, money } from './money';

export const tradingLimitsSchema = z.object({
  /** On: no automatic order is sent. */
  killSwitch: z.boolean(),
  /** Orders per UTC day, all sources; null: no limit. */
  maxOrdersPerDay: z.number().int().min(0).max(1_000_000).nullable(),
  /** Notional per UTC day in the quote asset (e.g. USDT), all sources; null: no limit. */
  maxNotionalPerDay: decimalString
    .max(40)
    .refine((v) => !v.startsWith('-'), 'must not be negative')
    .nullable(),
});
export type TradingLimits = z.infer<typeof tradingLimitsSchema>;

export const NO_LIMITS: TradingLimits = {
  killSwitch: false,
  maxOrdersPerDay: null,
  maxNotionalPerDay: null,
};

/** What the user sent so far today (UTC), not counting the order being checked. */
export interface TradingDayUsage {
  orders: number;
  notional: string;
}

export interface OrderToCheck {
  automatic: boolean;
  /** Estimated notional of the order, in the same quote asset as the limit. */
  notional: string;
  quoteAsset: string;
}

export type LimitRefusal = {
  limit: 'kill-switch' | 'orders-per-day' | 'notional-per-day';
  reason: string;
};

/** Null when the order may go; otherwise which limit stops it, in a sentence. */
export function checkTradingLimits(
  limits: TradingLimits,
  usage: TradingDayUsage,
  order: OrderToCheck,
): LimitRefusal | null {
  if (order.automatic && limits.killSwitch)
    return {
      limit: 'kill-switch',
      reason: 'Automatic orders are stopped: the kill switch is on.',
    };
  if (limits.maxOrdersPerDay !== null && usage.orders >= limits.maxOrdersPerDay)
    return {
      limit: 'orders-per-day',
      reason: `The daily limit of ${limits.maxOrdersPerDay} orders is reached; it resets at 00:00 UTC.`,
    };
  if (limits.maxNotionalPerDay !== null) {
    const after = money(usage.notional).plus(money(order.notional));
    if (after.gt(limits.maxNotionalPerDay)) {
      const left = money(limits.maxNotionalPerDay).minus(money(usage.notional));
      return {
        limit: 'notional-per-day',
        reason: `This order of ${formatAmount(order.notional, 2)} ${order.quoteAsset} would pass the daily limit of ${formatAmount(limits.maxNotionalPerDay)} ${order.quoteAsset} (${formatAmount(left.gt(0) ? left : money('0'), 2)} ${order.quoteAsset} left today).`,
      };
    }
  }
  return null;
}

const DAY_MS = 86_400_000;

/** The start (epoch ms) of the UTC day `now` falls in: daily limits count from there. */
export function tradingDayStart(nowMs: number): number {
  return Math.floor(nowMs / DAY_MS) * DAY_MS;
}
