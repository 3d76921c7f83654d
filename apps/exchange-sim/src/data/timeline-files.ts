// Finds the kline files of each symbol in data/ (see data/README.md) and builds its timeline
// (replay/market-timeline.ts): the daily series is required; an hourly series and 1m runs are
// used where present. Read synchronously at start (≈7 MB gzipped in all).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { MarketTimeline } from '../replay/market-timeline';
import { DEFAULT_DATA_DIR } from './recording';
import { stepOf } from './decimal';
import { DAY_MS, HOUR_MS, KLINE_FILE, type KlineColumns, loadKlineFile } from './kline-file';

export { DEFAULT_DATA_DIR } from './recording';

/**
 * Timelines are immutable once built, so a process builds each once (≈0.5 s of CPU per symbol) and
 * every sim it starts (tests start many) shares it.
 */
const built = new Map<string, MarketTimeline>();

/**
 * Every symbol with a daily series in `dataDir`, or only `symbols` (which must all exist).
 * `fresh` builds them again instead of reusing this process's (determinism tests).
 */
export function loadTimelines(
  dataDir = DEFAULT_DATA_DIR,
  symbols?: readonly string[],
  opts: { fresh?: boolean } = {},
): MarketTimeline[] {
  const bySymbol = new Map<string, string[]>();
  for (const name of readdirSync(dataDir).sort()) {
    const match = KLINE_FILE.exec(name);
    if (!match) continue;
    const symbol = match[1]!.toUpperCase();
    bySymbol.set(symbol, [...(bySymbol.get(symbol) ?? []), name]);
  }
  const wanted = symbols?.map((s) => s.toUpperCase()) ?? [...bySymbol.keys()];
  return wanted.map((symbol) => {
    const names = bySymbol.get(symbol);
    if (!names)
      throw new Error(
        `no recording for ${symbol} in ${dataDir} (have: ${[...bySymbol.keys()].join(', ')})`,
      );
    const key = `${path.resolve(dataDir)}\0${symbol}`;
    const existing = opts.fresh ? undefined : built.get(key);
    if (existing) return existing;
    const files = names.map((name) => loadKlineFile(path.join(dataDir, name)));
    const one = (ms: number) => {
      const found = files.filter((f) => f.intervalMs === ms);
      if (found.length > 1) throw new Error(`${symbol}: more than one series of ${ms} ms`);
      return found[0];
    };
    const day = one(DAY_MS);
    if (!day) throw new Error(`${symbol}: no daily series (*_1d_*.csv.gz) in ${dataDir}`);
    const minutes = files.filter((f) => f.intervalMs === 60_000);
    const timeline = new MarketTimeline({
      symbol,
      day,
      hour: one(HOUR_MS),
      minutes,
      steps: gridOf(files, minutes),
    });
    built.set(key, timeline);
    return timeline;
  });
}

/**
 * The symbol's tick and lot as exchangeInfo states them: those of the 1m run with every column
 * (the one recording that is complete), else the finest seen in the 1m runs, else the daily one.
 */
function gridOf(files: KlineColumns[], minutes: KlineColumns[]) {
  const complete = minutes.find((f) => f.takerBuyQuote && f.trades);
  const source = complete ? [complete] : minutes.length ? minutes : files;
  const price = Math.max(...files.map((f) => f.priceDecimals));
  const volume = Math.max(...source.map((f) => f.volumeDecimals));
  return { price: Number(stepOf(price)), volume: Number(stepOf(volume)) };
}
