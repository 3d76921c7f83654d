// Soak: a simulated week of 1m bars (10,080) on 5 symbols, with the 5m/15m/1h bars they make, for
// 10,000 mixed rules (RSI, EMA/SMA crosses, Bollinger channels, MACD, moving-by windows, intrabar
// rules with a forming update per minute, once-rules, expiring rules) through the RuleEngine in
// process. Fires go to a counting sink. The heap, measured after a forced GC, must not grow
// between day 2 and day 7: every structure the engine and its books keep must be bounded.
// Run with --expose-gc (the `soak` vitest project sets it).
import type { Candle } from '@coinview/core/candle';
import { type Interval, intervalMs } from '@coinview/core/interval';
import type { AlertRuleInput } from '@coinview/core/rules/rule';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { FireSink } from './fire-sink';
import { RuleEngine } from './rule-engine';
import type { RuleRow, RuleSource } from './rule-rows';

const SYMBOLS = ['AAAUSDT', 'BBBUSDT', 'CCCUSDT', 'DDDUSDT', 'EEEUSDT'];
const INTERVALS: Interval[] = ['1m', '5m', '15m', '1h'];
const RULES = 10_000;
const MINUTES = 7 * 24 * 60;
const START = Date.UTC(2026, 0, 5);
const gc = (globalThis as { gc?: () => void }).gc;

const rsi = (period: number) =>
  ({ kind: 'indicator', id: 'rsi', params: { period }, output: 'value' }) as const;
const close = { kind: 'price', field: 'close' } as const;
const value = (v: number) => ({ kind: 'value', value: v }) as const;

function definition(i: number): AlertRuleInput {
  const symbol = SYMBOLS[i % SYMBOLS.length]!;
  const interval = INTERVALS[Math.floor(i / SYMBOLS.length) % INTERVALS.length]!;
  const p = 5 + (i % 23);
  const base = { symbol, interval };
  // One rule in 40 expires on day 3.
  const expiresAt = i % 40 === 0 ? START + 3 * 86_400_000 : null;
  switch (i % 8) {
    case 0:
      return {
        ...base,
        expiresAt,
        condition: { op: 'crosses-below', left: rsi(p), right: value(30) },
      };
    case 1:
      return { ...base, condition: { op: 'crosses-above', left: rsi(p), right: value(70) } };
    case 2:
      return {
        ...base,
        condition: {
          op: 'crosses',
          left: close,
          right: { kind: 'indicator', id: 'ema', params: { period: p + 10 }, output: 'value' },
        },
      };
    case 3:
      return {
        ...base,
        condition: {
          all: [
            { op: 'greater-than', left: rsi(14), right: value(50) },
            {
              op: 'crosses-above',
              left: close,
              right: { kind: 'indicator', id: 'sma', params: { period: 2 * p }, output: 'value' },
            },
          ],
        },
      };
    case 4:
      return {
        ...base,
        condition: {
          op: 'entering-channel',
          left: close,
          channel: { kind: 'bands', id: 'bb', params: { period: p + 5, stdDev: 2 } },
        },
      };
    case 5:
      return {
        ...base,
        condition: {
          op: 'crosses',
          left: { kind: 'indicator', id: 'macd', params: {}, output: 'macd' },
          right: { kind: 'indicator', id: 'macd', params: {}, output: 'signal' },
        },
      };
    case 6:
      return {
        ...base,
        frequency: 'once',
        condition: { op: 'moving-up', left: close, by: 1.5, unit: 'percent', bars: p },
      };
    default:
      return {
        ...base,
        trigger: 'intrabar',
        frequency: 'once-per-bar',
        condition: {
          op: 'crosses-below',
          left: close,
          right: { kind: 'indicator', id: 'sma', params: { period: p }, output: 'value' },
        },
      };
  }
}

const rows: RuleRow[] = Array.from({ length: RULES }, (_, i) => ({
  id: `rule-${i}`,
  userId: `user-${i % 100}`,
  name: `rule ${i}`,
  status: 'active',
  definition: definition(i),
  message: '',
  notifyEmail: false,
  notifyInApp: true,
  notifyWebhook: false,
  notifyTelegram: false,
  version: 1,
  updatedAt: START - 1,
}));

const source: RuleSource = {
  loadActive: async () => rows,
  load: async (id) => rows.find((r) => r.id === id) ?? null,
  activeVersions: async () => new Map(rows.map((r) => [r.id, r.version])),
  markExpired: async () => {},
};

/** Deterministic random walk (a fixed LCG), one per symbol. */
function walker(seed: number) {
  let state = seed;
  let price = 100;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    const r = state / 2_147_483_648 - 0.5;
    const open = price;
    price = Math.max(1, price * (1 + r * 0.01));
    const high = Math.max(open, price) * 1.001;
    const low = Math.min(open, price) * 0.999;
    return { open, high, low, close: price };
  };
}

interface Agg {
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

function candle(symbol: string, interval: Interval, bar: Agg, closed: boolean): Candle {
  const s = (x: number) => x.toFixed(4);
  return {
    symbol,
    interval,
    openTime: bar.openTime,
    closeTime: bar.openTime + intervalMs(interval) - 1,
    open: s(bar.open),
    high: s(bar.high),
    low: s(bar.low),
    close: s(bar.close),
    volume: '10',
    quoteVolume: '1000',
    trades: 10,
    takerBuyBaseVolume: '5',
    takerBuyQuoteVolume: '500',
    closed,
  };
}

describe('rule engine soak', () => {
  it.skipIf(!gc)(
    'keeps memory flat over a week of 1m bars for 10,000 rules',
    async () => {
      let now = START;
      let fires = 0;
      const sink: FireSink = {
        record: async () => (fires++, true),
        recordMany: async (items) => items.map(() => (fires++, true)),
      };
      const engine = new RuleEngine({
        rules: source,
        history: { recent: async () => [], lastOpenTime: async () => undefined },
        sink,
        bus: { subscribe: async () => async () => {} },
        feed: { watch: () => {}, unwatch: () => {} },
        symbols: { has: async () => true },
        logger: pino({ level: 'silent' }),
        now: () => now,
        resyncMs: 3_600_000,
      });
      await engine.start();
      expect(engine.ruleCount).toBe(RULES);

      const walks = SYMBOLS.map((_, i) => walker(i + 1));
      const aggs = new Map<string, Agg>();
      const heap: number[] = [];
      const started = Date.now();
      for (let m = 0; m < MINUTES; m++) {
        const openTime = START + m * 60_000;
        now = openTime + 30_000;
        for (const [s, symbol] of SYMBOLS.entries()) {
          const b = walks[s]!();
          const bar = { openTime, ...b };
          // Halfway through the minute: the forming bar, for the intrabar rules.
          engine.onForming(candle(symbol, '1m', { ...bar, close: (b.open + b.close) / 2 }, false));
          engine.onClosed([candle(symbol, '1m', bar, true)]);
          for (const interval of INTERVALS.slice(1)) {
            const size = intervalMs(interval);
            const key = `${symbol}:${interval}`;
            const start = openTime - (openTime % size);
            const agg = aggs.get(key);
            const next =
              agg && agg.openTime === start
                ? {
                    ...agg,
                    high: Math.max(agg.high, b.high),
                    low: Math.min(agg.low, b.low),
                    close: b.close,
                  }
                : { openTime: start, ...b };
            aggs.set(key, next);
            if (openTime + 60_000 === start + size)
              engine.onClosed([candle(symbol, interval, next, true)]);
          }
        }
        now = openTime + 60_000;
        await engine.settled();
        if (m === 2 * 1440 - 1 || m === MINUTES - 1) {
          gc!();
          gc!();
          heap.push(process.memoryUsage().heapUsed);
        }
      }
      const seconds = (Date.now() - started) / 1000;
      await engine.stop();

      const [day2, day7] = heap as [number, number];
      const growthMb = (day7 - day2) / 1_048_576;
      console.info(
        `soak: ${MINUTES} minutes, ${RULES} rules in ${seconds.toFixed(1)} s; ${fires} fires; ` +
          `heap day 2 ${(day2 / 1_048_576).toFixed(1)} MB, day 7 ${(day7 / 1_048_576).toFixed(1)} MB`,
      );
      expect(fires).toBeGreaterThan(10_000);
      expect(engine.stats.closes).toBeGreaterThan(MINUTES * SYMBOLS.length);
      expect(growthMb).toBeLessThan(2);
    },
    120_000,
  );
});
