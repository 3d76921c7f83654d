'use client';
import type { ChartBar } from '@coinview/core/candle';
import { type ChartColumns, columnsToBars } from '@coinview/core/chart-columns';
import { defaultLayoutState, type LayoutState } from '@coinview/core/layout';
import { addIndicator } from '@coinview/core/layout-edit';
import { CandleChart } from '@coinview/ui/candle-chart';
import { IndicatorLayer } from '@coinview/ui/indicator-layer';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';

/** What bench/chart-render.ts calls in the page. */
export interface ChartBenchDriver {
  /**
   * Pushes `count` live ticks, one per animation frame (9 of 10 revise the forming bar, every 10th
   * opens a new one), and returns how long each took from the state change until React had
   * rendered and every series had been updated (ms). `naive` hands the chart a new history array
   * per tick instead (everything recomputed and redrawn): the baseline.
   */
  ticks(count: number, naive: boolean): Promise<number[]>;
}

declare global {
  interface Window {
    chartBench?: ChartBenchDriver;
  }
}

const FIVE: readonly string[] = ['ema', 'ema', 'bb', 'rsi', 'macd'];

function benchState(withIndicators: boolean): LayoutState {
  let state: LayoutState = { ...defaultLayoutState(), symbol: 'BTCUSDT', interval: '1m' };
  if (!withIndicators) return state;
  FIVE.forEach((id, i) => {
    state = addIndicator(
      state,
      id,
      id === 'ema' && i === 1 ? { params: { period: 200 } } : {},
    ).state;
  });
  return state;
}

export function ChartBench({
  columns,
  withIndicators,
}: {
  columns: ChartColumns;
  withIndicators: boolean;
}) {
  const initial = useMemo(() => columnsToBars(columns), [columns]);
  const state = useMemo(() => benchState(withIndicators), [withIndicators]);
  const [bars, setBars] = useState<readonly ChartBar[]>(initial);
  const [liveBar, setLiveBar] = useState<ChartBar | undefined>(undefined);
  const barsRef = useRef(bars);
  useLayoutEffect(() => {
    barsRef.current = bars;
  });

  useEffect(() => {
    let last = initial[initial.length - 1]!;
    let forming: ChartBar = { ...last, time: last.time + 60, open: last.close, volume: 0 };
    let seed = 1;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    window.chartBench = {
      async ticks(count, naive) {
        const times: number[] = [];
        for (let i = 0; i < count; i++) {
          await new Promise((r) => requestAnimationFrame(r));
          if (i > 0 && i % 10 === 0) {
            last = forming;
            forming = { ...last, time: last.time + 60, open: last.close, volume: 0 };
          }
          const close = forming.close * (1 + (random() - 0.5) * 0.001);
          forming = {
            ...forming,
            close,
            high: Math.max(forming.high, close),
            low: Math.min(forming.low, close),
            volume: forming.volume + random(),
          };
          const bar = forming;
          const t0 = performance.now();
          flushSync(() => {
            if (naive) {
              const history = barsRef.current;
              const tail = history[history.length - 1]!;
              setBars(tail.time === bar.time ? [...history.slice(0, -1), bar] : [...history, bar]);
            } else setLiveBar(bar);
          });
          times.push(performance.now() - t0);
        }
        return times;
      },
    };
    return () => {
      delete window.chartBench;
    };
  }, [initial]);

  return (
    <main className="relative min-h-0 flex-1 bg-canvas" style={{ height: 'calc(100dvh - 3rem)' }}>
      <CandleChart
        className="absolute inset-0"
        bars={bars}
        liveBar={liveBar}
        precision={2}
        interval="1m"
        title="BTCUSDT · 1m · benchmark"
      >
        <IndicatorLayer
          indicators={state.indicators}
          bars={bars}
          liveBar={liveBar}
          interval="1m"
          paneHeights={state.paneHeights}
          precision={2}
        />
      </CandleChart>
    </main>
  );
}
