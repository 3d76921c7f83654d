// MarketBook on hand-made bars: which stored bars a (re)built book evaluates for which rule, how a
// gap in the closes it is handed is filled from the store, and which bars are too old to alert on.
import type { Candle } from '@coinview/core/candle';
import type { RuleFire } from '@coinview/core/rules/market-rules';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { type CandleHistory, MarketBook, type MarketBookDeps } from './market-book';
import { type LoadedRule, parseRuleRow } from './rule-rows';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;

/** Bar i: closes at 100 + i, so "close > 100 + k" holds from bar k + 1 on. */
function bar(i: number): Candle {
  const price = String(100 + i);
  return {
    symbol: 'BTCUSDT',
    interval: '1m',
    openTime: T0 + i * MIN,
    closeTime: T0 + (i + 1) * MIN - 1,
    open: price,
    high: price,
    low: price,
    close: price,
    volume: '1',
    quoteVolume: '100',
    trades: 1,
    takerBuyBaseVolume: '0',
    takerBuyQuoteVolume: '0',
    closed: true,
  };
}

function rule(id: string, effectiveFrom: number, above = 0): LoadedRule {
  const parsed = parseRuleRow({
    id,
    userId: 'u1',
    name: id,
    status: 'active',
    definition: {
      symbol: 'BTCUSDT',
      interval: '1m',
      condition: {
        op: 'greater-than',
        left: { kind: 'price', field: 'close' },
        right: { kind: 'value', value: 100 + above },
      },
    },
    message: '',
    notifyEmail: false,
    notifyInApp: true,
    notifyWebhook: false,
    notifyTelegram: false,
    version: 1,
    updatedAt: effectiveFrom,
  });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.rule;
}

function setup(
  stored: number,
  opts: {
    now?: number;
    windowMs?: number;
    sink?: MarketBookDeps['sink'];
    recordRetryMs?: number[];
  } = {},
) {
  const rows = Array.from({ length: stored }, (_, i) => bar(i));
  const reads: { limit: number; before?: number }[] = [];
  const history: CandleHistory = {
    recent: async (_s, _i, limit, before) => {
      reads.push({ limit, before });
      const upTo = rows.filter((c) => before === undefined || c.openTime < before);
      return upTo.slice(Math.max(0, upTo.length - limit));
    },
    lastOpenTime: async () => rows.at(-1)?.openTime,
  };
  const fired: (RuleFire & { ruleId: string })[] = [];
  const deps: MarketBookDeps = {
    history,
    sink: opts.sink ?? {
      record: async (_r, fire) => (fired.push(fire), true),
      recordMany: async (items) => items.map(({ fire }) => (fired.push(fire), true)),
    },
    now: () => opts.now ?? T0 + stored * MIN,
    logger: pino({ level: 'silent' }),
    catchUpWindowMs: opts.windowMs ?? 24 * 60 * MIN,
    maxCatchUpBars: 1_000,
    recordRetryMs: opts.recordRetryMs ?? [],
    onRetired: () => {},
    stats: { closes: 0, ticks: 0, fires: 0, duplicates: 0, lost: 0 },
  };
  const book = new MarketBook('BTCUSDT', '1m', deps);
  const barsFired = (id: string) =>
    fired.filter((f) => f.ruleId === id).map((f) => (f.barOpenTime - T0) / MIN);
  return { rows, reads, book, barsFired, stats: deps.stats };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('MarketBook', () => {
  it('re-evaluates stored bars from each rule’s own effectiveFrom when it is built', async () => {
    const { book, barsFired } = setup(100);
    book.put(rule('a', T0 + 90 * MIN)); // as of the end of bar 89: bars 90..99
    book.put(rule('b', T0 + 95 * MIN + 30_000)); // mid-bar 95: bars 95..99
    await book.settled();
    expect(barsFired('a')).toEqual(range(90, 100));
    expect(barsFired('b')).toEqual(range(95, 100));
    expect(book.evaluatedThrough).toBe(T0 + 99 * MIN);
  });

  it('fills a gap in the closes it is handed from the store, in order', async () => {
    const { rows, book, barsFired, reads } = setup(100);
    book.put(rule('a', T0 + 100 * MIN));
    await book.settled();
    expect(barsFired('a')).toEqual([]);
    for (let i = 100; i < 110; i++) rows.push(bar(i));
    book.closed([bar(100)]);
    book.closed([bar(100)]); // a replay: ignored
    book.closed([bar(109)]); // 101..108 were stored, never handed over
    await book.settled();
    expect(barsFired('a')).toEqual(range(100, 110));
    expect(reads.at(-1)).toEqual({ limit: 8, before: T0 + 109 * MIN });
  });

  it('does not alert on bars older than the catch-up window', async () => {
    // Back after an outage: 100 bars stored, the last 10 within the window.
    const { book, barsFired } = setup(100, { windowMs: 10 * MIN });
    book.put(rule('a', T0));
    await book.settled();
    expect(barsFired('a')).toEqual(range(90, 100));
  });

  it('lets a rule changed while running join from the next bar, and forgets a removed one', async () => {
    const { book, barsFired } = setup(50);
    book.put(rule('a', T0 + 50 * MIN));
    await book.settled();
    book.closed([bar(50)]);
    await book.settled();
    book.put(rule('b', T0 + 51 * MIN + 10_000)); // created while bar 51 forms
    book.closed([bar(51)]);
    await book.settled();
    book.remove('a');
    book.closed([bar(52)]);
    await book.settled();
    expect(barsFired('a')).toEqual([50, 51]);
    expect(barsFired('b')).toEqual([51, 52]);
  });

  it('records a bar’s fires in one call, and finishes the bar only when they are recorded', async () => {
    // 40 rules fire on each close; recording a bar takes 20 ms (one transaction).
    const calls: { ids: string[]; bars: number[] }[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const sink: MarketBookDeps['sink'] = {
      record: async () => {
        throw new Error('a bar’s fires go through recordMany');
      },
      recordMany: async (items) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 20));
        inFlight--;
        calls.push({
          ids: items.map(({ rule }) => rule.id),
          bars: [...new Set(items.map(({ fire }) => (fire.barOpenTime - T0) / MIN))],
        });
        return items.map(() => true);
      },
    };
    const { book, stats } = setup(10, { sink });
    for (let i = 0; i < 40; i++) book.put(rule(`r${i}`, T0 + 10 * MIN));
    await book.settled();
    book.closed([bar(10)]);
    book.closed([bar(11)]);
    await book.settled();

    // One call per close, with every fire of that bar; bar 10 done before bar 11 starts.
    expect(calls.map((c) => c.bars)).toEqual([[10], [11]]);
    for (const call of calls) expect(new Set(call.ids).size).toBe(40);
    expect(maxInFlight).toBe(1);
    expect(stats).toMatchObject({ fires: 80, duplicates: 0, lost: 0 });
  });

  it('retries a bar’s fires whole when recording fails, and counts them fire by fire', async () => {
    let attempts = 0;
    let failing = 1;
    const sink: MarketBookDeps['sink'] = {
      record: async () => true,
      recordMany: async (items) => {
        attempts++;
        if (failing-- > 0) throw new Error('connection lost');
        // Every other fire was recorded already (another worker): a duplicate.
        return items.map((_, i) => i % 2 === 0);
      },
    };
    const { book, stats } = setup(10, { sink, recordRetryMs: [1, 1] });
    for (let i = 0; i < 6; i++) book.put(rule(`r${i}`, T0 + 10 * MIN));
    await book.settled();
    book.closed([bar(10)]);
    await book.settled();
    expect(attempts).toBe(2);
    expect(stats).toMatchObject({ fires: 3, duplicates: 3, lost: 0 });

    // Failing past the last retry loses the bar's fires (a restart evaluates the bar again).
    failing = 3;
    book.closed([bar(11)]);
    await book.settled();
    expect(attempts).toBe(5);
    expect(stats).toMatchObject({ fires: 3, duplicates: 3, lost: 6 });
  });
});
