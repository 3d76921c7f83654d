// ADX with +DI and −DI as TA-Lib's ADX / PLUS_DI / MINUS_DI (no rounding):
// one-bar +DM = high − prevHigh and −DM = prevLow − low, only the larger one counts and only when
// positive; +DM, −DM and TR are summed over the first period − 1 bars, then Wilder-smoothed as sums
// (s = s − s/period + x); DI = 100·DM/TR; DX = 100·|+DI − −DI| / (+DI + −DI); the first ADX is the
// mean of the first `period` DX, then adx = (adx·(period − 1) + dx) / period (kept when DX is
// undefined). All three outputs start at lookback = 2·period − 1.
import { StreamingIndicator, isZero, trueRange, type Bar } from './types';

export interface AdxParams {
  period: number;
}

export interface AdxOutput {
  adx: number;
  plusDI: number;
  minusDI: number;
}

export class Adx extends StreamingIndicator<AdxOutput> {
  readonly lookback: number;
  private index = 0; // bars committed, capped at lookback + 1
  private prevHigh = 0;
  private prevLow = 0;
  private prevClose = 0;
  private plusDM = 0;
  private minusDM = 0;
  private tr = 0;
  private sumDX = 0;
  private adx = 0;

  constructor(readonly params: AdxParams) {
    super();
    this.lookback = 2 * params.period - 1;
  }

  next(bar: Bar, commit: boolean): AdxOutput | null {
    const p = this.params.period;
    const i = this.index;
    if (i === 0) {
      if (commit) this.commitBar(bar, 0, 0, 0, 0, 0);
      return null;
    }
    const diffP = bar.high - this.prevHigh;
    const diffM = this.prevLow - bar.low;
    const dmP = diffP > 0 && diffP > diffM ? diffP : 0;
    const dmM = diffM > 0 && diffP < diffM ? diffM : 0;
    const trNow = trueRange(bar, this.prevClose);
    if (i < p) {
      if (commit) {
        this.commitBar(bar, this.plusDM + dmP, this.minusDM + dmM, this.tr + trNow, 0, 0);
      }
      return null;
    }
    const plusDM = this.plusDM - this.plusDM / p + dmP;
    const minusDM = this.minusDM - this.minusDM / p + dmM;
    const tr = this.tr - this.tr / p + trNow;
    let plusDI = 0;
    let minusDI = 0;
    let dx: number | null = null;
    if (!isZero(tr)) {
      plusDI = 100 * (plusDM / tr);
      minusDI = 100 * (minusDM / tr);
      const sum = plusDI + minusDI;
      if (!isZero(sum)) dx = 100 * (Math.abs(minusDI - plusDI) / sum);
    }
    let sumDX = this.sumDX;
    let adx = this.adx;
    if (i <= this.lookback) {
      if (dx !== null) sumDX += dx;
      if (i === this.lookback) adx = sumDX / p;
    } else if (dx !== null) {
      adx = (adx * (p - 1) + dx) / p;
    }
    if (commit) this.commitBar(bar, plusDM, minusDM, tr, sumDX, adx);
    return i >= this.lookback ? { adx, plusDI, minusDI } : null;
  }

  private commitBar(
    bar: Bar,
    plusDM: number,
    minusDM: number,
    tr: number,
    sumDX: number,
    adx: number,
  ): void {
    this.prevHigh = bar.high;
    this.prevLow = bar.low;
    this.prevClose = bar.close;
    this.plusDM = plusDM;
    this.minusDM = minusDM;
    this.tr = tr;
    this.sumDX = sumDX;
    this.adx = adx;
    if (this.index <= this.lookback) this.index++;
  }

  reset(): void {
    this.index = 0;
    this.plusDM = this.minusDM = this.tr = this.sumDX = this.adx = 0;
  }
}
