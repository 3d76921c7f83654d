// `coinview backtest --html`: one self-contained HTML file (no network, opens from disk) with the
// price chart and its buy/sell markers, the equity curve against buy-and-hold, the drawdown curve,
// the metrics table and the trades list. The charts are lightweight-charts' standalone build,
// inlined, the same library the web app draws with.
//
// A year of 1m bars is 525,600 candles; drawn as they are they would make a 60 MB page that no
// browser scrolls smoothly, so the price chart gets at most MAX_PLOT_BARS candles, each merging a
// run of consecutive bars (open of the first, high/low over all, close of the last), and the curves
// keep one point per such bucket (the equity at its last bar, the deepest drawdown inside it). The
// metrics and the trades are computed from, and listed for, every bar.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BacktestResult, Trade } from '@coinview/core/backtest/engine';
import type { BacktestMetrics } from '@coinview/core/backtest/metrics';
import type { Strategy } from '@coinview/core/backtest/strategy';
import type { ChartBar } from '@coinview/core/candle';
import { describeRule } from '@coinview/core/rules/message';
import { metricRows } from './format-metrics';

export const MAX_PLOT_BARS = 4000;

export interface PlotData {
  /** Seconds, as lightweight-charts wants them. */
  candles: { time: number; open: number; high: number; low: number; close: number }[];
  equity: { time: number; value: number }[];
  buyAndHold: { time: number; value: number }[];
  /** Negative percent, so the curve hangs below zero. */
  drawdown: { time: number; value: number }[];
  markers: { time: number; position: string; color: string; shape: string; text: string }[];
  /** Bars merged into one plotted candle (1 = every bar drawn). */
  barsPerCandle: number;
}

/** The plotted series: candles merged into at most `maxBars` buckets, curves sampled per bucket. */
export function plotData(
  candles: readonly ChartBar[],
  result: BacktestResult,
  maxBars = MAX_PLOT_BARS,
): PlotData {
  const per = Math.max(1, Math.ceil(candles.length / maxBars));
  const out: PlotData = {
    candles: [],
    equity: [],
    buyAndHold: [],
    drawdown: [],
    markers: [],
    barsPerCandle: per,
  };
  // Bucket of each bar's open time (ms) → the bucket's plotted time, for the markers.
  const bucketTime = new Map<number, number>();
  for (let start = 0; start < candles.length; start += per) {
    const end = Math.min(candles.length, start + per);
    const first = candles[start]!;
    let high = first.high;
    let low = first.low;
    let deepest = 0;
    for (let i = start; i < end; i++) {
      const bar = candles[i]!;
      if (bar.high > high) high = bar.high;
      if (bar.low < low) low = bar.low;
      if (result.drawdown[i]! > deepest) deepest = result.drawdown[i]!;
      bucketTime.set(bar.time * 1000, first.time);
    }
    const last = end - 1;
    out.candles.push({
      time: first.time,
      open: first.open,
      high,
      low,
      close: candles[last]!.close,
    });
    out.equity.push({ time: first.time, value: result.equity[last]! });
    out.buyAndHold.push({ time: first.time, value: result.buyAndHold[last]! });
    out.drawdown.push({ time: first.time, value: -deepest * 100 });
  }
  const trades: Trade[] = result.open ? [...result.trades, result.open] : result.trades;
  for (const t of trades) {
    const entry = bucketTime.get(t.entryTime);
    if (entry !== undefined)
      out.markers.push({
        time: entry,
        position: 'belowBar',
        color: '#26a69a',
        shape: 'arrowUp',
        text: 'Buy',
      });
    const exit = bucketTime.get(t.exitTime);
    if (exit !== undefined && t.exitReason !== 'end')
      out.markers.push({
        time: exit,
        position: 'aboveBar',
        color: '#ef5350',
        shape: 'arrowDown',
        text: t.exitReason === 'signal' ? 'Sell' : t.exitReason === 'stop' ? 'Stop' : 'Target',
      });
  }
  // lightweight-charts wants markers in time order.
  out.markers.sort((a, b) => a.time - b.time);
  return out;
}

/** The report's dark theme, shared with the sweep report. */
export const STYLE = `  :root { color-scheme: dark; }
  body { margin: 0; padding: 16px 24px 48px; background: #0f1115; color: #d1d4dc;
         font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
  h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 15px; margin: 24px 0 8px; color: #e6e8ee; }
  .sub, .note { color: #8a8f98; margin: 0 0 4px; }
  .grid { display: grid; grid-template-columns: minmax(0, 1fr) 380px; gap: 24px; align-items: start; }
  @media (max-width: 900px) { .grid { grid-template-columns: minmax(0, 1fr); } }
  .chart { height: 380px; border: 1px solid #242832; border-radius: 6px; }
  .chart.small { height: 200px; }
  table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
  th, td { padding: 4px 8px; border-bottom: 1px solid #1d2029; text-align: right; white-space: nowrap; }
  th:first-child, td:first-child { text-align: left; }
  .metrics th { font-weight: normal; color: #8a8f98; text-align: left; }
  .metrics td { white-space: normal; }
  .trades { max-height: 480px; overflow: auto; border: 1px solid #242832; border-radius: 6px; }
  .trades thead th { position: sticky; top: 0; background: #151821; color: #8a8f98; font-weight: normal; }
  .up { color: #26a69a; } .down { color: #ef5350; }
  .legend span { margin-right: 16px; } .swatch { display: inline-block; width: 10px; height: 3px; vertical-align: middle; margin-right: 6px; }
`;

export const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** JSON inside a <script>: "<" escaped so no value can close the element. */
export const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16);
const num = (n: number, digits: number) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export async function chartLibrary(): Promise<string> {
  const require = createRequire(import.meta.url);
  const dir = path.dirname(require.resolve('lightweight-charts/package.json'));
  return readFile(path.join(dir, 'dist/lightweight-charts.standalone.production.js'), 'utf8');
}

function tradeRows(result: BacktestResult): string {
  const rows = result.trades.map((t, i) => tradeRow(String(i + 1), t));
  if (result.open) rows.push(tradeRow('open', result.open));
  return rows.join('\n');
}

function tradeRow(label: string, t: Trade): string {
  const cls = t.pnl >= 0 ? 'up' : 'down';
  const reason = t.exitReason === 'end' ? 'still open' : t.exitReason;
  return `<tr><td>${label}</td><td>${iso(t.entryTime)}</td><td>${num(t.entryPrice, 2)}</td><td>${iso(t.exitTime)}</td><td>${num(t.exitPrice, 2)}</td><td>${num(t.quantity, 6)}</td><td>${num(t.fees, 2)}</td><td class="${cls}">${num(t.pnl, 2)}</td><td class="${cls}">${num(t.returnPct * 100, 2)}%</td><td>${t.barsHeld}</td><td>${reason}</td></tr>`;
}

export interface HtmlReportInput {
  strategy: Strategy;
  candles: readonly ChartBar[];
  result: BacktestResult;
  metrics: BacktestMetrics;
}

export async function htmlReport({
  strategy,
  candles,
  result,
  metrics,
}: HtmlReportInput): Promise<string> {
  const plot = plotData(candles, result);
  const title = `${strategy.symbol} ${strategy.interval} backtest`;
  const first = candles[0];
  const last = candles.at(-1);
  const range = first && last ? `${iso(first.time * 1000)} – ${iso(last.time * 1000)} UTC` : '';
  const metricsTable = metricRows(result, metrics)
    .map(([label, value]) => `<tr><th>${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('\n');
  const merged =
    plot.barsPerCandle > 1
      ? `<p class="note">Each plotted candle merges ${plot.barsPerCandle} bars (${candles.length.toLocaleString('en-US')} in all); metrics and trades use every bar.</p>`
      : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="sub">${escapeHtml(range)} · ${candles.length.toLocaleString('en-US')} bars</p>
<p class="sub">Entry: ${escapeHtml(describeRule({ condition: strategy.entry }))} · Exit: ${escapeHtml(describeRule({ condition: strategy.exit }))}</p>
<div class="grid">
  <div>
    <h2>Price and trades</h2>
    ${merged}
    <div id="price" class="chart"></div>
    <h2>Equity</h2>
    <p class="legend"><span><i class="swatch" style="background:#2962ff"></i>Strategy</span><span><i class="swatch" style="background:#8a8f98"></i>Buy and hold</span></p>
    <div id="equity" class="chart small"></div>
    <h2>Drawdown</h2>
    <div id="drawdown" class="chart small"></div>
  </div>
  <div>
    <h2>Metrics</h2>
    <table class="metrics">${metricsTable}</table>
  </div>
</div>
<h2>Trades</h2>
<div class="trades"><table>
<thead><tr><th>#</th><th>Entry (UTC)</th><th>Entry price</th><th>Exit (UTC)</th><th>Exit price</th><th>Quantity</th><th>Fees</th><th>P&amp;L</th><th>Return</th><th>Bars</th><th>Exit</th></tr></thead>
<tbody>
${tradeRows(result)}
</tbody></table></div>
<script>${await chartLibrary()}</script>
<script id="plot" type="application/json">${scriptJson(plot)}</script>
<script>
(function () {
  var data = JSON.parse(document.getElementById('plot').textContent);
  var L = LightweightCharts;
  var base = {
    autoSize: true,
    layout: { background: { color: '#0f1115' }, textColor: '#d1d4dc' },
    grid: { vertLines: { color: '#1a1d25' }, horzLines: { color: '#1a1d25' } },
    // up to MAX_PLOT_BARS bars fit the width (the library's default minimum is 0.5 px a bar)
    timeScale: { timeVisible: true, secondsVisible: false, borderColor: '#242832', minBarSpacing: 0.01 },
    rightPriceScale: { borderColor: '#242832', minimumWidth: 90 },
  };
  var price = L.createChart(document.getElementById('price'), base);
  var candles = price.addSeries(L.CandlestickSeries, {
    upColor: '#26a69a', downColor: '#ef5350', wickUpColor: '#26a69a', wickDownColor: '#ef5350', borderVisible: false,
  });
  candles.setData(data.candles);
  L.createSeriesMarkers(candles, data.markers);
  var eq = L.createChart(document.getElementById('equity'), base);
  eq.addSeries(L.LineSeries, { color: '#8a8f98', lineWidth: 1 }).setData(data.buyAndHold);
  eq.addSeries(L.LineSeries, { color: '#2962ff', lineWidth: 2 }).setData(data.equity);
  var dd = L.createChart(document.getElementById('drawdown'), base);
  dd.addSeries(L.BaselineSeries, {
    baseValue: { type: 'price', price: 0 },
    bottomLineColor: '#ef5350', bottomFillColor1: 'rgba(239,83,80,0.05)', bottomFillColor2: 'rgba(239,83,80,0.4)',
    topLineColor: '#ef5350', topFillColor1: 'rgba(0,0,0,0)', topFillColor2: 'rgba(0,0,0,0)',
    priceFormat: { type: 'custom', formatter: function (v) { return v.toFixed(1) + '%'; } },
  }).setData(data.drawdown);
  var charts = [price, eq, dd];
  charts.forEach(function (c) { c.timeScale().fitContent(); });
  // Scrolling or zooming one chart moves the others: the same bars stay under each other.
  var syncing = false;
  charts.forEach(function (c) {
    c.timeScale().subscribeVisibleLogicalRangeChange(function (range) {
      if (syncing || !range) return;
      syncing = true;
      charts.forEach(function (o) { if (o !== c) o.timeScale().setVisibleLogicalRange(range); });
      syncing = false;
    });
  });
})();
</script>
</body>
</html>
`;
}
