// The trades printed inside one recorded 1m bar. The recording only has the bar's totals, so the
// tape is synthesised, deterministically per bar, to agree with them exactly:
//   - exactly `trades` trades, printed along the bar's intrabar path: the first at the open price at
//     the bar's first millisecond, one at the low and one at the high (the path's corners), the last
//     at the close, every price on the tick grid within [low, high];
//   - quantities on the lot-size grid adding up to the bar's volume, and the taker-buy trades
//     (buyer not the maker) adding up to its taker-buy base volume;
//   - trades come in bursts from one taker order (same millisecond, price and side): each burst is
//     one aggregate trade, and a bar of n trades holds exactly aggTradeCount(n) of them, so aggregate
//     ids can be numbered across bars without building every tape.
// The forming kline is the running sum of this tape (partialBar), so a client that sums the trade
// stream gets the kline stream's numbers.
import type { RecordedBar } from '../data/recording';
import { BAR_MS, type IntrabarSteps, intrabarPath, mulberry32, priceAt } from './intrabar-path';
import { splitUnits } from './quantity-split';
import type { BarTotals } from './recording-index';

/**
 * Decimals are in 1e-8 units (see decimal.ts) held in float64 arrays: every value here is an integer
 * below 2^53, so the arithmetic stays exact and the tape of a 50,000-trade minute builds in a few
 * milliseconds (bigint would be ten times slower).
 */
export interface TradeTape {
  readonly count: number;
  readonly aggCount: number;
  /** Milliseconds after the bar's open, non-decreasing. */
  readonly offsets: Int32Array;
  readonly prices: Float64Array;
  readonly quantities: Float64Array;
  /** 1 when the buyer was the maker (the taker sold). */
  readonly buyerMaker: Uint8Array;
  /** Index within the bar of the aggregate trade each trade belongs to. */
  readonly aggIndex: Int32Array;
  /** cumVolume[k] = volume of the first k trades; likewise cumTakerBuy. */
  readonly cumVolume: Float64Array;
  readonly cumTakerBuy: Float64Array;
  /** Highest / lowest price among trades 0..i. */
  readonly runHigh: Float64Array;
  readonly runLow: Float64Array;
}

/** Aggregate trades in a bar of `trades` trades: about three in four trades stand alone. */
export function aggTradeCount(trades: number): number {
  return trades <= 4 ? trades : trades - Math.floor((trades - 4) / 4);
}

interface Burst {
  at: number;
  price: number;
  size: number;
  buy: boolean;
}

/** Times and prices of the bursts: the path's corners, and random moments along it. */
function burstPrices(
  bar: RecordedBar,
  steps: IntrabarSteps,
  seed: number,
  bursts: number,
  random: () => number,
) {
  const path = intrabarPath(bar, steps, seed);
  const last = BAR_MS - 1;
  const inner = path.slice(1, -1);
  const lowCorner = inner.find((w) => w.price === bar.low) ?? { at: 1, price: bar.low };
  const highCorner = inner.find((w) => w.price === bar.high) ?? { at: 2, price: bar.high };
  const corners = [lowCorner, highCorner].sort((a, b) => a.at - b.at);
  if (bursts >= 4) {
    const points = [{ at: 0, price: bar.open }, ...corners, { at: last, price: bar.close }];
    for (let i = 4; i < bursts; i++) {
      const at = 1 + Math.floor(random() * (last - 1));
      points.push({ at, price: priceAt(path, at, bar, steps.price) });
    }
    return points.sort((a, b) => a.at - b.at);
  }
  // Too few trades for four corners: the distinct prices in path order, ending on the close.
  const wanted = [bar.open, corners[0]!.price, corners[1]!.price, bar.close].filter(
    (p, i, all) => i === 0 || p !== all[i - 1],
  );
  const prices = wanted.length <= bursts ? [...wanted.slice(0, -1)] : wanted.slice(0, bursts - 1);
  while (prices.length < bursts) prices.push(bar.close);
  return prices.map((price, i) => ({
    at: bursts === 1 ? 0 : Math.round((i * last) / (bursts - 1)),
    price,
  }));
}

/**
 * Moves bursts between sides until each side has no more trades than lots to give them (so no
 * trade is empty), keeping a burst on each side that has volume. Returns the taker-buy trade count.
 */
function balanceSides(bursts: Burst[], buyUnits: number, sellUnits: number): number {
  let buyTrades = bursts.reduce((s, b) => s + (b.buy ? b.size : 0), 0);
  let sellTrades = bursts.reduce((s, b) => s + (b.buy ? 0 : b.size), 0);
  for (const b of [...bursts].sort((x, y) => x.size - y.size)) {
    const buyOver = buyTrades > buyUnits;
    const sellOver = sellTrades > sellUnits;
    if (!buyOver && !sellOver) break;
    if (
      buyOver &&
      b.buy &&
      sellTrades + b.size <= sellUnits &&
      (buyTrades > b.size || buyUnits === 0)
    ) {
      b.buy = false;
      [buyTrades, sellTrades] = [buyTrades - b.size, sellTrades + b.size];
    } else if (
      sellOver &&
      !b.buy &&
      buyTrades + b.size <= buyUnits &&
      (sellTrades > b.size || sellUnits === 0)
    ) {
      b.buy = true;
      [buyTrades, sellTrades] = [buyTrades + b.size, sellTrades - b.size];
    }
  }
  return buyTrades;
}

export function buildTradeTape(bar: RecordedBar, steps: IntrabarSteps, seed: number): TradeTape {
  const n = bar.trades;
  if (bar.volume > BigInt(Number.MAX_SAFE_INTEGER) || bar.high > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new Error('bar too large for an exact float64 tape');
  }
  const random = mulberry32(seed ^ 0x5bd1e995);
  const g = aggTradeCount(n);
  const bursts: Burst[] = burstPrices(bar, steps, seed, g, random).map((p) => ({
    at: p.at,
    price: Number(p.price),
    size: 1,
    buy: false,
  }));
  for (let extra = n - g; extra > 0; extra--) bursts[Math.floor(random() * g)]!.size += 1;

  let buyUnits = Number(bar.takerBuyBase / steps.volume);
  let sellUnits = Number((bar.volume - bar.takerBuyBase) / steps.volume);
  const buyShare = buyUnits + sellUnits > 0 ? buyUnits / (buyUnits + sellUnits) : 0.5;
  for (const b of bursts) b.buy = random() < buyShare;
  // Each side with volume needs at least one burst (possible whenever there are two).
  if (g >= 2 && buyUnits > 0 && !bursts.some((b) => b.buy)) bursts[1]!.buy = true;
  if (g >= 2 && sellUnits > 0 && !bursts.some((b) => !b.buy)) bursts[g - 2]!.buy = false;
  const buyTrades = balanceSides(bursts, buyUnits, sellUnits);
  // A side without trades hands its volume to the other, so the total stays exact.
  if (buyTrades === 0) [buyUnits, sellUnits] = [0, buyUnits + sellUnits];
  if (buyTrades === n) [buyUnits, sellUnits] = [buyUnits + sellUnits, 0];
  const buyParts = splitUnits(buyUnits, buyTrades, random);
  const sellParts = splitUnits(sellUnits, n - buyTrades, random);

  const lot = Number(steps.volume);
  const offsets = new Int32Array(n);
  const buyerMaker = new Uint8Array(n);
  const aggIndex = new Int32Array(n);
  const prices = new Float64Array(n);
  const quantities = new Float64Array(n);
  const cumVolume = new Float64Array(n + 1);
  const cumTakerBuy = new Float64Array(n + 1);
  const runHigh = new Float64Array(n);
  const runLow = new Float64Array(n);
  let i = 0;
  let nextBuy = 0;
  let nextSell = 0;
  for (let j = 0; j < g; j++) {
    const b = bursts[j]!;
    for (let k = 0; k < b.size; k++, i++) {
      const qty = (b.buy ? buyParts[nextBuy++]! : sellParts[nextSell++]!) * lot;
      offsets[i] = b.at;
      prices[i] = b.price;
      quantities[i] = qty;
      buyerMaker[i] = b.buy ? 0 : 1;
      aggIndex[i] = j;
      cumVolume[i + 1] = cumVolume[i]! + qty;
      cumTakerBuy[i + 1] = cumTakerBuy[i]! + (b.buy ? qty : 0);
      runHigh[i] = i === 0 ? b.price : Math.max(b.price, runHigh[i - 1]!);
      runLow[i] = i === 0 ? b.price : Math.min(b.price, runLow[i - 1]!);
    }
  }
  return {
    count: n,
    aggCount: g,
    offsets,
    prices,
    quantities,
    buyerMaker,
    aggIndex,
    cumVolume,
    cumTakerBuy,
    runHigh,
    runLow,
  };
}

/** How many trades of the tape were printed by `elapsedMs` after the bar's open. */
export function tradesUntil(tape: TradeTape, elapsedMs: number): number {
  let lo = 0;
  let hi = tape.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tape.offsets[mid]! <= elapsedMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The bar as it stands `elapsedMs` after its open: the running totals of its tape. From BAR_MS on,
 * exactly the recording. Quote volumes are not on the tape (its prices are synthetic), so they grow
 * in proportion to the base volumes and reach the recorded values at the close.
 */
export function partialBar(bar: RecordedBar, tape: TradeTape, elapsedMs: number): BarTotals {
  const k = elapsedMs >= BAR_MS ? tape.count : tradesUntil(tape, Math.floor(elapsedMs));
  if (k === tape.count && elapsedMs >= BAR_MS) {
    const { open, high, low, close, volume, quoteVolume, takerBuyBase, takerBuyQuote, trades } =
      bar;
    return { open, high, low, close, volume, quoteVolume, takerBuyBase, takerBuyQuote, trades };
  }
  if (k === 0) {
    const p = bar.open;
    return {
      open: p,
      high: p,
      low: p,
      close: p,
      volume: 0n,
      quoteVolume: 0n,
      takerBuyBase: 0n,
      takerBuyQuote: 0n,
      trades: 0,
    };
  }
  const volume = BigInt(tape.cumVolume[k]!);
  const takerBuyBase = BigInt(tape.cumTakerBuy[k]!);
  const share = (total: bigint, part: bigint, whole: number) =>
    whole > 0 ? (total * part) / BigInt(whole) : 0n;
  return {
    open: bar.open,
    high: BigInt(tape.runHigh[k - 1]!),
    low: BigInt(tape.runLow[k - 1]!),
    close: BigInt(tape.prices[k - 1]!),
    volume,
    quoteVolume: share(bar.quoteVolume, volume, tape.cumVolume[tape.count]!),
    takerBuyBase,
    takerBuyQuote: share(bar.takerBuyQuote, takerBuyBase, tape.cumTakerBuy[tape.count]!),
    trades: k,
  };
}
