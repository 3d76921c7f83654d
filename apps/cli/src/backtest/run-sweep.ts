// `coinview backtest --sweep sweep.json`: every combination of the sweep's parameters run over the
// same bars (indicator columns computed once and shared, core's runSweepSlice), ranked by the
// sweep's metric; printed as the top rows and, for two or more parameters, a heatmap of the first
// two (best over the others); with `walkForward` in the file, each rolling window's in-sample
// choice traded out of sample. The JSON holds every row; the HTML report the table, the heatmap and
// the walk-forward's stitched equity.
//
// The file: { "parameters": [{ "path": "entry.left.params.period", "from": 7, "to": 28,
// "step": 7 }, …], "metric": "sharpe", "walkForward": { "windows": 4, "inSamplePct": 75 } }.
import { readFile, writeFile } from 'node:fs/promises';
import { prepareBacktest } from '@coinview/core/backtest/columns';
import type { Strategy } from '@coinview/core/backtest/strategy';
import {
  parseSweep,
  rankSweep,
  runSweepSlice,
  sweepHeatmap,
  sweepSize,
  type Sweep,
  type SweepHeatmap,
  type SweepMetric,
  type SweepRow,
} from '@coinview/core/backtest/sweep';
import {
  finishWalkForward,
  walkForwardSchema,
  walkForwardWindows,
  type WalkForward,
  type WalkForwardResult,
} from '@coinview/core/backtest/walk-forward';
import type { ChartBar } from '@coinview/core/candle';
import { describeRuleError } from '@coinview/core/rules/rule';
import { createProgress } from '../history/progress';
import { reason } from './load-strategy';
import { sweepHtml } from './sweep-html';

export interface SweepFile {
  sweep: Sweep;
  walkForward: WalkForward | null;
}

export async function loadSweep(file: string, strategy: Strategy): Promise<SweepFile> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read sweep file ${file}: ${reason(err)}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    throw new Error(`${file}: a sweep is an object with "parameters" and "metric"`);
  const { walkForward, ...rest } = json as Record<string, unknown>;
  let sweep: Sweep;
  try {
    sweep = parseSweep(rest, strategy);
  } catch (err) {
    throw new Error(`${file}: ${reason(err)}`);
  }
  if (walkForward === undefined || walkForward === null) return { sweep, walkForward: null };
  const wf = walkForwardSchema.safeParse(walkForward);
  if (!wf.success) throw new Error(`${file}: walkForward: ${describeRuleError(wf.error)}`);
  return { sweep, walkForward: wf.data };
}

export interface SweepOutcome {
  strategy: Strategy;
  sweep: Sweep;
  bars: number;
  combinations: number;
  /** Every row, best first. */
  rows: SweepRow[];
  heatmap: SweepHeatmap | null;
  walkForward:
    | (WalkForwardResult & {
        walkForward: WalkForward;
        /** Per window, ms open times of its first in-sample, first and last out-of-sample bar. */
        dates: { inFrom: number; outFrom: number; outLast: number }[];
      })
    | null;
}

export function runSweep(
  candles: readonly ChartBar[],
  strategy: Strategy,
  { sweep, walkForward }: SweepFile,
  showProgress: boolean,
): SweepOutcome {
  const prepared = prepareBacktest(candles);
  const size = sweepSize(sweep);
  const windows = walkForward ? walkForwardWindows(candles.length, walkForward) : [];
  const total = size * (1 + windows.length);
  const progress = createProgress('sweep', showProgress);
  let done = 0;
  const onRow = () => {
    done++;
    if (done % 10 === 0 || done === total) progress.update(done, total);
  };
  try {
    const rows = runSweepSlice(prepared, strategy, sweep, 0, size, { onRow });
    const inSample = windows.map((w) =>
      runSweepSlice(prepared, strategy, sweep, 0, size, {
        range: { from: w.inFrom, to: w.inTo },
        onRow,
      }),
    );
    return {
      strategy,
      sweep,
      bars: candles.length,
      combinations: size,
      rows: rankSweep(rows, sweep.metric),
      heatmap: sweep.parameters.length >= 2 ? sweepHeatmap(rows, sweep, sweep.metric, 0, 1) : null,
      walkForward: walkForward
        ? {
            walkForward,
            dates: windows.map((w) => ({
              inFrom: candles[w.inFrom]!.time * 1000,
              outFrom: candles[w.inTo]!.time * 1000,
              outLast: candles[w.outTo - 1]!.time * 1000,
            })),
            ...finishWalkForward(prepared, strategy, sweep, windows, inSample),
          }
        : null,
    };
  } finally {
    progress.stop();
  }
}

const NONE = '—';
const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const pct = (n: number | null | undefined) =>
  n === null || n === undefined ? NONE : `${(n * 100).toFixed(2)}%`;
const ratio = (n: number | null | undefined) =>
  n === null || n === undefined ? NONE : n.toFixed(2);

/** How a metric's value is written (fractions as percents, ratios with two decimals). */
export { day };

export function formatMetric(metric: SweepMetric, v: number | null | undefined): string {
  if (metric === 'trades') return v === null || v === undefined ? NONE : String(v);
  if (['netReturn', 'cagr', 'winRate', 'maxDrawdown'].includes(metric)) return pct(v);
  return ratio(v);
}

/** A parameter's column title: its path's first and last fields ("entry.left.params.period" →
 *  "entry.period", "exit.right.value" → "exit.value", "stopLossPct" as is). */
export const shortPath = (path: string) => {
  const segs = path.split('.');
  return segs.length > 2 ? `${segs[0]}.${segs.at(-1)}` : path;
};

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

const COLUMNS: SweepMetric[] = [
  'netReturn',
  'maxDrawdown',
  'trades',
  'winRate',
  'profitFactor',
  'sharpe',
];

export function formatSweep(outcome: SweepOutcome, top = 20): string {
  const { sweep, rows } = outcome;
  const names = sweep.parameters.map((p) => shortPath(p.path));
  const failed = rows.filter((r) => r.metrics === null).length;
  const parts: string[] = [
    `${outcome.combinations.toLocaleString('en-US')} combinations over ${outcome.bars.toLocaleString('en-US')} bars, ranked by ${sweep.metric}${failed ? ` (${failed} could not run: ${rows.find((r) => r.error)?.error})` : ''}`,
    '',
    table(
      ['#', ...names, ...COLUMNS],
      rows
        .slice(0, top)
        .map((r, i) => [
          String(i + 1),
          ...r.values.map(String),
          ...COLUMNS.map((m) => formatMetric(m, r.metrics?.[m])),
        ]),
    ),
  ];
  const h = outcome.heatmap;
  if (h) {
    parts.push(
      '',
      `${sweep.metric} by ${shortPath(h.p.path)} (rows) × ${shortPath(h.q.path)} (columns)${sweep.parameters.length > 2 ? ', best over the other parameters' : ''}:`,
      table(
        [shortPath(h.p.path), ...h.q.values.map(String)],
        h.p.values.map((v, i) => [String(v), ...h.cells[i]!.map((c) => formatMetric(h.metric, c))]),
      ),
    );
  }
  const wf = outcome.walkForward;
  if (wf) {
    parts.push(
      '',
      `walk-forward: ${wf.walkForward.windows} rolling windows, ${wf.walkForward.inSamplePct}% in sample; ${sweep.metric} of the in-sample choice, in sample and out of sample:`,
      table(
        ['window', 'chosen on (UTC)', 'traded on (UTC)', ...names, 'in sample', 'out of sample'],
        wf.windows.map((w, i) => [
          String(i + 1),
          `${day(wf.dates[i]!.inFrom)} – ${day(wf.dates[i]!.outFrom)}`,
          `${day(wf.dates[i]!.outFrom)} – ${day(wf.dates[i]!.outLast)}`,
          ...(w.best ? w.best.values.map(String) : names.map(() => NONE)),
          formatMetric(sweep.metric, w.best?.metrics?.[sweep.metric]),
          formatMetric(sweep.metric, w.outOfSample?.[sweep.metric]),
        ]),
      ),
      `mean in sample ${formatMetric(sweep.metric, wf.gap.inSample)}, out of sample ${formatMetric(sweep.metric, wf.gap.outOfSample)}${wf.stitched ? `; out-of-sample windows chained: net return ${pct(wf.stitched.metrics.netReturn)}, max drawdown ${pct(wf.stitched.metrics.maxDrawdown)}` : ''}`,
    );
  }
  return parts.join('\n');
}

export async function writeSweepOutputs(
  outcome: SweepOutcome,
  paths: { jsonPath?: string; htmlPath?: string },
): Promise<void> {
  if (paths.jsonPath) await writeFile(paths.jsonPath, `${JSON.stringify(outcome, null, 2)}\n`);
  if (paths.htmlPath) await writeFile(paths.htmlPath, await sweepHtml(outcome));
}
