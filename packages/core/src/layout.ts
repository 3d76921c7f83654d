// A chart layout's `state`: everything needed to rebuild the chart a trader saved (symbol,
// interval, chart type, price scale, theme, indicator instances, pane sizes). It is stored as JSON
// (ChartLayout.state) and checked with this schema on every write, so the UI can trust what it
// reads back. `schemaVersion` lets a later shape upgrade old rows instead of rejecting them.
import { z } from 'zod';
import { symbolSchema } from './candle';
import { INDICATORS, indicatorIdSchema } from './indicators/catalog';
import { intervalSchema } from './interval';

export const LAYOUT_SCHEMA_VERSION = 1;
export const MAX_LAYOUT_INDICATORS = 30;
/** The price pane plus one pane per indicator at most. */
export const MAX_LAYOUT_PANES = MAX_LAYOUT_INDICATORS + 1;
export const MAX_LAYOUT_NAME_LENGTH = 80;

/** What a user types as a layout's name (trimmed, 1–80 characters). */
export const layoutNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the layout a name')
  .max(MAX_LAYOUT_NAME_LENGTH, `A layout name is at most ${MAX_LAYOUT_NAME_LENGTH} characters`);

export const CHART_TYPES = [
  'candles',
  'hollow-candles',
  'bars',
  'line',
  'area',
  'baseline',
] as const;
export type ChartType = (typeof CHART_TYPES)[number];

/** normal = linear; log = logarithmic; percent = change from the first visible bar. */
export const PRICE_SCALE_MODES = ['normal', 'log', 'percent'] as const;
export type PriceScaleMode = (typeof PRICE_SCALE_MODES)[number];

export const THEMES = ['dark', 'light'] as const;
export type Theme = (typeof THEMES)[number];

export const colourSchema = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/, 'a colour as #rrggbb or #rrggbbaa');

// Keys of params/colours: identifiers such as `period`, `stdDev`, `upper`, `signal-line`.
const keySchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/, 'a short identifier');

/**
 * The shape of a parameter value (number, string, boolean). The exact rules for each indicator's
 * parameters come from the indicator catalogue, checked in layoutStateSchema below.
 */
export const indicatorParamValueSchema = z.union([
  z.number().finite(),
  z.string().max(MAX_LAYOUT_NAME_LENGTH),
  z.boolean(),
]);

export const layoutIndicatorSchema = z.strictObject({
  /** The catalogue id of the indicator (`rsi`, `bb`, …: see indicators/catalog). */
  id: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,39}$/, 'an indicator id such as rsi'),
  /** Distinguishes several instances of one indicator (EMA 20 and EMA 200). */
  instanceId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, - and _ (1–40)'),
  /** An optional label the user gave this instance. */
  name: z.string().trim().min(1).max(MAX_LAYOUT_NAME_LENGTH).optional(),
  params: z
    .record(keySchema, indicatorParamValueSchema)
    .refine((p) => Object.keys(p).length <= 32, 'at most 32 parameters'),
  /** Colour per plotted line, keyed by the line's id in the catalogue (`line`, `upper`, …). */
  colors: z
    .record(keySchema, colourSchema)
    .refine((c) => Object.keys(c).length <= 16, 'at most 16 colours'),
  visible: z.boolean(),
  /** 0 = the price pane (overlays); n ≥ 1 = the n-th pane below it. */
  pane: z
    .number()
    .int()
    .min(0)
    .max(MAX_LAYOUT_PANES - 1),
});
export type LayoutIndicator = z.infer<typeof layoutIndicatorSchema>;

/** Indicator instances of one chart (at most MAX_LAYOUT_INDICATORS). */
const indicatorsSchema = z
  .array(layoutIndicatorSchema)
  .max(MAX_LAYOUT_INDICATORS, `at most ${MAX_LAYOUT_INDICATORS} indicators`);

/**
 * Relative height of each pane, index = pane number (0 = price). Relative rather than pixels so a
 * layout saved on a laptop fits a phone (lightweight-charts' pane stretch factors).
 */
const paneHeightsSchema = z
  .array(z.number().finite().positive('a pane height must be positive'))
  .min(1, 'the price pane needs a height')
  .max(MAX_LAYOUT_PANES);

/**
 * How the layout splits the screen: one chart, two side by side (2h) or stacked (2v), three (one
 * large on the left, two stacked on the right) or four in a 2×2 grid.
 */
export const LAYOUT_GRIDS = ['1', '2h', '2v', '3', '4'] as const;
export type LayoutGrid = (typeof LAYOUT_GRIDS)[number];
export const GRID_CHART_COUNT: Record<LayoutGrid, number> = { 1: 1, '2h': 2, '2v': 2, 3: 3, 4: 4 };
export const MAX_LAYOUT_CHARTS = 4;

/** One chart of a layout: its market, how it is drawn and its indicators. */
export const chartSettingsSchema = z.strictObject({
  symbol: symbolSchema,
  interval: intervalSchema,
  chartType: z.enum(CHART_TYPES),
  priceScale: z.enum(PRICE_SCALE_MODES),
  indicators: indicatorsSchema,
  paneHeights: paneHeightsSchema,
});
export type ChartSettings = z.infer<typeof chartSettingsSchema>;

/** What a multi-chart layout keeps in step across its charts (TradingView's sync options). */
export const chartSyncSchema = z.strictObject({
  symbol: z.boolean(),
  interval: z.boolean(),
  crosshair: z.boolean(),
  time: z.boolean(),
});
export type ChartSync = z.infer<typeof chartSyncSchema>;
/** A new multi-chart layout: crosshairs follow each other (as on TradingView), markets do not. */
export const DEFAULT_SYNC: ChartSync = {
  symbol: false,
  interval: false,
  crosshair: true,
  time: false,
};

/**
 * The first chart's settings sit at the top level (the shape of every layout saved before layouts
 * had several charts, so those rows read unchanged); `charts` holds the second to fourth charts,
 * `grid` how many are shown, `active` the one the toolbar and dialogs act on. Charts beyond the
 * grid's count are kept (switching back to four charts brings them back).
 */
export const layoutStateSchema = z
  .strictObject({
    schemaVersion: z.literal(LAYOUT_SCHEMA_VERSION),
    ...chartSettingsSchema.shape,
    theme: z.enum(THEMES),
    grid: z.enum(LAYOUT_GRIDS).optional(),
    charts: z
      .array(chartSettingsSchema)
      .max(MAX_LAYOUT_CHARTS - 1, `at most ${MAX_LAYOUT_CHARTS} charts`)
      .optional(),
    active: z
      .number()
      .int()
      .min(0)
      .max(MAX_LAYOUT_CHARTS - 1)
      .optional(),
    sync: chartSyncSchema.optional(),
  })
  .superRefine((state, ctx) => {
    checkChart(state, [], ctx);
    state.charts?.forEach((chart, i) => checkChart(chart, ['charts', i], ctx));
    const count = GRID_CHART_COUNT[state.grid ?? '1'];
    if ((state.charts?.length ?? 0) < count - 1)
      ctx.addIssue({
        code: 'custom',
        path: ['charts'],
        message: `a ${state.grid ?? '1'} grid needs ${count} charts`,
      });
    if ((state.active ?? 0) >= count)
      ctx.addIssue({
        code: 'custom',
        path: ['active'],
        message: `the active chart must be one of the ${count} shown`,
      });
  });

/** Instance ids unique, indicators known with valid params, every pane with a height. */
function checkChart(chart: ChartSettings, at: (string | number)[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  chart.indicators.forEach((indicator, i) => {
    if (seen.has(indicator.instanceId))
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'indicators', i, 'instanceId'],
        message: `duplicate instance id ${indicator.instanceId}`,
      });
    seen.add(indicator.instanceId);
    checkAgainstCatalog(indicator, [...at, 'indicators', i], ctx);
    if (indicator.pane >= chart.paneHeights.length)
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'indicators', i, 'pane'],
        message: `pane ${indicator.pane} has no height in paneHeights`,
      });
  });
}

export type LayoutState = z.infer<typeof layoutStateSchema>;

/**
 * The id must name a catalogue indicator and the params must satisfy its parameter schema
 * (missing params take the catalogue's defaults when the chart builds the indicator; they are
 * stored as sent).
 */
function checkAgainstCatalog(
  indicator: LayoutIndicator,
  at: (string | number)[],
  ctx: z.RefinementCtx,
): void {
  const id = indicatorIdSchema.safeParse(indicator.id);
  if (!id.success) {
    ctx.addIssue({
      code: 'custom',
      path: [...at, 'id'],
      message: `unknown indicator ${indicator.id}`,
    });
    return;
  }
  const params = (INDICATORS[id.data].params as z.ZodType).safeParse(indicator.params);
  if (params.success) return;
  for (const issue of params.error.issues)
    ctx.addIssue({
      code: 'custom',
      path: [...at, 'params', ...issue.path],
      message: issue.message,
    });
}

/** A fresh state for a user without layouts: BTCUSDT 1h candles, dark, no indicators. */
export function defaultLayoutState(): LayoutState {
  return {
    schemaVersion: LAYOUT_SCHEMA_VERSION,
    symbol: 'BTCUSDT',
    interval: '1h',
    chartType: 'candles',
    priceScale: 'normal',
    theme: 'dark',
    indicators: [],
    paneHeights: [1],
  };
}

/** "indicators.2.pane: pane 3 has no height in paneHeights; theme: …" — for error messages. */
export function describeLayoutStateError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(state)'}: ${issue.message}`)
    .join('; ');
}
