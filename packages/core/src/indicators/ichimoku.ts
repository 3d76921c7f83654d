// Ichimoku Kinko Hyo with TradingView's defaults (9, 26, 52, displacement 26). TA-Lib has no
// Ichimoku; these are the standard definitions:
//   tenkan = (highest high + lowest low) / 2 over tenkanPeriod bars, kijun likewise over
//   kijunPeriod; leadA = (tenkan + kijun) / 2 and leadB = midpoint over senkouBPeriod, both
//   computed on this bar and drawn displacement − 1 bars AHEAD (as TradingView plots them);
//   senkouA / senkouB = the cloud under THIS bar, i.e. the leads computed displacement − 1 bars
//   ago (what "price above the cloud" compares with); chikou = this close, drawn displacement − 1
//   bars BEHIND. Each field is null until its own inputs are warm; the whole output is null until
//   tenkan is (lookback tenkanPeriod − 1).
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

export class Ichimoku extends StreamingIndicator<IchimokuOutput> {
  readonly lookback: number;
  readonly highs: Ring;
  readonly lows: Ring;
  readonly leadsA: Ring; // NaN while a lead was not yet defined
  readonly leadsB: Ring;
  private seen = 0; // bars committed, capped at the longest period

  constructor(readonly params: IchimokuParams) {
    super();
    const longest = Math.max(params.tenkanPeriod, params.kijunPeriod, params.senkouBPeriod);
    this.highs = new Ring(longest);
    this.lows = new Ring(longest);
    const shift = Math.max(1, params.displacement - 1);
    this.leadsA = new Ring(shift);
    this.leadsB = new Ring(shift);
    this.lookback = params.tenkanPeriod - 1;
  }

  private mid(bar: Bar, period: number): number | null {
    if (this.seen + 1 < period) return null;
    return (this.highs.maxWith(bar.high, period) + this.lows.minWith(bar.low, period)) / 2;
  }

  next(bar: Bar, commit: boolean): IchimokuOutput | null {
    const { tenkanPeriod, kijunPeriod, senkouBPeriod, displacement } = this.params;
    const tenkan = this.mid(bar, tenkanPeriod);
    const kijun = this.mid(bar, kijunPeriod);
    const leadA = tenkan !== null && kijun !== null ? (tenkan + kijun) / 2 : null;
    const leadB = this.mid(bar, senkouBPeriod);
    let senkouA: number | null = null;
    let senkouB: number | null = null;
    if (displacement <= 1) {
      senkouA = leadA;
      senkouB = leadB;
    } else if (this.leadsA.full) {
      senkouA = nullIfNaN(this.leadsA.at(0));
      senkouB = nullIfNaN(this.leadsB.at(0));
    }
    if (commit) {
      this.highs.push(bar.high);
      this.lows.push(bar.low);
      this.leadsA.push(leadA ?? Number.NaN);
      this.leadsB.push(leadB ?? Number.NaN);
      if (this.seen < this.highs.capacity) this.seen++;
    }
    if (tenkan === null) return null;
    return { tenkan, kijun, senkouA, senkouB, leadA, leadB, chikou: bar.close };
  }

  reset(): void {
    this.highs.clear();
    this.lows.clear();
    this.leadsA.clear();
    this.leadsB.clear();
    this.seen = 0;
  }
}

function nullIfNaN(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}
