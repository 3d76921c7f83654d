// The HTML report of `coinview backtest --sweep … --html`: one self-contained page with the ranked
// combinations (top 200), the heatmap of the first two parameters (each cell coloured from the
// worst to the best value of the metric), and the walk-forward windows with the chained
// out-of-sample equity drawn by lightweight-charts (inlined, as in the single-run report).
import { isBetter, type SweepMetric } from '@coinview/core/backtest/sweep';
import { chartLibrary, escapeHtml, scriptJson, STYLE } from './html-report';
import { day, formatMetric, shortPath, type SweepOutcome } from './run-sweep';

const TOP = 200;
const COLUMNS: SweepMetric[] = [
  'netReturn',
  'cagr',
  'maxDrawdown',
  'trades',
  'winRate',
  'profitFactor',
  'expectancy',
  'sharpe',
  'sortino',
  'calmar',
];

/** Background of a heatmap cell: red (worst) → grey → green (best) over the cells' range. */
export function cellColour(metric: SweepMetric, v: number | null, lo: number, hi: number): string {
  if (v === null) return 'transparent';
  if (hi === lo) return 'rgba(38,166,154,0.35)';
  let t = (v - lo) / (hi - lo); // 0 … 1, higher value
  if (!isBetter(metric, hi, lo)) t = 1 - t; // lower is better: flip
  return t >= 0.5
    ? `rgba(38,166,154,${(0.15 + (t - 0.5) * 1.2).toFixed(2)})`
    : `rgba(239,83,80,${(0.15 + (0.5 - t) * 1.2).toFixed(2)})`;
}

function heatmapTable(outcome: SweepOutcome): string {
  const h = outcome.heatmap;
  if (!h) return '';
  const values = h.cells.flat().filter((v): v is number => v !== null);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const head = `<tr><th>${escapeHtml(shortPath(h.p.path))} \\ ${escapeHtml(shortPath(h.q.path))}</th>${h.q.values.map((v) => `<th>${v}</th>`).join('')}</tr>`;
  const body = h.p.values
    .map(
      (pv, i) =>
        `<tr><th>${pv}</th>${h.cells[i]!.map((c) => `<td style="background:${cellColour(h.metric, c, lo, hi)}">${escapeHtml(formatMetric(h.metric, c))}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const over = outcome.sweep.parameters.length > 2 ? ', best over the other parameters' : '';
  return `<h2>${escapeHtml(h.metric)} by ${escapeHtml(shortPath(h.p.path))} × ${escapeHtml(shortPath(h.q.path))}${over}</h2>
<div class="trades"><table class="heatmap">${head}\n${body}</table></div>`;
}

function walkForwardSection(outcome: SweepOutcome): string {
  const wf = outcome.walkForward;
  if (!wf) return '';
  const metric = outcome.sweep.metric;
  const names = outcome.sweep.parameters.map((p) => shortPath(p.path));
  const rows = wf.windows
    .map(
      (w, i) =>
        `<tr><td>${i + 1}</td><td>${day(wf.dates[i]!.inFrom)} – ${day(wf.dates[i]!.outFrom)}</td><td>${day(wf.dates[i]!.outFrom)} – ${day(wf.dates[i]!.outLast)}</td>${(w.best ? w.best.values.map(String) : names.map(() => '—')).map((v) => `<td>${v}</td>`).join('')}<td>${escapeHtml(formatMetric(metric, w.best?.metrics?.[metric]))}</td><td>${escapeHtml(formatMetric(metric, w.outOfSample?.[metric]))}</td></tr>`,
    )
    .join('\n');
  return `<h2>Walk-forward: ${wf.walkForward.windows} rolling windows, ${wf.walkForward.inSamplePct}% in sample</h2>
<p class="sub">Each window picks the best combination by ${escapeHtml(metric)} on its in-sample bars and trades it on the bars that follow. Mean in sample ${escapeHtml(formatMetric(metric, wf.gap.inSample))}, out of sample ${escapeHtml(formatMetric(metric, wf.gap.outOfSample))}: a large gap means the choice fits its own bars only.</p>
<div class="trades"><table><thead><tr><th>Window</th><th>Chosen on (UTC)</th><th>Traded on (UTC)</th>${names.map((n) => `<th>${escapeHtml(n)}</th>`).join('')}<th>In sample</th><th>Out of sample</th></tr></thead><tbody>${rows}</tbody></table></div>
${wf.stitched ? `<h2>Out-of-sample windows chained (net return ${escapeHtml(formatMetric('netReturn', wf.stitched.metrics.netReturn))}, max drawdown ${escapeHtml(formatMetric('maxDrawdown', wf.stitched.metrics.maxDrawdown))})</h2><div id="stitched" class="chart small"></div>` : ''}`;
}

export async function sweepHtml(outcome: SweepOutcome): Promise<string> {
  const { strategy, sweep } = outcome;
  const title = `${strategy.symbol} ${strategy.interval} sweep`;
  const names = sweep.parameters.map((p) => shortPath(p.path));
  const ranked = outcome.rows
    .slice(0, TOP)
    .map(
      (r, i) =>
        `<tr><td>${i + 1}</td>${r.values.map((v) => `<td>${v}</td>`).join('')}${
          r.metrics
            ? COLUMNS.map((m) => `<td>${escapeHtml(formatMetric(m, r.metrics![m]))}</td>`).join('')
            : `<td colspan="${COLUMNS.length}">${escapeHtml(r.error ?? 'did not run')}</td>`
        }</tr>`,
    )
    .join('\n');
  const stitched = outcome.walkForward?.stitched;
  const curve = stitched
    ? stitched.times.map((t, i) => ({ time: t / 1000, value: stitched.equity[i]! }))
    : null;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
${STYLE}
  .heatmap { width: auto; } .heatmap td { text-align: center; min-width: 64px; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="sub">${outcome.combinations.toLocaleString('en-US')} combinations of ${names.map(escapeHtml).join(', ')} over ${outcome.bars.toLocaleString('en-US')} bars, ranked by ${escapeHtml(sweep.metric)}</p>
${heatmapTable(outcome)}
<h2>Best ${Math.min(TOP, outcome.rows.length)} combinations</h2>
<div class="trades"><table>
<thead><tr><th>#</th>${names.map((n) => `<th>${escapeHtml(n)}</th>`).join('')}${COLUMNS.map((m) => `<th>${m}</th>`).join('')}</tr></thead>
<tbody>
${ranked}
</tbody></table></div>
${walkForwardSection(outcome)}
${
  curve
    ? `<script>${await chartLibrary()}</script>
<script id="curve" type="application/json">${scriptJson(curve)}</script>
<script>
(function () {
  var L = LightweightCharts;
  var chart = L.createChart(document.getElementById('stitched'), {
    autoSize: true,
    layout: { background: { color: '#0f1115' }, textColor: '#d1d4dc' },
    grid: { vertLines: { color: '#1a1d25' }, horzLines: { color: '#1a1d25' } },
    timeScale: { timeVisible: true, borderColor: '#242832', minBarSpacing: 0.01 },
    rightPriceScale: { borderColor: '#242832' },
  });
  chart.addSeries(L.LineSeries, { color: '#2962ff', lineWidth: 2 })
    .setData(JSON.parse(document.getElementById('curve').textContent));
  chart.timeScale().fitContent();
})();
</script>`
    : ''
}
</body>
</html>
`;
}
