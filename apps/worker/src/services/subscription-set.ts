// The markets the worker must follow, with reference counts: configured markets, charts being
// watched and (later) alert rules each hold a reference, and a market is followed while any
// reference remains. Only the first `add` and the last `remove` of a market report a change.
import type { Interval } from '@coinview/core/interval';

export interface Market {
  symbol: string;
  interval: Interval;
}

export function marketKey(market: Market): string {
  return `${market.symbol}:${market.interval}`;
}

export class SubscriptionSet {
  private readonly refs = new Map<string, { market: Market; count: number }>();

  /** True when this is the market's first reference (it must be subscribed now). */
  add(market: Market): boolean {
    const key = marketKey(market);
    const entry = this.refs.get(key);
    if (entry) {
      entry.count++;
      return false;
    }
    this.refs.set(key, { market: { symbol: market.symbol, interval: market.interval }, count: 1 });
    return true;
  }

  /** True when that was the market's last reference (it can be unsubscribed now). */
  remove(market: Market): boolean {
    const key = marketKey(market);
    const entry = this.refs.get(key);
    if (!entry) return false;
    entry.count--;
    if (entry.count > 0) return false;
    this.refs.delete(key);
    return true;
  }

  has(market: Market): boolean {
    return this.refs.has(marketKey(market));
  }

  count(market: Market): number {
    return this.refs.get(marketKey(market))?.count ?? 0;
  }

  get size(): number {
    return this.refs.size;
  }

  markets(): Market[] {
    return [...this.refs.values()].map((e) => e.market);
  }
}
