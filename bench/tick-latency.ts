// A live tick's latency, end to end on loopback: from exchange-sim sending a kline frame, through
// the worker (parse, order, store closes, NOTIFY), Postgres LISTEN/NOTIFY, the web's live server
// (tRPC subscription over the tab's one WebSocket) to the browser drawing it, with 1 chart and
// with 4 charts open (rounds interleaved 1, 4, 1, 4 … so load from other work hits both alike).
//
// One clock (this machine's Date.now()) at every stage, so no clock sync is needed:
//   t0  the frame's event time E: the sim stamps it with its clock (speed 1 = wall time) just
//       before it serialises and sends the frame to every subscriber; read here from our own
//       subscription to the same streams (same payload string the worker gets).
//   t1  the NOTIFY the worker published for that update, as received by our own LISTEN on the bus
//       (what the web's live server hears too): the worker's share plus the bus hop.
//   t2  the browser: a MutationObserver on each candle-chart's data-last-close / data-last-time,
//       then the next requestAnimationFrame (the frame that draws the update), reading Date.now().
// Ticks are matched between stages by (symbol, interval, bar open time, close); a tick whose close
// equals the previous tick's of the same bar changes nothing on screen and is left out, and so is
// every tick of a bar whose close comes back to a value it had earlier in the bar (the key would
// not say which of the two ticks was drawn).
//
//   pnpm --filter @coinview/bench exec tsx tick-latency.ts [--rounds 4] [--seconds 40] [--tick-ms 250]
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Page, chromium } from '@playwright/test';
import { PgBus } from '@coinview/db/bus';
import { candleTopic } from '@coinview/db/bus-topics';
import type { Interval } from '@coinview/core/interval';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '40' },
    'tick-ms': { type: 'string', default: '250' },
  },
});
const ROUNDS = Number(values.rounds);
const SECONDS = Number(values.seconds);
const TICK_MS = Number(values['tick-ms']);
const WEB_PORT = 3455;
const SIM_PORT = 9455;
const PG_PORT = 55455;
const BASE = `http://localhost:${WEB_PORT}`;
const DATA_DIR = '.data/bench-tick';
const root = path.resolve(import.meta.dirname, '..');
const TARGET_P99_MS = 50;

// The worker's WebSocket client library, taken from the worker's own dependencies (Node 20 has
// no WebSocket global); typed here as far as this script uses it.
interface Socket {
  on(event: 'message', cb: (data: Buffer) => void): void;
  on(event: 'open' | 'close', cb: () => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  close(): void;
}
const WebSocketCtor = createRequire(
  fileURLToPath(import.meta.resolve('@coinview/worker/market-feed')),
)('ws') as new (url: string) => Socket;

/** A tick as the sim sent it. */
interface SentTick {
  e: number;
  /** When our own subscription received it: the WebSocket hop the worker's frame takes too. */
  received: number;
  /** The tick repeats the previous tick's bar and close: nothing changes on screen. */
  repeat: boolean;
  /** The same bar came back to this close later: which tick was drawn is unknown. */
  ambiguous: boolean;
  /** Ticks with this key that changed the bar (more than one when ambiguous). */
  changes: number;
}

const keyOf = (symbol: string, interval: string, openSeconds: number, close: number) =>
  `${symbol}|${interval}|${openSeconds}|${close}`;

const sent = new Map<string, SentTick>();
const published = new Map<string, number>();
const lastCloseOf = new Map<string, string>();

function startStack(): ChildProcess {
  return spawn(
    path.join(root, 'tooling/stack/node_modules/.bin/tsx'),
    [path.join(root, 'tooling/stack/src/main.ts'), 'start'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        COINVIEW_DATA_DIR: DATA_DIR,
        WEB_PORT: String(WEB_PORT),
        SIM_PORT: String(SIM_PORT),
        EMBEDDED_PG_PORT: String(PG_PORT),
        SIM_TICK_MS: String(TICK_MS),
        DEMO_PASSWORD: 'coinview-demo',
        LOG_LEVEL: 'warn',
      },
    },
  );
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

/** Subscribes to the markets' kline streams on the sim, as the worker does, and records E. */
function tapSim(markets: { symbol: string; interval: string }[]): Promise<Socket> {
  const streams = markets.map((m) => `${m.symbol.toLowerCase()}@kline_${m.interval}`).join('/');
  const ws = new WebSocketCtor(`ws://127.0.0.1:${SIM_PORT}/stream?streams=${streams}`);
  ws.on('message', (data) => {
    const received = Date.now();
    const frame = JSON.parse(data.toString()) as {
      data?: { E?: number; k?: { s: string; i: string; t: number; c: string } };
    };
    const e = frame.data?.E;
    const k = frame.data?.k;
    if (e === undefined || !k) return;
    const bar = `${k.s}|${k.i}|${k.t}`;
    const key = keyOf(k.s, k.i, k.t / 1000, Number(k.c));
    const repeat = lastCloseOf.get(bar) === k.c;
    const earlier = sent.get(key);
    if (!earlier) sent.set(key, { e, received, repeat, ambiguous: false, changes: repeat ? 0 : 1 });
    else if (!repeat) {
      earlier.ambiguous = true;
      earlier.changes++;
    }
    lastCloseOf.set(bar, k.c);
  });
  return new Promise((resolve, reject) => {
    ws.on('open', () => resolve(ws));
    ws.on('error', reject);
  });
}

/** LISTENs on the bus like the web's live server and records when each candle update arrives. */
async function tapBus(markets: { symbol: string; interval: string }[]): Promise<PgBus> {
  const cluster = JSON.parse(
    await readFile(path.join(root, DATA_DIR, 'pg', 'cluster.json'), 'utf8'),
  ) as { user: string; password: string; port: number };
  const url = `postgresql://${encodeURIComponent(cluster.user)}:${encodeURIComponent(cluster.password)}@127.0.0.1:${cluster.port}/coinview`;
  const bus = new PgBus(url);
  for (const m of markets) {
    await bus.subscribe(candleTopic(m.symbol, m.interval as Interval), (payload) => {
      const at = Date.now();
      const c = payload as { openTime: number; close: string | number };
      const key = keyOf(m.symbol, m.interval, c.openTime / 1000, Number(c.close));
      if (!published.has(key)) published.set(key, at);
    });
  }
  return bus;
}

interface Drawn {
  key: string;
  at: number;
}

declare global {
  interface Window {
    tickLatency?: { drawn: Drawn[] };
  }
}

/** Records, in the page, when each chart's last bar changes and the frame that draws it runs. */
async function observeCharts(page: Page): Promise<void> {
  await page.evaluate(() => {
    if (window.tickLatency) return;
    const state = { drawn: [] as { key: string; at: number }[] };
    window.tickLatency = state;
    // Both attributes change for most ticks: one record per chart and tick.
    const lastKey = new WeakMap<Element, string>();
    new MutationObserver((records) => {
      for (const record of records) {
        const chart = record.target as Element;
        if (chart.getAttribute('data-testid') !== 'candle-chart') continue;
        const area = chart.closest('[data-testid="chart-area"]');
        const time = chart.getAttribute('data-last-time');
        const close = chart.getAttribute('data-last-close');
        if (!area || !time || !close) continue;
        const key = `${area.getAttribute('data-symbol')}|${area.getAttribute('data-interval')}|${Number(time)}|${Number(close)}`;
        if (lastKey.get(chart) === key) continue;
        lastKey.set(chart, key);
        requestAnimationFrame(() => state.drawn.push({ key, at: Date.now() }));
      }
    }).observe(document.body, {
      subtree: true,
      attributes: true,
      attributeFilter: ['data-last-close', 'data-last-time'],
    });
  });
}

async function drain(page: Page): Promise<Drawn[]> {
  return page.evaluate(() => {
    const out = window.tickLatency!.drawn;
    window.tickLatency!.drawn = [];
    return out;
  });
}

async function setGrid(page: Page, label: 'One chart' | 'Four charts', count: number) {
  await page.getByTestId('grid-menu').click();
  await page.getByRole('menuitemradio', { name: label }).click();
  await page.keyboard.press('Escape');
  await page
    .getByTestId('chart-area')
    .nth(count - 1)
    .waitFor({ timeout: 30_000 });
  const areas = await page.getByTestId('chart-area').count();
  if (areas !== count) throw new Error(`expected ${count} charts, the page shows ${areas}`);
}

/** Four charts, each on its own market: BTC and ETH on 1m and on the interval after 1m. */
async function setUpFourCharts(page: Page): Promise<{ symbol: string; interval: string }[]> {
  await setGrid(page, 'Four charts', 4);
  const areas = page.getByTestId('chart-area');
  for (const [index, symbol, step] of [
    [1, 'ETHUSDT', false],
    [2, 'BTCUSDT', true],
    [3, 'ETHUSDT', true],
  ] as const) {
    const area = areas.nth(index);
    await area.getByTestId('candle-chart').click();
    if ((await area.getAttribute('data-symbol')) !== symbol) {
      await page.keyboard.type(symbol);
      await page.keyboard.press('Enter');
      await page.locator(`[data-chart-index="${index}"][data-symbol="${symbol}"]`).waitFor();
    }
    if (step && (await area.getAttribute('data-interval')) === '1m') {
      await area.getByTestId('candle-chart').click();
      await page.keyboard.press('.');
      await page.locator(`[data-chart-index="${index}"]:not([data-interval="1m"])`).waitFor();
    }
  }
  const markets: { symbol: string; interval: string }[] = [];
  for (let i = 0; i < 4; i++)
    markets.push({
      symbol: (await areas.nth(i).getAttribute('data-symbol'))!,
      interval: (await areas.nth(i).getAttribute('data-interval'))!,
    });
  return markets;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return { n: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN };
  return {
    n: s.length,
    p50: quantile(s, 0.5),
    p95: quantile(s, 0.95),
    p99: quantile(s, 0.99),
    max: s[s.length - 1]!,
  };
}

interface Sample {
  total: number;
  worker?: number;
  /** Sim → our own subscription. */
  hop: number;
  chart: string;
  /** When it was drawn (then: seconds into its round). */
  at: number;
}

/** Matches the ticks drawn in a round back to the sim and the bus. */
function samplesOf(drawn: Drawn[]) {
  const samples: Sample[] = [];
  let unmatched = 0;
  let repeats = 0;
  let ambiguous = 0;
  for (const d of drawn) {
    const tick = sent.get(d.key);
    if (!tick) {
      unmatched++;
      continue;
    }
    if (tick.repeat) {
      repeats++;
      continue;
    }
    if (tick.ambiguous) {
      ambiguous++;
      continue;
    }
    const bus = published.get(d.key);
    samples.push({
      total: d.at - tick.e,
      worker: bus === undefined ? undefined : bus - tick.e,
      hop: tick.received - tick.e,
      chart: d.key.split('|').slice(0, 2).join(' '),
      at: d.at,
    });
  }
  return { samples, unmatched, repeats, ambiguous };
}

const ms = (n: number) => (Number.isNaN(n) ? '—' : n.toFixed(0));
const line = (name: string, xs: number[]) => {
  const s = stats(xs);
  return `  ${name.padEnd(36)} n=${String(s.n).padStart(5)}  p50 ${ms(s.p50).padStart(4)}  p95 ${ms(s.p95).padStart(4)}  p99 ${ms(s.p99).padStart(4)}  max ${ms(s.max).padStart(5)} ms`;
};

async function main(): Promise<void> {
  console.log(
    `tick-latency: ${ROUNDS} rounds × (1 chart, 4 charts) × ${SECONDS} s, SIM_TICK_MS=${TICK_MS}; ` +
      `node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  const stack = startStack();
  let tap: Socket | undefined;
  let bus: PgBus | undefined;
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
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${BASE}/login`);
    const form = page.getByRole('form', { name: 'Sign in with password' });
    await form.getByLabel('Email', { exact: true }).fill('demo@coinview.local');
    await form.getByLabel('Password', { exact: true }).fill('coinview-demo');
    await form.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(/\/chart/, { timeout: 60_000 });
    // The layout is saved in the data directory: back to one chart (a later run finds the
    // four charts of this one), whose market the address then sets.
    await setGrid(page, 'One chart', 1);
    await page.goto(`${BASE}/chart?symbol=BTCUSDT&interval=1m`);
    await page
      .getByTestId('live-status')
      .and(page.locator('[data-status="live"]'))
      .waitFor({ timeout: 60_000 });

    const markets = await setUpFourCharts(page);
    console.log(`4 charts: ${markets.map((m) => `${m.symbol} ${m.interval}`).join(', ')}`);
    tap = await tapSim(markets);
    bus = await tapBus(markets);
    await observeCharts(page);

    const totals: Record<'1' | '4', Sample[]> = { '1': [], '4': [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const count of [1, 4] as const) {
        await setGrid(page, count === 1 ? 'One chart' : 'Four charts', count);
        // Charts loaded and live again (a chart shown again re-subscribes and catches up).
        await new Promise((r) => setTimeout(r, 5_000));
        await drain(page);
        const start = Date.now();
        const load = loadavg()[0]!.toFixed(2);
        await new Promise((r) => setTimeout(r, SECONDS * 1_000 + 500)); // + the last ticks' frames
        const drawn = await drain(page);
        const { samples, unmatched, repeats, ambiguous } = samplesOf(drawn);
        // Ticks that changed a shown chart's bar, sent in the window: how many the page showed.
        const shown = new Set(markets.slice(0, count).map((m) => `${m.symbol}|${m.interval}|`));
        let changed = 0;
        for (const [key, tick] of sent)
          if (
            !tick.repeat &&
            tick.e >= start &&
            tick.e < start + SECONDS * 1_000 &&
            [...shown].some((m) => key.startsWith(m))
          )
            changed += tick.changes;
        const inWindow = drawn.filter((d) => {
          const e = sent.get(d.key)?.e;
          return e !== undefined && e >= start && e < start + SECONDS * 1_000;
        }).length;
        for (const x of samples) x.at = (x.at - start) / 1000;
        totals[count].push(...samples);
        const s = stats(samples.map((x) => x.total));
        console.log(
          `round ${round + 1}, ${count} chart${count > 1 ? 's' : ''} (load ${load}): n=${s.n} p50 ${ms(s.p50)} p99 ${ms(s.p99)} max ${ms(s.max)} ms` +
            ` (left out: ${repeats} repeated closes, ${ambiguous} closes seen twice in a bar, ${unmatched} not matched;` +
            ` ${inWindow} of ${changed} ticks sent in the window shown)`,
        );
      }
    }
    await browser.close();

    for (const count of ['1', '4'] as const) {
      const all = totals[count];
      const total = all.map((s) => s.total);
      const worker = all.flatMap((s) => (s.worker === undefined ? [] : [s.worker]));
      const rest = all.flatMap((s) => (s.worker === undefined ? [] : [s.total - s.worker]));
      console.log(`\n${count} chart${count === '1' ? '' : 's'} open, ms:`);
      console.log(line('sim sent → drawn (t2 − t0)', total));
      console.log(line('sim sent → NOTIFY heard (t1 − t0)', worker));
      console.log(line('NOTIFY heard → drawn (t2 − t1)', rest));
      console.log(
        line(
          '(sim sent → frame at a WS client)',
          all.map((s) => s.hop),
        ),
      );
      if (count === '4') {
        for (const chart of [...new Set(all.map((s) => s.chart))])
          console.log(
            line(
              `  ${chart}`,
              all.filter((s) => s.chart === chart).map((s) => s.total),
            ),
          );
      }
      const worst = [...all].sort((a, b) => b.total - a.total).slice(0, 5);
      console.log(
        `  slowest: ${worst.map((w) => `${w.chart} ${ms(w.total)} ms (worker+bus ${ms(w.worker ?? NaN)}) at ${w.at.toFixed(1)} s`).join('; ')}`,
      );
      const p99 = stats(total).p99;
      console.log(
        `  target p99 < ${TARGET_P99_MS} ms: ${p99 < TARGET_P99_MS ? 'met' : 'NOT met'} (${ms(p99)} ms)`,
      );
    }
  } finally {
    tap?.close();
    await bus?.close();
    await stopStack(stack);
  }
}

await main();
