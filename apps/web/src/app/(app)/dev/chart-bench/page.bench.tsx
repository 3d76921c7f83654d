// A measuring page for bench/chart-render.ts: the chart page's own components (CandleChart with the
// IndicatorLayer) over `bars` real closed candles from the market.candles procedure, with either no
// indicators or five (EMA 20, EMA 200, Bollinger 20, RSI 14, MACD), and a driver the benchmark calls
// to push synthetic live ticks through the same props the live feed uses. Signed-in users only;
// it reads nothing but market data.
import type { Metadata } from 'next';
import { requireSession } from '~/server/auth/require-session';
import { api } from '~/trpc/server';
import { ChartBench } from './chart-bench';

export const metadata: Metadata = { title: 'Chart benchmark', robots: { index: false } };
export const dynamic = 'force-dynamic';

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function ChartBenchPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireSession();
  const params = await searchParams;
  const bars = Math.min(5000, Math.max(10, Number(one(params.bars) ?? 5000) || 5000));
  const withIndicators = one(params.indicators) !== 'none';
  const page = await api.market.candles({ symbol: 'BTCUSDT', interval: '1m', limit: bars });
  return <ChartBench columns={page.bars} withIndicators={withIndicators} />;
}
