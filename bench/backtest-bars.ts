// Bars for the backtest benchmarks: the real BTCUSDT 1m bars in bench/data (three recorded stretches
// of Binance history, 141,761 bars: 2024-10-01…11-04, 2024-11-30…12-29, 2025-01-01…02-04, see
// ../shared/data/README.md for their sources), laid end to end on consecutive minutes from
// 2024-01-01 and repeated until the count asked for. Each stretch is scaled so it opens where the
// previous one closed: the series has no jumps a strategy would trade on, and every bar's shape
// (ranges, wicks, volume) is a recorded one. A year (525,600 bars) uses each stretch 3–4 times.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { readKlinesCsv } from '@coinview/cli/read-klines-csv';
import type { Candle, ChartBar } from '@coinview/core/candle';

const DATA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data');
const FILES = [
  'btcusdt_1m_2024-10-01_2024-11-04.csv.gz',
  'btcusdt_1m_2024-11-30_2024-12-29.csv.gz',
  'btcusdt_1m_2025-01-01_2025-02-04.csv.gz',
];
const START = Date.UTC(2024, 0, 1) / 1000;

async function stretch(file: string): Promise<ChartBar[]> {
  const input = createReadStream(path.join(DATA, file)).pipe(createGunzip());
  const candles = await readKlinesCsv(input, { symbol: 'BTCUSDT', interval: '1m' });
  return candles.map((c) => ({
    time: 0,
    open: Number(c.open),
    high: Number(c.high),
    low: Number(c.low),
    close: Number(c.close),
    volume: Number(c.volume),
  }));
}

export async function benchBars(count: number): Promise<ChartBar[]> {
  const stretches = await Promise.all(FILES.map(stretch));
  const out: ChartBar[] = [];
  let last = stretches[0]![0]!.open;
  for (let s = 0; out.length < count; s = (s + 1) % stretches.length) {
    const bars = stretches[s]!;
    const k = last / bars[0]!.open;
    for (const b of bars) {
      if (out.length === count) break;
      out.push({
        time: START + out.length * 60,
        open: b.open * k,
        high: b.high * k,
        low: b.low * k,
        close: b.close * k,
        volume: b.volume,
      });
    }
    last = out.at(-1)!.close;
  }
  return out;
}

/** The bars as BTCUSDT 1m candles, to store with copyCandles (prices as their shortest decimal). */
export function storedCandles(bars: readonly ChartBar[]): Candle[] {
  return bars.map((b) => ({
    symbol: 'BTCUSDT',
    interval: '1m',
    openTime: b.time * 1000,
    closeTime: b.time * 1000 + 59_999,
    open: String(b.open),
    high: String(b.high),
    low: String(b.low),
    close: String(b.close),
    volume: String(b.volume),
    quoteVolume: '0',
    trades: 0,
    takerBuyBaseVolume: '0',
    takerBuyQuoteVolume: '0',
    closed: true,
  }));
}
