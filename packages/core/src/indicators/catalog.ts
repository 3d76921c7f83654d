// The indicator catalogue: what the chart's picker lists and what alert rules may name. Each entry
// carries a zod schema for its parameters (so period 0 is refused with a message that says what to
// fix), its outputs, where it is drawn and its reference lines. `createIndicator` is the one way to
// build an instance from untrusted (id, params).
import { z } from 'zod';
import { Adx } from './adx';
import { Atr } from './atr';
import { Bollinger } from './bollinger';
import { Cci } from './cci';
import { Ema } from './ema';
import { Ichimoku } from './ichimoku';
import { Keltner } from './keltner';
import { Macd } from './macd';
import { Mfi } from './mfi';
import { Obv } from './obv';
import { CandlePatterns } from './patterns';
import { Psar } from './psar';
import { Rsi } from './rsi';
import { Sma } from './sma';
import { Stochastic } from './stochastic';
import { StochRsi } from './stoch-rsi';
import { PRICE_SOURCES, type Indicator } from './types';
import { Vwap } from './vwap';
import { WilliamsR } from './williams-r';
import { Wma } from './wma';

const period = (name: string, dflt: number, min = 1, max = 1000) =>
  z
    .number({ error: `${name} must be a number` })
    .int({ error: `${name} must be a whole number of bars` })
    .min(min, { error: `${name} must be at least ${min}` })
    .max(max, { error: `${name} must be at most ${max}` })
    .default(dflt)
    .meta({ title: name });
const factor = (name: string, dflt: number, min: number, max: number) =>
  z
    .number({ error: `${name} must be a number` })
    .min(min, { error: `${name} must be at least ${min}` })
    .max(max, { error: `${name} must be at most ${max}` })
    .default(dflt)
    .meta({ title: name });
const source = z.enum(PRICE_SOURCES).default('close').meta({ title: 'Source' });
const show = (name: string) => z.boolean().default(true).meta({ title: name });

/** overlay: lines on the price pane; pane: a pane of its own; markers: marks on the candles. */
export type Placement = 'overlay' | 'pane' | 'markers';

export interface CatalogEntry<S extends z.ZodType = z.ZodType> {
  id: string;
  name: string;
  description: string;
  placement: Placement;
  params: S;
  /** Output names in order; single-output indicators have one output, `value`. */
  outputs: readonly string[];
  /** Default colour per output. */
  colors: Readonly<Record<string, string>>;
  referenceLines: readonly number[];
  /** Fixed range of the pane's scale, when the indicator has one. */
  range?: readonly [number, number];
  create(params: z.output<S>): Indicator<unknown>;
}

function entry<S extends z.ZodType>(e: CatalogEntry<S>): CatalogEntry<S> {
  return e;
}

const band = { upper: '#2962ff', middle: '#ff6d00', lower: '#2962ff' };

export const INDICATORS = {
  sma: entry({
    id: 'sma',
    name: 'Simple Moving Average',
    description: 'Mean of the last N prices.',
    placement: 'overlay',
    params: z.object({ period: period('Period', 20), source }),
    outputs: ['value'],
    colors: { value: '#2962ff' },
    referenceLines: [],
    create: (p) => new Sma(p),
  }),
  ema: entry({
    id: 'ema',
    name: 'Exponential Moving Average',
    description: 'Moving average weighting recent prices more (TA-Lib: seeded with an SMA).',
    placement: 'overlay',
    params: z.object({ period: period('Period', 20), source }),
    outputs: ['value'],
    colors: { value: '#ff6d00' },
    referenceLines: [],
    create: (p) => new Ema(p),
  }),
  wma: entry({
    id: 'wma',
    name: 'Weighted Moving Average',
    description: 'Linearly weighted moving average, newest price heaviest.',
    placement: 'overlay',
    params: z.object({ period: period('Period', 20), source }),
    outputs: ['value'],
    colors: { value: '#ab47bc' },
    referenceLines: [],
    create: (p) => new Wma(p),
  }),
  vwap: entry({
    id: 'vwap',
    name: 'VWAP',
    description: 'Volume-weighted average price since 00:00 UTC, restarting each day.',
    placement: 'overlay',
    params: z.object({ source: z.enum(PRICE_SOURCES).default('hlc3').meta({ title: 'Source' }) }),
    outputs: ['value'],
    colors: { value: '#2196f3' },
    referenceLines: [],
    create: (p) => new Vwap(p),
  }),
  bb: entry({
    id: 'bb',
    name: 'Bollinger Bands',
    description: 'SMA ± k population standard deviations.',
    placement: 'overlay',
    params: z.object({
      period: period('Period', 20, 2),
      stdDev: factor('Standard deviations', 2, 0.001, 50),
      source,
    }),
    outputs: ['upper', 'middle', 'lower'],
    colors: band,
    referenceLines: [],
    create: (p) => new Bollinger(p),
  }),
  keltner: entry({
    id: 'keltner',
    name: 'Keltner Channels',
    description: 'EMA of the close ± multiplier × ATR (TradingView default variant).',
    placement: 'overlay',
    params: z.object({
      period: period('EMA period', 20),
      atrPeriod: period('ATR period', 10),
      multiplier: factor('Multiplier', 2, 0.001, 50),
    }),
    outputs: ['upper', 'middle', 'lower'],
    colors: band,
    referenceLines: [],
    create: (p) => new Keltner(p),
  }),
  ichimoku: entry({
    id: 'ichimoku',
    name: 'Ichimoku Cloud',
    description: 'Tenkan, kijun, the cloud (senkou A/B, drawn ahead) and chikou (drawn behind).',
    placement: 'overlay',
    params: z.object({
      tenkanPeriod: period('Tenkan period', 9),
      kijunPeriod: period('Kijun period', 26),
      senkouBPeriod: period('Senkou B period', 52),
      displacement: period('Displacement', 26),
    }),
    outputs: ['tenkan', 'kijun', 'senkouA', 'senkouB', 'leadA', 'leadB', 'chikou'],
    colors: {
      tenkan: '#2962ff',
      kijun: '#b71c1c',
      senkouA: '#43a047',
      senkouB: '#ff5252',
      leadA: '#43a047',
      leadB: '#ff5252',
      chikou: '#43a047',
    },
    referenceLines: [],
    create: (p) => new Ichimoku(p),
  }),
  psar: entry({
    id: 'psar',
    name: 'Parabolic SAR',
    description: "Wilder's stop and reverse (TA-Lib SAR).",
    placement: 'overlay',
    params: z.object({
      acceleration: factor('Acceleration', 0.02, 0.0001, 1),
      maximum: factor('Maximum', 0.2, 0.0001, 1),
    }),
    outputs: ['value'],
    colors: { value: '#26a69a' },
    referenceLines: [],
    create: (p) => new Psar(p),
  }),
  rsi: entry({
    id: 'rsi',
    name: 'Relative Strength Index',
    description: "Wilder's RSI (TA-Lib), 0–100.",
    placement: 'pane',
    params: z.object({ period: period('Period', 14), source }),
    outputs: ['value'],
    colors: { value: '#7e57c2' },
    referenceLines: [30, 70],
    range: [0, 100],
    create: (p) => new Rsi(p),
  }),
  macd: entry({
    id: 'macd',
    name: 'MACD',
    description: 'Fast EMA − slow EMA, its signal EMA and the histogram (TA-Lib seeding).',
    placement: 'pane',
    params: z
      .object({
        fast: period('Fast period', 12),
        slow: period('Slow period', 26, 2),
        signal: period('Signal period', 9),
        source,
      })
      .refine((p) => p.fast < p.slow, {
        error: 'Fast period must be shorter than the slow period',
        path: ['fast'],
      }),
    outputs: ['macd', 'signal', 'histogram'],
    colors: { macd: '#2962ff', signal: '#ff6d00', histogram: '#26a69a' },
    referenceLines: [0],
    create: (p) => new Macd(p),
  }),
  stoch: entry({
    id: 'stoch',
    name: 'Stochastic',
    description: 'Slow %K and %D (TA-Lib STOCH, SMA smoothing), 0–100.',
    placement: 'pane',
    params: z.object({
      kPeriod: period('%K period', 14),
      kSmoothing: period('%K smoothing', 3),
      dPeriod: period('%D period', 3),
    }),
    outputs: ['k', 'd'],
    colors: { k: '#2962ff', d: '#ff6d00' },
    referenceLines: [20, 80],
    range: [0, 100],
    create: (p) => new Stochastic(p),
  }),
  stochrsi: entry({
    id: 'stochrsi',
    name: 'Stochastic RSI',
    description: 'Stochastic of RSI; %K smoothing 1 equals TA-Lib STOCHRSI.',
    placement: 'pane',
    params: z.object({
      rsiPeriod: period('RSI period', 14),
      stochPeriod: period('Stochastic period', 14),
      kSmoothing: period('%K smoothing', 3),
      dSmoothing: period('%D smoothing', 3),
      source,
    }),
    outputs: ['k', 'd'],
    colors: { k: '#2962ff', d: '#ff6d00' },
    referenceLines: [20, 80],
    range: [0, 100],
    create: (p) => new StochRsi(p),
  }),
  atr: entry({
    id: 'atr',
    name: 'Average True Range',
    description: "Wilder's average true range (TA-Lib ATR).",
    placement: 'pane',
    params: z.object({ period: period('Period', 14) }),
    outputs: ['value'],
    colors: { value: '#b71c1c' },
    referenceLines: [],
    create: (p) => new Atr(p),
  }),
  adx: entry({
    id: 'adx',
    name: 'ADX / DMI',
    description: 'Average directional index with +DI and −DI (TA-Lib).',
    placement: 'pane',
    params: z.object({ period: period('Period', 14, 2) }),
    outputs: ['adx', 'plusDI', 'minusDI'],
    colors: { adx: '#ff6d00', plusDI: '#26a69a', minusDI: '#ef5350' },
    referenceLines: [20, 25],
    create: (p) => new Adx(p),
  }),
  cci: entry({
    id: 'cci',
    name: 'Commodity Channel Index',
    description: 'Typical price vs its SMA in units of mean deviation (TA-Lib CCI).',
    placement: 'pane',
    params: z.object({ period: period('Period', 20, 2) }),
    outputs: ['value'],
    colors: { value: '#2962ff' },
    referenceLines: [-100, 100],
    create: (p) => new Cci(p),
  }),
  obv: entry({
    id: 'obv',
    name: 'On-Balance Volume',
    description: 'Running total of volume signed by the close’s direction.',
    placement: 'pane',
    params: z.object({}),
    outputs: ['value'],
    colors: { value: '#2962ff' },
    referenceLines: [],
    create: () => new Obv(),
  }),
  mfi: entry({
    id: 'mfi',
    name: 'Money Flow Index',
    description: 'Volume-weighted RSI of the typical price (TA-Lib MFI), 0–100.',
    placement: 'pane',
    params: z.object({ period: period('Period', 14) }),
    outputs: ['value'],
    colors: { value: '#7e57c2' },
    referenceLines: [20, 80],
    range: [0, 100],
    create: (p) => new Mfi(p),
  }),
  patterns: entry({
    id: 'patterns',
    name: 'Candlestick patterns',
    description: 'Engulfing, hammer, doji, morning/evening star and more, marked on the candles.',
    placement: 'markers',
    params: z.object({
      bullish: show('Bullish patterns'),
      bearish: show('Bearish patterns'),
      neutral: show('Neutral patterns'),
    }),
    outputs: ['bullish', 'bearish', 'neutral'],
    colors: { bullish: '#26a69a', bearish: '#ef5350', neutral: '#b2b5be' },
    referenceLines: [],
    create: (p) => new CandlePatterns(p),
  }),
  willr: entry({
    id: 'willr',
    name: 'Williams %R',
    description: 'Close within the highest-high/lowest-low range, −100 to 0 (TA-Lib WILLR).',
    placement: 'pane',
    params: z.object({ period: period('Period', 14) }),
    outputs: ['value'],
    colors: { value: '#7e57c2' },
    referenceLines: [-80, -20],
    range: [-100, 0],
    create: (p) => new WilliamsR(p),
  }),
} as const;

export type IndicatorId = keyof typeof INDICATORS;
export const INDICATOR_IDS = Object.keys(INDICATORS) as IndicatorId[];
export const indicatorIdSchema = z.enum(INDICATOR_IDS as [IndicatorId, ...IndicatorId[]], {
  error: (issue) => `Unknown indicator "${String(issue.input)}"`,
});
export type IndicatorParams<I extends IndicatorId> = z.output<(typeof INDICATORS)[I]['params']>;

/** Validates `params` (defaults filled in) or throws a ZodError that says what to fix. */
export function parseIndicatorParams<I extends IndicatorId>(
  id: I,
  params: unknown = {},
): IndicatorParams<I> {
  return (INDICATORS[indicatorIdSchema.parse(id)].params as z.ZodType).parse(
    params ?? {},
  ) as IndicatorParams<I>;
}

export function createIndicator(id: string, params: unknown = {}): Indicator<unknown> {
  const key = indicatorIdSchema.parse(id);
  const e = INDICATORS[key] as CatalogEntry;
  return e.create(e.params.parse(params ?? {}));
}

/** One output of an indicator value by name: `value` for single-output indicators. */
export function outputOf(value: unknown, output: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return output === 'value' ? value : null;
  const v = (value as Record<string, unknown>)[output];
  return typeof v === 'number' ? v : null;
}
