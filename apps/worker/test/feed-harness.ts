// Shared by the market-feed integration tests: a publisher that records what goes out on the real
// bus, and the completeness check run after each fault scenario.
import type { Candle } from '@coinview/core/candle';
import { type Interval, barOpenTime, nextBarOpen } from '@coinview/core/interval';
import type { EventPublisher } from '@coinview/core/ports';
import type { Db } from '@coinview/db/client';
import { listCandles } from '@coinview/db/candles';
import type { ExchangeSim } from '@coinview/exchange-sim/server';
import { expect } from 'vitest';

export interface MarketRef {
  symbol: string;
  interval: Interval;
}

export class RecordingPublisher implements EventPublisher {
  readonly byTopic = new Map<string, Candle[]>();

  constructor(private readonly inner?: EventPublisher) {}

  async publish(topic: string, payload: unknown): Promise<void> {
    const list = this.byTopic.get(topic) ?? [];
    list.push(payload as Candle);
    this.byTopic.set(topic, list);
    await this.inner?.publish(topic, payload);
  }

  count(): number {
    let n = 0;
    for (const list of this.byTopic.values()) n += list.length;
    return n;
  }
}

/** Open time of the newest bar of `interval` closed at sim time `at`. */
export function newestClosed(at: number, interval: Interval): number {
  return barOpenTime(barOpenTime(at, interval) - 1, interval);
}

/**
 * The candles table holds every closed bar of each market from its first stored bar through
 * `through` (and possibly a little beyond), each exactly once and exactly as the sim serves it.
 */
export async function expectComplete(
  db: Db,
  sim: ExchangeSim,
  markets: MarketRef[],
  through: number,
): Promise<number> {
  let total = 0;
  for (const { symbol, interval } of markets) {
    const rows = await listCandles(db, { symbol, interval, limit: 1_000_000 });
    expect(rows.length, `${symbol} ${interval} has rows`).toBeGreaterThan(0);
    const last = newestClosed(through, interval);
    expect(
      rows.at(-1)!.openTime,
      `${symbol} ${interval} stored through the checkpoint`,
    ).toBeGreaterThanOrEqual(last);
    const now = sim.now();
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      if (i > 0)
        expect(row.openTime, `${symbol} ${interval} bar after ${rows[i - 1]!.openTime}`).toBe(
          nextBarOpen(rows[i - 1]!.openTime, interval),
        );
      expect(row).toEqual(sim.replay.bar(symbol, interval, row.openTime, now).candle);
    }
    total += rows.length;
  }
  return total;
}

/** Every update published for a market moves forward, and every announced close is the sim's bar. */
export function expectOrderedUpdates(sim: ExchangeSim, publisher: RecordingPublisher): void {
  for (const [topic, updates] of publisher.byTopic) {
    for (let i = 1; i < updates.length; i++) {
      const prev = updates[i - 1]!;
      const next = updates[i]!;
      const forward =
        next.openTime > prev.openTime || (next.openTime === prev.openTime && !prev.closed);
      expect(
        forward,
        `${topic}: ${prev.openTime}${prev.closed ? ' closed' : ''} then ${next.openTime}`,
      ).toBe(true);
      if (next.openTime === prev.openTime && !next.closed)
        expect(next.trades).toBeGreaterThanOrEqual(prev.trades);
    }
    for (const c of updates.filter((u) => u.closed)) {
      expect(c).toEqual(sim.replay.bar(c.symbol, c.interval, c.openTime, sim.now()).candle);
    }
  }
}

export function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = async () => {
      if (await check()) return resolve();
      if (Date.now() - started > timeoutMs)
        return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(() => void poll(), 10);
    };
    void poll();
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
