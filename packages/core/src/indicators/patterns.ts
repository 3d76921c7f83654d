// Candlestick patterns, detected by technicalindicators' pattern functions (pure JS, a runtime
// dependency of core for this module only). Each pattern function answers "does the window that
// ends on the last bar form the pattern?"; we slide a window of the pattern's own length over the
// bars and report the bar that completes it.
import {
  bearishengulfingpattern,
  bullishinvertedhammerstick,
  bullishengulfingpattern,
  darkcloudcover,
  dragonflydoji,
  eveningstar,
  gravestonedoji,
  hammerpattern,
  hangingman,
  morningstar,
  piercingline,
  shootingstar,
  threeblackcrows,
  threewhitesoldiers,
} from 'technicalindicators';
import { StreamingIndicator, type Bar } from './types';

export type PatternDirection = 'bullish' | 'bearish' | 'neutral';

interface StockWindow {
  open: number[];
  high: number[];
  low: number[];
  close: number[];
}

interface PatternDef {
  id: string;
  name: string;
  direction: PatternDirection;
  /** Bars the detector looks at (its requiredCount in technicalindicators). */
  bars: number;
  detect(data: StockWindow): boolean;
}

/**
 * technicalindicators' doji calls open ≈ close when they differ by ≤ 0.1 % of the price: ~110 USD
 * on BTC, wider than most 1m bodies, so it marked 1,741 of 2,000 real 1m bars. This one follows
 * TA-Lib's idea instead (CDLDOJI: body ≤ 10 % of the range), with the bar's own range.
 */
function doji(data: StockWindow): boolean {
  const i = data.close.length - 1;
  const range = data.high[i]! - data.low[i]!;
  return range > 0 && Math.abs(data.close[i]! - data.open[i]!) <= 0.1 * range;
}

export const PATTERNS: readonly PatternDef[] = [
  {
    id: 'bullish-engulfing',
    name: 'Bullish engulfing',
    direction: 'bullish',
    bars: 2,
    detect: bullishengulfingpattern,
  },
  {
    id: 'bearish-engulfing',
    name: 'Bearish engulfing',
    direction: 'bearish',
    bars: 2,
    detect: bearishengulfingpattern,
  },
  { id: 'hammer', name: 'Hammer', direction: 'bullish', bars: 5, detect: hammerpattern },
  {
    id: 'inverted-hammer',
    name: 'Inverted hammer',
    direction: 'bullish',
    bars: 1,
    detect: bullishinvertedhammerstick,
  },
  { id: 'hanging-man', name: 'Hanging man', direction: 'bearish', bars: 5, detect: hangingman },
  {
    id: 'shooting-star',
    name: 'Shooting star',
    direction: 'bearish',
    bars: 5,
    detect: shootingstar,
  },
  { id: 'doji', name: 'Doji', direction: 'neutral', bars: 1, detect: doji },
  {
    id: 'dragonfly-doji',
    name: 'Dragonfly doji',
    direction: 'bullish',
    bars: 1,
    detect: dragonflydoji,
  },
  {
    id: 'gravestone-doji',
    name: 'Gravestone doji',
    direction: 'bearish',
    bars: 1,
    detect: gravestonedoji,
  },
  { id: 'morning-star', name: 'Morning star', direction: 'bullish', bars: 3, detect: morningstar },
  { id: 'evening-star', name: 'Evening star', direction: 'bearish', bars: 3, detect: eveningstar },
  {
    id: 'piercing-line',
    name: 'Piercing line',
    direction: 'bullish',
    bars: 2,
    detect: piercingline,
  },
  {
    id: 'dark-cloud-cover',
    name: 'Dark cloud cover',
    direction: 'bearish',
    bars: 2,
    detect: darkcloudcover,
  },
  {
    id: 'three-white-soldiers',
    name: 'Three white soldiers',
    direction: 'bullish',
    bars: 3,
    detect: threewhitesoldiers,
  },
  {
    id: 'three-black-crows',
    name: 'Three black crows',
    direction: 'bearish',
    bars: 3,
    detect: threeblackcrows,
  },
];

export interface PatternHit {
  /** Time of the bar that completes the pattern (same unit as the bars given). */
  time: number;
  pattern: string;
  direction: PatternDirection;
}

/** A pattern completed by one bar (the bar is implied: it is the bar the output belongs to). */
export interface PatternMatch {
  pattern: string;
  name: string;
  direction: PatternDirection;
}

export interface CandlePatternsParams {
  bullish: boolean;
  bearish: boolean;
  neutral: boolean;
  /** Pattern ids to look for; all of PATTERNS when omitted. */
  only?: readonly string[];
}

const LONGEST = Math.max(...PATTERNS.map((p) => p.bars));

/**
 * The patterns completed by each bar, as an incremental indicator like the others: `update`
 * commits a closed bar, `peek` asks about the forming one, and only the last few bars are kept.
 * The output is null for a bar that completes no pattern.
 */
export class CandlePatterns extends StreamingIndicator<PatternMatch[]> {
  readonly lookback = 0;
  private readonly defs: readonly PatternDef[];
  private recent: Bar[] = [];

  constructor(params: CandlePatternsParams) {
    super();
    this.defs = PATTERNS.filter(
      (p) => params[p.direction] && (params.only === undefined || params.only.includes(p.id)),
    );
  }

  next(bar: Bar, commit: boolean): PatternMatch[] | null {
    const window = [...this.recent, bar];
    let found: PatternMatch[] | null = null;
    for (const def of this.defs) {
      if (window.length < def.bars) continue;
      const w: StockWindow = { open: [], high: [], low: [], close: [] };
      for (let i = window.length - def.bars; i < window.length; i++) {
        const b = window[i]!;
        w.open.push(b.open);
        w.high.push(b.high);
        w.low.push(b.low);
        w.close.push(b.close);
      }
      if (def.detect(w))
        (found ??= []).push({ pattern: def.id, name: def.name, direction: def.direction });
    }
    if (commit) {
      // The longest pattern looks at LONGEST bars: the LONGEST − 1 before a new one are enough.
      if (window.length > LONGEST - 1) window.shift();
      this.recent = window;
    }
    return found;
  }

  reset(): void {
    this.recent = [];
  }
}

/** Every pattern completed by a bar of `bars` (oldest first), in bar order. */
export function detectPatterns(
  bars: readonly Bar[],
  only: readonly string[] = PATTERNS.map((p) => p.id),
): PatternHit[] {
  const detector = new CandlePatterns({ bullish: true, bearish: true, neutral: true, only });
  const hits: PatternHit[] = [];
  detector.compute(bars).forEach((matches, i) => {
    for (const m of matches ?? [])
      hits.push({ time: bars[i]!.time, pattern: m.pattern, direction: m.direction });
  });
  return hits;
}
