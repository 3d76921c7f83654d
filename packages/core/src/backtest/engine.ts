// Replays a strategy over closed bars and returns every fill, the equity and drawdown curves and
// buy-and-hold over the same bars. Deterministic: a pure function of (candles, strategy).
//
// Signals: by default (signals: 'fast') the entry and exit conditions are evaluated over columns
// computed once per indicator (./columns, ./fast-signals), giving a bitmap of the bars each fires
// on; with signals: 'reference' they come from MarketRules, the evaluator the worker runs live
// (entry and exit added as two bar-close alert rules, every bar through its close() path). Both
// give byte-identical results (property test in fast-signals.test.ts), and the reference path
// fires on exactly the bars a live alert with that condition fires on (parity.test.ts).
//
// `range` trades only bars [from, to): the indicators still run over every bar before `from`
// (warm at the window's start, as a live rule added long ago would be). Walk-forward uses it.
//
// Numbers are float64, as in technicalindicators and TA-Lib and as the indicators feeding the
// signals already are (ChartBar carries floats). Exact decimals (../trading/money) are for amounts
// sent to an exchange; a backtest sends nothing, and the frameworks it is checked against
// (backtrader, TradingView's strategy tester) compute in float64 too.
//
// Semantics (backtrader's defaults and TradingView's strategy tester):
// - a signal is evaluated at a bar's close; it fills at the next bar's open (fill: 'nextOpen') or at
//   that bar's close (fill: 'close'). A signal on the last bar with nextOpen never fills.
// - sizing: percentOfEquity → quantity = pct/100 × equity ÷ signal bar's close; quote → amount ÷
//   signal bar's close; quantity → fixed. Fractional quantities. Commission (commissionPct of the
//   notional) is paid on top on every fill. No leverage: when cost plus commission at the fill price
//   would exceed the cash, the quantity is cut to what the cash pays for.
// - slippage worsens the fill price: buys up, sells down (percent of the price, or ticks × tick).
// - stop-loss / take-profit are levels from the entry fill price, checked on each bar's low/high
//   after the entry (with nextOpen the entry bar itself from its open on; with close fills, from the
//   next bar). A bar that opens beyond a level fills at its open (gap); otherwise at the level. When
//   both levels lie inside one bar, the stop is assumed hit first. Slippage applies to these sells.
// - a position open after the last bar is marked at the last close and reported in `open`, not as a
//   closed trade. Equity (cash + quantity × close) and drawdown are taken at each bar's close.
// - bars are used as given: a gap in the data is not filled with invented bars ("next bar" is the
//   next one present; bars held counts bars present).
import type { ChartBar } from '../candle';
import { MarketRules } from '../rules/market-rules';
import { alertRuleSchema, describeRuleError } from '../rules/rule';
import { isPrepared, prepareBacktest, type PreparedBacktest } from './columns';
import { conditionBitmap } from './fast-signals';
import { strategySchema, type Slippage, type Strategy, type StrategyInput } from './strategy';

export type ExitReason = 'signal' | 'stop' | 'target' | 'end';

export interface Trade {
  /** ms, open time of the bar the entry filled in. */
  entryTime: number;
  entryPrice: number;
  /** ms, open time of the bar the exit filled in (for an open position: the last bar). */
  exitTime: number;
  /** Exit fill price (for an open position: the last close). */
  exitPrice: number;
  quantity: number;
  /** Commission on the entry and the exit (an open position: the entry's only). */
  fees: number;
  /** (exit − entry) × quantity − fees. */
  pnl: number;
  /** pnl ÷ (entry notional + entry fee). */
  returnPct: number;
  /** Bars from the entry fill's bar to the exit fill's bar (indexes in the candles given). */
  barsHeld: number;
  exitReason: ExitReason;
}

export interface BacktestResult {
  /** Closed trades in order. */
  trades: Trade[];
  /** The position still open after the last bar, marked at the last close (exitReason 'end'). */
  open: Trade | null;
  /** Per bar, at its close. */
  times: number[];
  equity: number[];
  /** Fraction below the running peak of equity (0 at a new high). */
  drawdown: number[];
  /** 1 when a position was held at the bar's close, else 0. */
  inPosition: number[];
  /** The initial capital bought at the first bar's open (commission and slippage applied), held. */
  buyAndHold: number[];
  /** ms open times of every bar the entry / exit condition fired on (whether or not it traded). */
  signals: { entry: number[]; exit: number[] };
  initialCapital: number;
  finalEquity: number;
  commissionPaid: number;
}

interface Position {
  quantity: number;
  entryPrice: number;
  entryFee: number;
  entryIndex: number;
  /** ms, open time of the entry fill's bar. */
  entryTime: number;
  /** First bar index whose range is checked against stop and target. */
  checkFrom: number;
  stop: number | null;
  target: number | null;
}

function slip(price: number, side: 'buy' | 'sell', s: Slippage): number {
  const sign = side === 'buy' ? 1 : -1;
  if (s.unit === 'percent') return price * (1 + (sign * s.percent) / 100);
  return price + sign * s.ticks * s.tickSize;
}

export interface BacktestOptions {
  /** Called after every `progressEvery` bars and after the last one (for a progress bar). */
  onProgress?: (barsDone: number, barsTotal: number) => void;
  /** Default 10,000 bars. */
  progressEvery?: number;
  /** fast (default): from cached columns; reference: through MarketRules, bar by bar. */
  signals?: 'fast' | 'reference';
  /** Candle indexes [from, to) to trade; the bars before `from` only warm the indicators. */
  range?: { from: number; to: number };
  /** Only the equity curve: times, drawdown, inPosition and buyAndHold are left empty (for
   *  sweeps, whose rows need the equity and the trades only). */
  equityOnly?: boolean;
}

/** Where entry and exit fire, per candle index (1 = fires at that bar's close). */
export interface SignalBitmaps {
  entry: Uint8Array;
  exit: Uint8Array;
}

function parseStrategy(input: Strategy | StrategyInput): Strategy {
  const parsed = strategySchema.safeParse(input);
  if (!parsed.success) throw new Error(`Strategy: ${describeRuleError(parsed.error)}`);
  return parsed.data;
}

/** Entry and exit bitmaps over every candle, from the columns (fast) or MarketRules (reference);
 *  with the reference path only the candles before `until` are evaluated. */
export function strategySignals(
  prepared: PreparedBacktest,
  strategy: Strategy,
  mode: 'fast' | 'reference' = 'fast',
  until = prepared.candles.length,
): SignalBitmaps {
  const n = prepared.candles.length;
  if (mode === 'fast') {
    const e = conditionBitmap(prepared, strategy.entry);
    const x = conditionBitmap(prepared, strategy.exit);
    const { index } = prepared;
    // Every candle committed: the bitmaps are already per candle.
    if (index.length === n) return { entry: e, exit: x };
    const entry = new Uint8Array(n);
    const exit = new Uint8Array(n);
    for (let k = 0; k < index.length; k++) {
      entry[index[k]!] = e[k]!;
      exit[index[k]!] = x[k]!;
    }
    return { entry, exit };
  }
  const entry = new Uint8Array(n);
  const exit = new Uint8Array(n);
  const rules = new MarketRules(strategy.symbol, strategy.interval);
  const asRule = (condition: Strategy['entry']) =>
    alertRuleSchema.parse({ symbol: strategy.symbol, interval: strategy.interval, condition });
  rules.add('entry', asRule(strategy.entry));
  rules.add('exit', asRule(strategy.exit));
  for (let i = 0; i < Math.min(until, n); i++) {
    const bar = prepared.candles[i]!;
    for (const f of rules.close(bar, bar.time * 1000)) {
      if (f.ruleId === 'entry') entry[i] = 1;
      else exit[i] = 1;
    }
  }
  return { entry, exit };
}

/** Runs `strategy` over `candles` (closed bars, oldest first, one market). Throws on an invalid
 *  strategy with the alert rules' wording. */
export function runBacktest(
  source: readonly ChartBar[] | PreparedBacktest,
  input: Strategy | StrategyInput,
  options: BacktestOptions = {},
): BacktestResult {
  const { onProgress, progressEvery = 10_000, equityOnly = false } = options;
  const strategy = parseStrategy(input);
  const prepared = isPrepared(source) ? source : prepareBacktest(source);
  const candles = prepared.candles;
  const from = Math.max(0, Math.min(options.range?.from ?? 0, candles.length));
  const to = Math.max(from, Math.min(options.range?.to ?? candles.length, candles.length));
  const bitmaps = strategySignals(prepared, strategy, options.signals, to);

  const fee = (notional: number) => (notional * strategy.commissionPct) / 100;
  const trades: Trade[] = [];
  const times: number[] = [];
  const equity: number[] = [];
  const drawdown: number[] = [];
  const inPosition: number[] = [];
  const buyAndHold: number[] = [];
  const signals = { entry: [] as number[], exit: [] as number[] };
  let cash = strategy.initialCapital;
  let commissionPaid = 0;
  let peak = -Infinity;
  let position: Position | null = null;
  let pending: { side: 'buy'; quantity: number } | { side: 'sell' } | null = null;

  const buy = (i: number, reference: number, quantity: number, checkFrom: number) => {
    const price = slip(reference, 'buy', strategy.slippage);
    const perUnit = price * (1 + strategy.commissionPct / 100);
    const qty = Math.min(quantity, cash / perUnit);
    if (!(qty > 0)) return;
    const entryFee = fee(qty * price);
    cash -= qty * price + entryFee;
    commissionPaid += entryFee;
    const { stopLossPct: sl, takeProfitPct: tp } = strategy;
    position = {
      quantity: qty,
      entryPrice: price,
      entryFee,
      entryIndex: i,
      entryTime: candles[i]!.time * 1000,
      checkFrom,
      stop: sl === null ? null : price * (1 - sl / 100),
      target: tp === null ? null : price * (1 + tp / 100),
    };
  };
  const sell = (p: Position, i: number, reference: number, reason: ExitReason) => {
    const price = slip(reference, 'sell', strategy.slippage);
    const exitFee = fee(p.quantity * price);
    cash += p.quantity * price - exitFee;
    commissionPaid += exitFee;
    trades.push(tradeOf(p, candles[i]!.time * 1000, price, exitFee, i, reason));
    position = null;
  };
  const sizeAt = (close: number, eq: number): number => {
    const s = strategy.sizing;
    if (s.mode === 'percentOfEquity') return ((s.percent / 100) * eq) / close;
    if (s.mode === 'quote') return s.amount / close;
    return s.quantity;
  };

  const first = to > from ? candles[from] : undefined;
  const bhQuantity = first
    ? strategy.initialCapital /
      (slip(first.open, 'buy', strategy.slippage) * (1 + strategy.commissionPct / 100))
    : 0;

  for (let i = from; i < to; i++) {
    const bar = candles[i]!;
    // 1. Orders from the previous close fill at this open.
    if (pending) {
      if (pending.side === 'buy') buy(i, bar.open, pending.quantity, i);
      else if (position) sell(position, i, bar.open, 'signal');
      pending = null;
    }
    // 2. Stop and target inside this bar (stop first).
    const p = position as Position | null;
    if (p && i >= p.checkFrom) {
      if (p.stop !== null && bar.open <= p.stop) sell(p, i, bar.open, 'stop');
      else if (p.target !== null && bar.open >= p.target) sell(p, i, bar.open, 'target');
      else if (p.stop !== null && bar.low <= p.stop) sell(p, i, p.stop, 'stop');
      else if (p.target !== null && bar.high >= p.target) sell(p, i, p.target, 'target');
    }
    // 3. Signals at the close.
    const entryFired = bitmaps.entry[i] === 1;
    const exitFired = bitmaps.exit[i] === 1;
    if (entryFired) signals.entry.push(bar.time * 1000);
    if (exitFired) signals.exit.push(bar.time * 1000);
    const held = position as Position | null;
    if (held && exitFired) {
      if (strategy.fill === 'close') sell(held, i, bar.close, 'signal');
      else pending = { side: 'sell' };
    } else if (!held && entryFired) {
      const quantity = sizeAt(bar.close, cash);
      if (strategy.fill === 'close') buy(i, bar.close, quantity, i + 1);
      else pending = { side: 'buy', quantity };
    }
    // 4. Equity and drawdown at the close.
    const now = position as Position | null;
    const eq = cash + (now ? now.quantity * bar.close : 0);
    equity.push(eq);
    if (!equityOnly) {
      peak = Math.max(peak, eq);
      times.push(bar.time * 1000);
      drawdown.push(peak > 0 ? (peak - eq) / peak : 0);
      inPosition.push(now ? 1 : 0);
      buyAndHold.push(bhQuantity * bar.close);
    }
    const done = i + 1 - from;
    if (onProgress && (done % progressEvery === 0 || i === to - 1)) onProgress(done, to - from);
  }

  const last = to > from ? candles[to - 1] : undefined;
  const still = position as Position | null;
  const open =
    still && last ? tradeOf(still, last.time * 1000, last.close, 0, to - 1, 'end') : null;
  return {
    trades,
    open,
    times,
    equity,
    drawdown,
    inPosition,
    buyAndHold,
    signals,
    initialCapital: strategy.initialCapital,
    finalEquity: equity[equity.length - 1] ?? strategy.initialCapital,
    commissionPaid,
  };
}

function tradeOf(
  p: Position,
  exitTime: number,
  exitPrice: number,
  exitFee: number,
  exitIndex: number,
  exitReason: ExitReason,
): Trade {
  const fees = p.entryFee + exitFee;
  const pnl = (exitPrice - p.entryPrice) * p.quantity - fees;
  return {
    entryTime: p.entryTime,
    entryPrice: p.entryPrice,
    exitTime,
    exitPrice,
    quantity: p.quantity,
    fees,
    pnl,
    returnPct: pnl / (p.entryPrice * p.quantity + p.entryFee),
    barsHeld: exitIndex - p.entryIndex,
    exitReason,
  };
}
