// Loads the recorded BTCUSDT 1m fixture (2,000 real bars from Binance, 2025-10-29 04:22 UTC on)
// as chart bars (time in epoch seconds). Test support: reads the filesystem.
import { readFileSync } from 'node:fs';
import type { ChartBar } from '../src/candle';

export function loadBars(): ChartBar[] {
  const url = new URL('./fixtures/btcusdt_1m_2025-10-29_2000.csv', import.meta.url);
  const [, ...rows] = readFileSync(url, 'utf8').trim().split('\n');
  return rows.map((r) => {
    const [t, o, h, l, c, v] = r.split(',').map(Number);
    return { time: t! / 1000, open: o!, high: h!, low: l!, close: c!, volume: v! };
  });
}
