// Every alert rule of one market (symbol + interval), evaluated on that market's bars. Each rule
// is compiled once into a tree of tests over series readers; indicator instances are shared by all
// the rules of the book that name the same indicator and parameters (./indicator-bank).
//
// Evaluation is a pure function of the bars given (no clock but the `now` passed in for expiry),
// so a backtest (not built yet) can run this same class over history and get the live fires.
//
// Warm-up: the book keeps the last max(warmupBars(), MIN_HISTORY) closed bars in a bounded ring.
// A rule added to a book that is already warm gets warm indicators: an indicator no other rule was
// computing is fed that ring (and so are the rule's moving-up/down windows). An indicator with a
// long memory (EMA, Wilder's RSI) warmed this way can differ from one that has run since the book
// started by its seed's residue after settleBars() bars (< 1e-4 relative for RSI 14 after 150 bars).
import type { ChartBar } from '../candle';
import type { Interval } from '../interval';
import { BarHistory } from './bar-history';
import { compileCondition, type CompiledCondition } from './compile';
import { type MovingWindow, type Test } from './conditions';
import { SeriesCache, type EvalContext } from './series';
import { IndicatorBank } from './indicator-bank';
import { alertRuleSchema, describeRuleError, type AlertRule } from './rule';

export interface RuleFire {
  ruleId: string;
  /** ms, open time of the bar it fired on. */
  barOpenTime: number;
  trigger: 'bar-close' | 'intrabar';
  /** The bar's close (or the forming price) when it fired. */
  close: number;
  /** The compared series by readable label, e.g. { 'RSI 14': 29.4, Value: 30 }. */
  values: Record<string, number>;
}

export interface RuleRuntimeState {
  firedOnce?: boolean;
  /** ms, open time of the bar it last fired on. */
  lastFiredBar?: number;
}

/** Closed bars kept at least, so rules added later have history to warm from. */
export const MIN_HISTORY = 200;

interface BookRule {
  id: string;
  compiled: CompiledCondition;
  intrabar: boolean;
  once: boolean;
  /** Once per bar (or bar close): skip a bar it already fired on. */
  perBar: boolean;
  expiresAt: number;
  lastFiredBar: number;
}

/**
 * The rules evaluated at one moment (close or tick), grouped by condition: rules with the same
 * condition on the same series (common: RSI 14 below 30, default parameters) share one evaluation,
 * and the hot loop reads only the distinct test objects, so a bar close over many rules stays
 * within cache.
 */
class RuleList {
  tests: Test[] = [];
  groups: BookRule[][] = [];
  dirty = true;

  rebuild(from: Iterable<BookRule>, keep: (r: BookRule) => boolean): void {
    const byKey = new Map<string, number>();
    this.tests = [];
    this.groups = [];
    for (const r of from) {
      if (!keep(r)) continue;
      const i = byKey.get(r.compiled.key);
      if (i === undefined) {
        byKey.set(r.compiled.key, this.tests.length);
        this.tests.push(r.compiled.root);
        this.groups.push([r]);
      } else this.groups[i]!.push(r);
    }
    this.dirty = false;
  }
}

export class MarketRules {
  private readonly rules = new Map<string, BookRule>();
  private readonly atClose = new RuleList();
  private readonly intrabar = new RuleList();
  /** Moving-by windows of all rules, pushed on every commit; null = rebuild from the rules. */
  private windows: MovingWindow[] | null = [];
  private readonly bank = new IndicatorBank();
  private readonly history = new BarHistory(MIN_HISTORY);
  private readonly ctx: EvalContext = {
    intrabar: false,
    last: null,
    prev: null,
    forming: null,
    previous: null,
    stamp: 0,
  };
  /** The forming bar at the last tick (null after a close): the next tick's previous evaluation. */
  private lastTick: ChartBar | null = null;
  private readonly cache = new SeriesCache(this.ctx);

  constructor(
    readonly symbol: string,
    readonly interval: Interval,
  ) {}

  get size(): number {
    return this.rules.size;
  }

  /** Indicator instances in use (shared ones counted once). */
  get indicatorCount(): number {
    return this.bank.size;
  }

  has(ruleId: string): boolean {
    return this.rules.has(ruleId);
  }

  /**
   * Adds (or replaces) a rule. Throws when the rule is invalid or is for another market, leaving
   * the book unchanged. A `once` rule whose state says it already fired is not added (an existing
   * rule with that id is removed): it can never fire again.
   */
  add(ruleId: string, rule: AlertRule, state: RuleRuntimeState = {}): void {
    const parsed = alertRuleSchema.safeParse(rule);
    if (!parsed.success) throw new Error(`Rule ${ruleId}: ${describeRuleError(parsed.error)}`);
    const valid = parsed.data;
    if (valid.symbol !== this.symbol || valid.interval !== this.interval)
      throw new Error(
        `Rule ${ruleId} is for ${valid.symbol} ${valid.interval}, not ${this.symbol} ${this.interval}`,
      );
    if (valid.frequency === 'once' && state.firedOnce) {
      this.remove(ruleId);
      return;
    }
    // Compiled before the old version is removed, so indicators both use stay warm.
    const compiled = compileCondition(valid.condition, this.bank, this.cache);
    this.remove(ruleId);
    this.history.ensureCapacity(Math.max(MIN_HISTORY, compiled.warmup));
    if (this.history.size > 0) {
      const bars = this.history.toArray();
      for (const slot of compiled.created) slot.warmFrom(bars);
      for (const w of compiled.windows) w.fill(bars);
    }
    const entry: BookRule = {
      id: ruleId,
      compiled,
      intrabar: valid.trigger === 'intrabar' && valid.frequency !== 'once-per-bar-close',
      once: valid.frequency === 'once',
      perBar: valid.frequency !== 'once',
      expiresAt: valid.expiresAt ?? Infinity,
      lastFiredBar: state.lastFiredBar ?? -1,
    };
    this.rules.set(ruleId, entry);
    this.changed(entry);
  }

  remove(ruleId: string): void {
    const entry = this.rules.get(ruleId);
    if (!entry) return;
    this.rules.delete(ruleId);
    for (const slot of entry.compiled.slots) this.bank.release(slot);
    this.changed(entry);
  }

  private changed(entry: BookRule): void {
    this.atClose.dirty = true;
    if (entry.intrabar) this.intrabar.dirty = true;
    if (entry.compiled.windows.length > 0) this.windows = null;
  }

  /** Closed bars needed before evaluation is meaningful: what the caller should pass to warm(). */
  warmupBars(): number {
    let n = this.bank.warmupBars();
    for (const r of this.rules.values()) n = Math.max(n, r.compiled.warmup);
    return Math.max(n, 2);
  }

  /** Commits closed history (oldest first) without evaluating; bars already committed are skipped. */
  warm(bars: readonly ChartBar[]): void {
    for (const bar of bars) this.commit(bar);
  }

  /** Commits a closed bar and evaluates every rule on it. Bars at or before the last one are ignored. */
  close(bar: ChartBar, now: number): RuleFire[] {
    if (!this.commit(bar)) return [];
    this.ctx.intrabar = false;
    if (this.atClose.dirty) this.atClose.rebuild(this.rules.values(), () => true);
    return this.evaluate(this.atClose, bar, 'bar-close', now);
  }

  /** The forming bar: peeks (commits nothing) and evaluates the intrabar rules against the
   *  previous evaluation (this bar's previous tick, or the last closed bar on its first tick).
   *  Ignored before any bar is closed, or for a bar not after the last closed one. Every tick is
   *  remembered, with or without intrabar rules, so a rule added mid-bar compares with the tick
   *  before it too. */
  tick(bar: ChartBar, now: number): RuleFire[] {
    const last = this.ctx.last;
    if (last === null || bar.time <= last.time) return [];
    const previous = this.lastTick?.time === bar.time ? this.lastTick : null;
    this.lastTick = bar;
    // One stamp per tick (see IndicatorSlot.peek): the previous tick is always stamp − 1.
    this.ctx.stamp++;
    if (this.intrabar.dirty) this.intrabar.rebuild(this.rules.values(), (r) => r.intrabar);
    if (this.intrabar.tests.length === 0) return [];
    this.ctx.intrabar = true;
    this.ctx.forming = bar;
    this.ctx.previous = previous;
    try {
      return this.evaluate(this.intrabar, bar, 'intrabar', now);
    } finally {
      this.ctx.intrabar = false;
      this.ctx.forming = null;
      this.ctx.previous = null;
    }
  }

  /** Removes the rules past their expiry and returns their ids. */
  expired(now: number): string[] {
    const ids: string[] = [];
    for (const r of this.rules.values()) if (now > r.expiresAt) ids.push(r.id);
    for (const id of ids) this.remove(id);
    return ids;
  }

  private commit(bar: ChartBar): boolean {
    const last = this.ctx.last;
    if (last !== null && bar.time <= last.time) return false;
    this.bank.commit(bar);
    this.history.push(bar);
    this.ctx.prev = last;
    this.ctx.last = bar;
    this.ctx.intrabar = false;
    this.lastTick = null;
    this.windows ??= [...this.rules.values()].flatMap((r) => r.compiled.windows);
    for (const w of this.windows) w.push();
    return true;
  }

  private evaluate(
    list: RuleList,
    bar: ChartBar,
    trigger: RuleFire['trigger'],
    now: number,
  ): RuleFire[] {
    const barOpenTime = bar.time * 1000;
    const fires: RuleFire[] = [];
    let done: string[] | null = null;
    const tests = list.tests;
    for (let i = 0; i < tests.length; i++) {
      if (!tests[i]!.test()) continue;
      for (const r of list.groups[i]!) {
        if (r.perBar && r.lastFiredBar === barOpenTime) continue;
        if (now > r.expiresAt) continue;
        fires.push({ ruleId: r.id, barOpenTime, trigger, close: bar.close, values: valuesOf(r) });
        r.lastFiredBar = barOpenTime;
        if (r.once) (done ??= []).push(r.id);
      }
    }
    if (done) for (const id of done) this.remove(id);
    return fires;
  }
}

function valuesOf(r: BookRule): Record<string, number> {
  const values: Record<string, number> = {};
  for (const s of r.compiled.labelled) {
    if (s.label in values) continue;
    const v = s.now();
    if (v !== null) values[s.label] = v;
  }
  return values;
}
