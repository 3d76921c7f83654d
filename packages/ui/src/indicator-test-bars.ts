// Test support: the recorded BTCUSDT 1m fixture of packages/core (2,000 real Binance bars from
// 2025-10-29 04:22 UTC) as chart bars, read as text through Vite so no Node API is needed.
import csv from '../../core/test/fixtures/btcusdt_1m_2025-10-29_2000.csv?raw';
import type { ChartBar } from './bars';

export function recordedBars(): ChartBar[] {
  const [, ...rows] = csv.trim().split('\n');
  return rows.map((r) => {
    const [t, o, h, l, c, v] = r.split(',').map(Number);
    return { time: t! / 1000, open: o!, high: h!, low: l!, close: c!, volume: v! };
  });
}
