// Panning a chart with 200 drawings on 5,000 candles, against the same chart without them, in
// headless Chromium: the work of each frame while the view moves (see drawings-pan-page.ts for
// what is timed). The page bundles lightweight-charts with the product's chart theme and its
// DrawingsPrimitive (esbuild, served on loopback); the candles are real BTCUSDT 1m bars
// (bench/data), the drawings every tool (bench-drawings.ts). Rounds alternate with and without
// drawings (ABBA), each panning the same stretch of the pan path in both conditions.
//
//   pnpm --filter @coinview/bench exec tsx drawings-pan.ts [--rounds 9] [--frames 300]
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:http';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Drawing } from '@coinview/core/drawings';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { benchBars } from './backtest-bars';
import { benchDrawings } from './bench-drawings';
import type { PanRound, PanTimes, SceneStats } from './drawings-pan-page';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '9' },
    frames: { type: 'string', default: '300' },
    bars: { type: 'string', default: '5000' },
    drawings: { type: 'string', default: '200' },
    step: { type: 'string', default: '3' },
    width: { type: 'string', default: '1600' },
    height: { type: 'string', default: '900' },
    profile: { type: 'boolean', default: false },
    skip: { type: 'string', default: '' },
    'cache-number-format': { type: 'boolean', default: false },
  },
});
const ROUNDS = Number(values.rounds);
const FRAMES = Number(values.frames);
const BARS = Number(values.bars);
const DRAWINGS = Number(values.drawings);
const STEP = Number(values.step);
const VIEWPORT = { width: Number(values.width), height: Number(values.height) };
/** Instead of the rounds: one round each way under the CPU profiler, unminified, top functions. */
const PROFILE = values.profile;
/** Experiments, not the benchmark: leave out some tools (comma-separated kinds), and/or format
 * numbers with cached Intl.NumberFormats (what a fix of the position labels would do). */
const SKIP = new Set(values.skip.split(',').filter(Boolean));
const CACHE_NUMBER_FORMAT = values['cache-number-format'];
const TARGET_RATIO = 2;
const TARGET_FRAME_MS = 16;
const here = import.meta.dirname;

/** esbuild is not a dependency of the bench: it is the one tsx runs on, loaded from there. */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>;
}
function loadEsbuild(): Esbuild {
  const fromBench = createRequire(path.join(here, 'package.json'));
  return createRequire(fromBench.resolve('tsx'))('esbuild') as Esbuild;
}

async function bundlePage(): Promise<string> {
  const result = await loadEsbuild().build({
    entryPoints: [path.join(here, 'drawings-pan-page.ts')],
    tsconfig: path.join(here, 'tsconfig.json'),
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: !PROFILE,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  return result.outputFiles[0]!.text;
}

const HTML = `<!doctype html><html><head><meta charset="utf-8"><style>
html,body{margin:0;height:100%;background:#0b0e14;overflow:hidden}#chart{width:100%;height:100%}
</style></head><body><div id="chart"></div><script type="module" src="/page.js"></script></body></html>`;

/** Serves the page and its bundle on loopback only, on a port the system picks. */
async function serve(bundle: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const [type, body] = req.url === '/page.js' ? ['text/javascript', bundle] : ['text/html', HTML];
    res.writeHead(req.url === '/' || req.url === '/page.js' ? 200 : 404, {
      'content-type': `${type}; charset=utf-8`,
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address to serve on');
  return { server, url: `http://127.0.0.1:${address.port}/` };
}

async function panRound(page: Page, round: PanRound): Promise<PanTimes> {
  return page.evaluate((r) => window.drawingsPan!.round(r), round);
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function stats(xs: readonly number[]) {
  const sorted = [...xs].sort((a, b) => a - b);
  const sum = xs.reduce((s, x) => s + x, 0);
  return {
    median: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    max: sorted.at(-1) ?? NaN,
    mean: sum / xs.length,
    n: xs.length,
  };
}

const fmt = (ms: number) => ms.toFixed(2).padStart(6);

/** A round's frames laid out per frame: the work (pan call + render + raster) and its parts. */
function perFrame(t: PanTimes) {
  return {
    work: t.scroll.map((s, i) => s + t.render[i]! + t.flush[i]!),
    render: t.render,
    flush: t.flush,
    scroll: t.scroll,
    primitive: t.primitiveUpdate.map((u, i) => u + t.primitiveDraw[i]!),
    primitiveUpdate: t.primitiveUpdate,
    primitiveDraw: t.primitiveDraw,
    raf: t.raf,
  };
}
type Frames = ReturnType<typeof perFrame>;

function concat(rounds: Frames[]): Frames {
  const keys = Object.keys(rounds[0]!) as (keyof Frames)[];
  return Object.fromEntries(keys.map((k) => [k, rounds.flatMap((r) => r[k])])) as Frames;
}

async function main(): Promise<void> {
  console.log(
    `drawings-pan: ${BARS} candles, ${DRAWINGS} drawings, ${VIEWPORT.width}×${VIEWPORT.height}, ` +
      `${ROUNDS} rounds × ${FRAMES} frames, ${STEP} bars/frame; load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
  );
  const bars = await benchBars(BARS);
  const drawings = benchDrawings(bars, DRAWINGS).filter((d) => !SKIP.has(d.kind));
  if (SKIP.size > 0 || CACHE_NUMBER_FORMAT)
    console.log(
      `EXPERIMENT: ${drawings.length} drawings${SKIP.size ? ` (without ${[...SKIP].join(', ')})` : ''}` +
        `${CACHE_NUMBER_FORMAT ? ', Number#toLocaleString through cached Intl.NumberFormats' : ''}`,
    );
  const { server, url } = await serve(await bundlePage());
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
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(url);
    await page.waitForFunction(() => window.drawingsPan !== undefined);
    await page.evaluate(({ bars, drawings }) => window.drawingsPan!.setup(bars, drawings), {
      bars,
      drawings,
    });
    if (CACHE_NUMBER_FORMAT) await page.evaluate(() => window.drawingsPan!.cacheNumberFormats());
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
    };

    // Warm-up (JIT, caches, fonts), not counted.
    for (const withDrawings of [true, false])
      await panRound(page, { drawings: withDrawings, frames: 120, phase: 0, step: STEP });
    if (PROFILE) {
      for (const withDrawings of [true, false])
        await profileRound(page, cdp, {
          drawings: withDrawings,
          frames: FRAMES,
          phase: 0,
          step: STEP,
        });
      return;
    }

    const runs = { with: [] as Frames[], without: [] as Frames[] };
    const task = { with: [] as number[], without: [] as number[] };
    const span = FRAMES * STEP;
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? [true, false] : [false, true];
      for (const withDrawings of order) {
        const before = await taskSeconds();
        const times = await panRound(page, {
          drawings: withDrawings,
          frames: FRAMES,
          phase: r * span,
          step: STEP,
        });
        const busy = ((await taskSeconds()) - before) * 1000;
        const key = withDrawings ? 'with' : 'without';
        runs[key].push(perFrame(times));
        task[key].push(busy / times.render.length);
      }
    }
    report(concat(runs.with), concat(runs.without), task);
    await reportScene(page, ROUNDS * span, drawings.length);
  } finally {
    await browser.close();
    server.close();
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** One round under V8's sampling profiler: the functions with the most self and total time. */
async function profileRound(page: Page, cdp: CDPSession, round: PanRound): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const times = await panRound(page, round);
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as {
    profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  };
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const name = (n: ProfileNode) => {
    const file = n.callFrame.url.split('/').pop() ?? '';
    return `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
  };
  // Total time of a function: its samples and its callees', counted once per call stack.
  const selfByName = new Map<string, number>();
  const totalByName = new Map<string, number>();
  const walk = (id: number, onStack: Set<string>): number => {
    const node = byId.get(id)!;
    const key = name(node);
    let total = self.get(id) ?? 0;
    selfByName.set(key, (selfByName.get(key) ?? 0) + total);
    const inner = new Set(onStack).add(key);
    for (const child of node.children ?? []) total += walk(child, inner);
    if (!onStack.has(key)) totalByName.set(key, (totalByName.get(key) ?? 0) + total);
    return total;
  };
  walk(profile.nodes[0]!.id, new Set());
  const frames = times.render.length;
  const top = (m: Map<string, number>) =>
    [...m]
      .filter(([k]) => !k.startsWith('(root)') && !k.startsWith('(program)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([k, ms]) => `  ${(ms / frames).toFixed(3).padStart(7)} ms/frame  ${k}`)
      .join('\n');
  const title = round.drawings ? `with ${DRAWINGS} drawings` : 'without drawings';
  console.log(`\nCPU profile, ${title}, ${frames} frames: self time`);
  console.log(top(selfByName));
  console.log(`\nCPU profile, ${title}: total time (self + callees)`);
  console.log(top(totalByName));
}

/** What the primitive paints, averaged over views spread along the pan path the rounds took. */
async function reportScene(page: Page, pathLength: number, count: number): Promise<void> {
  const views = 24;
  const all: SceneStats[] = [];
  for (let i = 0; i < views; i++) {
    const phase = Math.round((i * pathLength) / views);
    all.push(await page.evaluate((p) => window.drawingsPan!.scene(p), phase));
  }
  const mean = (f: (s: SceneStats) => number) => all.reduce((sum, s) => sum + f(s), 0) / views;
  const c = (k: keyof SceneStats['commands']) => mean((s) => s.commands[k]).toFixed(0);
  console.log(
    `\nwhat the primitive paints per frame (mean of ${views} views along the path): ` +
      `${mean((s) => s.painted).toFixed(0)} of ${count} drawings give commands, ` +
      `${mean((s) => s.visible).toFixed(0)} of them with a part in the pane; ` +
      `${c('line')} lines, ${c('polygon')} polygons, ${c('text')} texts, ` +
      `of which ${mean((s) => s.outside).toFixed(0)} wholly outside the pane; filled area ` +
      `${mean((s) => s.filledPanes).toFixed(1)} panes (positions' zones ` +
      `${mean((s) => s.positionPanes).toFixed(1)})`,
  );
  const kinds = new Set(all.flatMap((s) => Object.keys(s.outsideByKind))) as Set<Drawing['kind']>;
  const byKind = [...kinds]
    .map((k) => [k, mean((s) => s.outsideByKind[k] ?? 0)] as const)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n.toFixed(0)}`);
  console.log(`  commands wholly outside the pane, by tool: ${byKind.join(', ')}`);
  console.log(
    `  the primitive's hitTest (each pointer move, dragging too): ${mean((s) => s.hitTestMs).toFixed(2)} ms`,
  );
}

function report(withD: Frames, without: Frames, task: { with: number[]; without: number[] }): void {
  const row = (name: string, xs: readonly number[]) => {
    const s = stats(xs);
    return `  ${name.padEnd(34)} ${fmt(s.median)} ${fmt(s.p95)} ${fmt(s.p99)} ${fmt(s.max)} ${fmt(s.mean)}`;
  };
  const header = `  ${''.padEnd(34)} ${'median'.padStart(6)} ${'p95'.padStart(6)} ${'p99'.padStart(6)} ${'max'.padStart(6)} ${'mean'.padStart(6)}`;
  for (const [title, f] of [
    [`with ${DRAWINGS} drawings (n=${withD.work.length} frames)`, withD],
    [`without drawings (n=${without.work.length} frames)`, without],
  ] as const) {
    console.log(`\n${title}, ms per frame`);
    console.log(header);
    console.log(row('work = pan call + render + raster', f.work));
    console.log(row('  pan call (scrollToPosition)', f.scroll));
    console.log(row('  render (chart rAF callback)', f.render));
    console.log(row('  raster (canvas read-back)', f.flush));
    if (f === withD) {
      console.log(row('  of render: drawings primitive', f.primitive));
      console.log(row('    updateAllViews (commands)', f.primitiveUpdate));
      console.log(row('    draw (paintCommands)', f.primitiveDraw));
    }
    console.log(row('rAF interval (vsync-capped)', f.raf));
  }
  const w = stats(withD.work);
  const o = stats(without.work);
  const tw = stats(task.with);
  const to = stats(task.without);
  console.log('\nmain-thread busy per frame (CDP TaskDuration / frames, median of rounds)');
  console.log(
    `  with ${fmt(tw.median)}   without ${fmt(to.median)}   ratio ${(tw.median / to.median).toFixed(2)}×`,
  );
  const ratio = (k: 'median' | 'p95' | 'p99') => w[k] / o[k];
  console.log('\nwork per frame, with / without:');
  for (const k of ['median', 'p95', 'p99'] as const) {
    const r = ratio(k);
    console.log(
      `  ${k.padEnd(6)} ${fmt(w[k])} / ${fmt(o[k])} ms = ${r.toFixed(2)}×  ` +
        `(< ${TARGET_RATIO}×: ${r < TARGET_RATIO ? 'met' : 'MISSED'}; with < ${TARGET_FRAME_MS} ms: ${w[k] < TARGET_FRAME_MS ? 'met' : 'MISSED'})`,
    );
  }
}

await main();
