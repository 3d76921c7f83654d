// Ichimoku Kinko Hyo with TradingView's defaults (9, 26, 52, displacement 26). TA-Lib has no
// Ichimoku; these are the standard definitions:
//   tenkan = (highest high + lowest low) / 2 over tenkanPeriod bars, kijun likewise over
//   kijunPeriod; leadA = (tenkan + kijun) / 2 and leadB = midpoint over senkouBPeriod, both
//   computed on this bar and drawn displacement − 1 bars AHEAD (as TradingView plots them);
//   senkouA / senkouB = the cloud under THIS bar, i.e. the leads computed displacement − 1 bars
//   ago (what "price above the cloud" compares with); chikou = this close, drawn displacement − 1
//   bars BEHIND. Each field is null until its own inputs are warm; the whole output is null until
//   tenkan is (lookback tenkanPeriod − 1).
// The highest highs and lowest lows come from monotonic deques, one pair per period (amortised
// O(1) per update or peek, exact, so identical to scanning the window).
import { RollingExtreme } from './rolling-extreme';
import { Ring } from './ring';
import { StreamingIndicator, type Bar } from './types';

export interface IchimokuParams {
  tenkanPeriod: number;
  kijunPeriod: number;
  senkouBPeriod: number;
  displacement: number;
}

export interface IchimokuOutput {
  tenkan: number;
  kijun: number | null;
  senkouA: number | null;
  senkouB: number | null;
  leadA: number | null;
  leadB: number | null;
  chikou: number;
}

/** Midpoint of the highest high and lowest low over `period` bars (the current one included). */
class Midpoint {
  private readonly highs: RollingExtreme;
  private readonly lows: RollingExtreme;

  constructor(readonly period: number) {
    this.highs = new RollingExtreme(period - 1, true);
    this.lows = new RollingExtreme(period - 1, false);
  }

  at(bar: Bar): number {
    return (this.highs.withValue(bar.high) + this.lows.withValue(bar.low)) / 2;
  }

  push(bar: Bar): void {
    this.highs.push(bar.high);
    this.lows.push(bar.low);
  }

  clear(): void {
    this.highs.clear();
    this.lows.clear();
  }
}

export class Ichimoku extends StreamingIndicator<IchimokuOutput> {
  readonly lookback: number;
  private readonly tenkan: Midpoint;
  private readonly kijun: Midpoint;
  private readonly senkouB: Midpoint;
  private readonly longest: number;
  readonly leadsA: Ring; // NaN while a lead was not yet defined
  readonly leadsB: Ring;
  private seen = 0; // bars committed, capped at the longest period

  constructor(readonly params: IchimokuParams) {
    super();
    this.tenkan = new Midpoint(params.tenkanPeriod);
    this.kijun = new Midpoint(params.kijunPeriod);
    this.senkouB = new Midpoint(params.senkouBPeriod);
    this.longest = Math.max(params.tenkanPeriod, params.kijunPeriod, params.senkouBPeriod);
    const shift = Math.max(1, params.displacement - 1);
    this.leadsA = new Ring(shift);
    this.leadsB = new Ring(shift);
    this.lookback = params.tenkanPeriod - 1;
  }

  private mid(bar: Bar, m: Midpoint): number | null {
    return this.seen + 1 < m.period ? null : m.at(bar);
  }

  next(bar: Bar, commit: boolean): IchimokuOutput | null {
    const tenkan = this.mid(bar, this.tenkan);
    const kijun = this.mid(bar, this.kijun);
    const leadA = tenkan !== null && kijun !== null ? (tenkan + kijun) / 2 : null;
    const leadB = this.mid(bar, this.senkouB);
    let senkouA: number | null = null;
    let senkouB: number | null = null;
    if (this.params.displacement <= 1) {
      senkouA = leadA;
      senkouB = leadB;
    } else if (this.leadsA.full) {
      senkouA = nullIfNaN(this.leadsA.at(0));
      senkouB = nullIfNaN(this.leadsB.at(0));
    }
    if (commit) {
      this.tenkan.push(bar);
      this.kijun.push(bar);
      this.senkouB.push(bar);
      this.leadsA.push(leadA ?? Number.NaN);
      this.leadsB.push(leadB ?? Number.NaN);
      if (this.seen < this.longest) this.seen++;
    }
    if (tenkan === null) return null;
    return { tenkan, kijun, senkouA, senkouB, leadA, leadB, chikou: bar.close };
  }

  reset(): void {
    this.tenkan.clear();
    this.kijun.clear();
    this.senkouB.clear();
    this.leadsA.clear();
    this.leadsB.clear();
    this.seen = 0;
  }
}

function nullIfNaN(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}
