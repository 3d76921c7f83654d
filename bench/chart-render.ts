// The chart in a real browser: time from navigation to a drawn chart with 5,000 candles and five
// indicators (EMA 20, EMA 200, Bollinger 20, RSI 14, MACD), and the cost of one live tick with
// them, in headless Chromium against the built app (the whole stack, started like e2e on its own
// ports and data directory). Baselines measured in the same run:
//   - navigation: the same page with candles only (what the indicators add);
//   - per tick: candles only (live update path), and the naive way — handing the chart a new
//     history array on every tick, so every indicator is recomputed over all 5,000 bars and every
//     series redrawn with setData (what a chart without incremental indicators has to do).
// The page is /dev/chart-bench (apps/web/src/app/(app)/dev/chart-bench/page.bench.tsx): the chart
// page's own components, fed real candles by the market.candles procedure. It is not part of the
// product's build: this script builds the web app with COINVIEW_BENCH_BUILD=1 into its own
// apps/web/.next-bench and starts the stack on that build.
//
//   pnpm build && pnpm --filter @coinview/bench exec tsx chart-render.ts [--runs 7] [--ticks 300]
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Page, chromium } from '@playwright/test';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    ticks: { type: 'string', default: '300' },
    bars: { type: 'string', default: '5000' },
  },
});
const RUNS = Number(values.runs);
const TICKS = Number(values.ticks);
const BARS = Number(values.bars);
const WEB_PORT = 3200;
const BASE = `http://localhost:${WEB_PORT}`;
const root = path.resolve(import.meta.dirname, '..');

const benchEnv = { ...process.env, COINVIEW_BENCH_BUILD: '1' };

/** Builds the web app with its benchmark pages into apps/web/.next-bench. */
function buildBenchApp(): void {
  const build = spawnSync('pnpm', ['--filter', '@coinview/web', 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: benchEnv,
  });
  if (build.status !== 0) throw new Error('building the web app with its benchmark pages failed');
}

function startStack(): ChildProcess {
  const child = spawn(
    path.join(root, 'tooling/stack/node_modules/.bin/tsx'),
    [path.join(root, 'tooling/stack/src/main.ts'), 'start'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...benchEnv,
        COINVIEW_DATA_DIR: '.data/bench',
        WEB_PORT: String(WEB_PORT),
        SIM_PORT: '9643',
        EMBEDDED_PG_PORT: '54349',
        DEMO_PASSWORD: 'coinview-demo',
        LOG_LEVEL: 'warn',
      },
    },
  );
  return child;
}

async function waitForWeb(timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${BASE}/login`)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the stack did not answer on ${BASE} within ${timeoutMs / 1000} s`);
}

async function stopStack(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function summary(xs: number[]) {
  const sorted = [...xs].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), n: xs.length };
}

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(0));

/** Opens the bench page and returns ms from navigation start until the chart is drawn. */
async function navigate(page: Page, indicators: 'none' | 'five'): Promise<number> {
  await page.goto(`${BASE}/dev/chart-bench?indicators=${indicators}&bars=${BARS}`);
  await page.waitForFunction(
    ({ bars, expected }) => {
      const chart = document.querySelector('[data-testid="candle-chart"]');
      if (!chart || Number(chart.getAttribute('data-bar-count')) < bars) return false;
      const rows = [...document.querySelectorAll('[data-testid="indicator-legend"]')];
      return (
        rows.length === expected && rows.every((r) => Number(r.getAttribute('data-points')) > 0)
      );
    },
    { bars: BARS, expected: indicators === 'five' ? 5 : 0 },
    { polling: 'raf', timeout: 60_000 },
  );
  // Let the frame that shows it be painted, then read the clock (origin = navigation start).
  return page.evaluate(
    () =>
      new Promise<number>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now()))),
      ),
  );
}

async function ticks(page: Page, count: number, naive: boolean): Promise<number[]> {
  return page.evaluate(({ count, naive }) => window.chartBench!.ticks(count, naive), {
    count,
    naive,
  });
}

declare global {
  interface Window {
    chartBench?: { ticks(count: number, naive: boolean): Promise<number[]> };
  }
}

async function main(): Promise<void> {
  console.log(
    `chart-render: ${BARS} candles, ${RUNS} runs, ${TICKS} ticks; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  buildBenchApp();
  const stack = startStack();
  try {
    await waitForWeb(180_000);
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${BASE}/login`);
    const form = page.getByRole('form', { name: 'Sign in with password' });
    await form.getByLabel('Email', { exact: true }).fill('demo@coinview.local');
    await form.getByLabel('Password', { exact: true }).fill('coinview-demo');
    await form.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/chart/, { timeout: 60_000 });

    // Warm-up: the first request fills the database with the history from exchange-sim, and
    // the server and browser caches warm up; not counted.
    await navigate(page, 'five');
    await navigate(page, 'none');

    const nav = { none: [] as number[], five: [] as number[] };
    for (let run = 0; run < RUNS; run++) {
      nav.none.push(await navigate(page, 'none'));
      nav.five.push(await navigate(page, 'five'));
    }

    await navigate(page, 'none');
    await ticks(page, 30, false);
    const candlesOnly = await ticks(page, TICKS, false);
    await navigate(page, 'five');
    await ticks(page, 30, false);
    const incremental = await ticks(page, TICKS, false);
    const naive = await ticks(page, Math.max(30, Math.floor(TICKS / 3)), true);
    await browser.close();

    const n0 = summary(nav.none);
    const n5 = summary(nav.five);
    const t0 = summary(candlesOnly);
    const t5 = summary(incremental);
    const tn = summary(naive);
    console.log('\nnavigation → drawn chart (ms, median / p95 over runs)');
    console.log(`  candles only (baseline)     ${fmt(n0.median)} / ${fmt(n0.p95)}`);
    console.log(
      `  + 5 indicators              ${fmt(n5.median)} / ${fmt(n5.p95)}   (${(n5.median / n0.median).toFixed(2)}× the baseline)`,
    );
    console.log('\nper live tick: state change → rendered and every series updated (ms)');
    console.log(`  candles only                ${fmt(t0.median)} / ${fmt(t0.p95)}  (n=${t0.n})`);
    console.log(`  5 indicators, incremental   ${fmt(t5.median)} / ${fmt(t5.p95)}  (n=${t5.n})`);
    console.log(
      `  5 indicators, naive redraw  ${fmt(tn.median)} / ${fmt(tn.p95)}  (n=${tn.n})  → incremental is ${(tn.median / t5.median).toFixed(0)}× faster`,
    );
  } finally {
    await stopStack(stack);
  }
}

await main();
