// `coinview backtest --sweep`: a child process sweeps the SMA crossover's two periods over real
// daily bars; every row of its JSON equals core's sweep over the same bars, ranked, and the text
// and HTML show the ranking, the heatmap and the walk-forward.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSweep, rankSweep, runSweepSlice } from '@coinview/core/backtest/sweep';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/run-cli';
import { loadStrategy } from './load-strategy';
import { readCandles } from './read-candles';
import type { SweepOutcome } from './run-sweep';

const here = path.dirname(fileURLToPath(import.meta.url));
const strategyFile = path.resolve(here, '../../../../examples/strategies/sma-10-30-cross.json');
const fixture = path.join(here, 'fixtures/btcusdt-1d-2023.csv');
const SWEEP = {
  parameters: [
    { path: 'entry.left.params.period', from: 5, to: 15, step: 5 },
    { path: 'entry.right.params.period', values: [20, 30, 40] },
  ],
  metric: 'netReturn',
  walkForward: { windows: 2, inSamplePct: 70 },
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'coinview-sweep-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('coinview backtest --sweep', () => {
  it('runs every combination, ranks them and writes JSON and HTML', async () => {
    const sweepFile = path.join(dir, 'sweep.json');
    await writeFile(sweepFile, JSON.stringify(SWEEP));
    const json = path.join(dir, 'out.json');
    const html = path.join(dir, 'out.html');
    const args = ['--strategy', strategyFile, '--csv', fixture, '--sweep', sweepFile];
    const run = runCli(['backtest', ...args, '--json', json, '--html', html], {});
    expect(await run.exit).toEqual({ code: 0, signal: null });
    const out = run.stdout();
    expect(out).toContain('9 combinations over 250 bars, ranked by netReturn');
    expect(out).toMatch(/^netReturn by entry\.period \(rows\) × entry\.period \(columns\):$/m);
    expect(out).toMatch(/^walk-forward: 2 rolling windows, 70% in sample/m);

    const strategy = await loadStrategy(strategyFile);
    const { walkForward: _, ...shape } = SWEEP;
    const sweep = parseSweep(shape, strategy);
    const direct = rankSweep(
      runSweepSlice(await readCandles(fixture, strategy), strategy, sweep, 0, 9),
      'netReturn',
    );
    const saved = JSON.parse(await readFile(json, 'utf8')) as SweepOutcome;
    expect(saved.combinations).toBe(9);
    expect(saved.rows).toEqual(JSON.parse(JSON.stringify(direct)));
    // ranked best first
    const returns = saved.rows.map((r) => r.metrics!.netReturn);
    expect(returns).toEqual([...returns].sort((a, b) => b - a));
    // with two parameters the heatmap cell is that combination's own value
    const best = saved.rows[0]!;
    const i = saved.heatmap!.p.values.indexOf(best.values[0]!);
    const j = saved.heatmap!.q.values.indexOf(best.values[1]!);
    expect(saved.heatmap!.cells[i]![j]).toBe(best.metrics!.netReturn);
    expect(saved.walkForward!.windows).toHaveLength(2);
    // the top row is printed first, with its values
    expect(out).toMatch(new RegExp(`^1 +${best.values[0]} +${best.values[1]} `, 'm'));

    const page = await readFile(html, 'utf8');
    expect(page).toContain('<title>BTCUSDT 1d sweep</title>');
    expect(page).toContain('class="heatmap"');
    expect(page).toContain('Walk-forward: 2 rolling windows, 70% in sample');
  });

  it('refuses a path that is not a number of the strategy, naming it', async () => {
    const sweepFile = path.join(dir, 'bad.json');
    await writeFile(
      sweepFile,
      JSON.stringify({ parameters: [{ path: 'entry.left.id', values: [1, 2] }] }),
    );
    const run = runCli(
      ['backtest', '--strategy', strategyFile, '--csv', fixture, '--sweep', sweepFile],
      {},
    );
    expect(await run.exit).toMatchObject({ code: 1 });
    expect(run.stderr()).toMatch(
      new RegExp(`coinview: ${sweepFile}: Sweep: parameters\\.0\\.path: `),
    );
    expect(run.stdout()).toBe('');
  });
});
