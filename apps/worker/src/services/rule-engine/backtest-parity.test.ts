// Parity between backtests and live alerts, through the worker's own rule engine: 2,000 recorded
// BTCUSDT 1m bars handed one close at a time to a MarketBook (what the worker runs per market,
// records through its FireSink) fire on exactly the bars where core's runBacktest signals, for the
// example strategies' conditions (crossings and level rules). A backtest is thus what the live
// alert would have done on those bars.
import { readFileSync } from 'node:fs';
import { runBacktest } from '@coinview/core/backtest/engine';
import type { Candle, ChartBar } from '@coinview/core/candle';
import type { RuleFire } from '@coinview/core/rules/market-rules';
import type { Condition } from '@coinview/core/rules/rule';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { MarketBook } from './market-book';
import { type LoadedRule, parseRuleRow } from './rule-rows';

const MIN = 60_000;
const FIXTURE = new URL(
  '../../../../../packages/core/test/fixtures/btcusdt_1m_2025-10-29_2000.csv',
  import.meta.url,
);
const [, ...lines] = readFileSync(FIXTURE, 'utf8').trim().split('\n');
const candles: Candle[] = lines.map((line) => {
  const [t, o, h, l, c, v] = line.split(',');
  const openTime = Number(t);
  return {
    symbol: 'BTCUSDT',
    interval: '1m',
    openTime,
    closeTime: openTime + MIN - 1,
    open: o!,
    high: h!,
    low: l!,
    close: c!,
    volume: v!,
    quoteVolume: '0',
    trades: 0,
    takerBuyBaseVolume: '0',
    takerBuyQuoteVolume: '0',
    closed: true,
  };
});
const bars: ChartBar[] = candles.map((c) => ({
  time: c.openTime / 1000,
  open: Number(c.open),
  high: Number(c.high),
  low: Number(c.low),
  close: Number(c.close),
  volume: Number(c.volume),
}));

const ind = (id: string, params: Record<string, number>, output = 'value') =>
  ({ kind: 'indicator', id, params, output }) as const;
const close = { kind: 'price', field: 'close' } as const;

const CASES: [string, Condition, Condition][] = [
  [
    'SMA 10 / 30 crossings',
    { op: 'crosses-above', left: ind('sma', { period: 10 }), right: ind('sma', { period: 30 }) },
    { op: 'crosses-below', left: ind('sma', { period: 10 }), right: ind('sma', { period: 30 }) },
  ],
  [
    'RSI 14 below 30 / above 70',
    { op: 'less-than', left: ind('rsi', { period: 14 }), right: { kind: 'value', value: 30 } },
    { op: 'greater-than', left: ind('rsi', { period: 14 }), right: { kind: 'value', value: 70 } },
  ],
  [
    'close beyond the Bollinger bands (20, 2)',
    { op: 'less-than', left: close, right: ind('bb', { period: 20, stdDev: 2 }, 'lower') },
    { op: 'greater-than', left: close, right: ind('bb', { period: 20, stdDev: 2 }, 'upper') },
  ],
];

function liveRule(id: string, condition: Condition, from: number): LoadedRule {
  const parsed = parseRuleRow({
    id,
    userId: 'u1',
    name: id,
    status: 'active',
    definition: { symbol: 'BTCUSDT', interval: '1m', condition },
    message: '',
    notifyEmail: false,
    notifyInApp: true,
    notifyWebhook: false,
    notifyTelegram: false,
    version: 1,
    updatedAt: from,
  });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.rule;
}

/** Replays the bars through a MarketBook, close by close, and returns each rule's fired bars. */
async function liveFires(entry: Condition, exit: Condition) {
  const stored: Candle[] = [];
  const fired: RuleFire[] = [];
  const book = new MarketBook('BTCUSDT', '1m', {
    history: {
      recent: async (_s, _i, limit, before) => {
        const upTo = stored.filter((c) => before === undefined || c.openTime < before);
        return upTo.slice(Math.max(0, upTo.length - limit));
      },
      lastOpenTime: async () => stored.at(-1)?.openTime,
    },
    sink: {
      record: async (_rule, fire) => (fired.push(fire), true),
      recordMany: async (items) => items.map(({ fire }) => (fired.push(fire), true)),
    },
    now: () => candles.at(-1)!.closeTime + 1,
    logger: pino({ level: 'silent' }),
    catchUpWindowMs: 10 * 24 * 60 * MIN,
    maxCatchUpBars: 5_000,
    recordRetryMs: [],
    onRetired: () => {},
    stats: { closes: 0, ticks: 0, fires: 0, duplicates: 0, lost: 0 },
  });
  const from = candles[0]!.openTime;
  book.put(liveRule('entry', entry, from));
  book.put(liveRule('exit', exit, from));
  await book.settled();
  for (const candle of candles) {
    stored.push(candle);
    book.closed([candle]);
    await book.settled();
  }
  const of = (id: string) => fired.filter((f) => f.ruleId === id).map((f) => f.barOpenTime);
  return { entry: of('entry'), exit: of('exit') };
}

describe('a backtest signals where the worker’s rule engine fires', () => {
  it.each(CASES)('%s', async (_name, entry, exit) => {
    const live = await liveFires(entry, exit);
    const backtest = runBacktest(bars, { symbol: 'BTCUSDT', interval: '1m', entry, exit });
    expect(live.entry.length).toBeGreaterThan(2);
    expect(live.exit.length).toBeGreaterThan(2);
    expect(backtest.signals.entry).toEqual(live.entry);
    expect(backtest.signals.exit).toEqual(live.exit);
  });
});
