// Every edit the chart workspace makes to a layout, as pure functions: each takes a LayoutState and
// returns a new one that still passes layoutStateSchema (panes contiguous, every pane with a
// height, instance ids unique, params valid for their indicator). Keeping them here, not in React
// components, means the chart, the autosave and the tests all agree on what an edit does.
import { z } from 'zod';
import { symbolSchema } from './candle';
import { INDICATORS, indicatorIdSchema, type CatalogEntry } from './indicators/catalog';
import { defaultParams, indicatorLabel } from './indicators/param-fields';
import { intervalSchema } from './interval';
import {
  CHART_TYPES,
  MAX_LAYOUT_INDICATORS,
  MAX_LAYOUT_NAME_LENGTH,
  MAX_LAYOUT_PANES,
  PRICE_SCALE_MODES,
  THEMES,
  colourSchema,
  type ChartType,
  type LayoutIndicator,
  type LayoutState,
  type PriceScaleMode,
  type Theme,
} from './layout';

type ParamValue = number | string | boolean;
export type IndicatorParamValues = Record<string, ParamValue>;

/**
 * A new oscillator pane's height relative to the price pane: TradingView gives each oscillator
 * about a quarter of the price pane, so the price keeps most of the room.
 */
export const NEW_PANE_SHARE = 0.25;
const round = (n: number) => Math.round(n * 10_000) / 10_000;

/** No pane may be squeezed below this share of the chart's height (it would become unusable). */
export const MIN_PANE_SHARE = 0.02;

function catalogEntry(id: string): CatalogEntry {
  const key = indicatorIdSchema.safeParse(id);
  if (!key.success) throw new Error(`Unknown indicator "${id}"`);
  return INDICATORS[key.data];
}

/** The catalogue's colour for every output of an indicator. */
export function defaultColors(id: string): Record<string, string> {
  return { ...catalogEntry(id).colors };
}

/** The instance, or a clear error when the layout has no such instance. */
export function getIndicator(state: LayoutState, instanceId: string): LayoutIndicator {
  const found = state.indicators.find((i) => i.instanceId === instanceId);
  if (!found) throw new Error(`This layout has no indicator ${instanceId}`);
  return found;
}

/** What the chart shows for an instance: the user's name, else a label such as "RSI 14". */
export function indicatorTitle(indicator: LayoutIndicator): string {
  return indicator.name ?? indicatorLabel(indicator.id, indicator.params);
}

/** Validates params against the indicator's schema (defaults filled in) or throws its ZodError. */
function parseParams(id: string, params: unknown): IndicatorParamValues {
  return catalogEntry(id).params.parse(params) as IndicatorParamValues;
}

/** Colours keyed by the indicator's outputs, each #rrggbb(aa); throws a ZodError otherwise. */
function parseColors(id: string, colors: unknown): Record<string, string> {
  const outputs = catalogEntry(id).outputs;
  const shape = Object.fromEntries(outputs.map((o) => [o, colourSchema.optional()]));
  return z.strictObject(shape).parse(colors) as Record<string, string>;
}

const nameSchema = z.string().trim().max(MAX_LAYOUT_NAME_LENGTH);

/** `rsi-3`: one more than the highest number any instance of this indicator carries. */
function nextInstanceId(state: LayoutState, id: string): string {
  const prefix = `${id}-`;
  let highest = 0;
  for (const i of state.indicators) {
    if (!i.instanceId.startsWith(prefix)) continue;
    const n = Number(i.instanceId.slice(prefix.length));
    if (Number.isInteger(n) && n > highest) highest = n;
  }
  return `${id}-${highest + 1}`;
}

export interface AddIndicatorOptions {
  /** Overrides of the default params (validated with the catalogue schema). */
  params?: Record<string, unknown>;
  colors?: Record<string, string>;
  name?: string;
  visible?: boolean;
}

/**
 * Why `id` cannot be added to this layout (a message for the trader), or null when it can. Lets
 * the UI refuse before it calls addIndicator, which throws the same message.
 */
export function addIndicatorRefusal(state: LayoutState, id: string): string | null {
  const entry = catalogEntry(id);
  if (state.indicators.length >= MAX_LAYOUT_INDICATORS)
    return `A layout holds at most ${MAX_LAYOUT_INDICATORS} indicators: remove one to add ${entry.name}`;
  if (entry.placement === 'pane' && state.paneHeights.length >= MAX_LAYOUT_PANES)
    return `A layout holds at most ${MAX_LAYOUT_PANES - 1} indicator panes`;
  return null;
}

/**
 * Adds an instance with the catalogue's defaults. Overlays and markers go on the price pane; an
 * oscillator gets a new pane at the bottom, a quarter of the price pane high. Throws an Error
 * (see addIndicatorRefusal) when the layout is full, a ZodError for invalid params or colours.
 */
export function addIndicator(
  state: LayoutState,
  id: string,
  opts: AddIndicatorOptions = {},
): { state: LayoutState; instanceId: string } {
  const entry = catalogEntry(id);
  const refusal = addIndicatorRefusal(state, id);
  if (refusal) throw new Error(refusal);
  const ownPane = entry.placement === 'pane';

  const instanceId = nextInstanceId(state, entry.id);
  const name = opts.name === undefined ? undefined : nameSchema.parse(opts.name);
  const indicator: LayoutIndicator = {
    id: entry.id,
    instanceId,
    ...(name ? { name } : {}),
    params: parseParams(entry.id, { ...defaultParams(entry.id), ...opts.params }),
    colors: { ...defaultColors(entry.id), ...parseColors(entry.id, opts.colors ?? {}) },
    visible: opts.visible ?? true,
    pane: ownPane ? state.paneHeights.length : 0,
  };
  const priceHeight = state.paneHeights[0] ?? 1;
  return {
    state: {
      ...state,
      indicators: [...state.indicators, indicator],
      paneHeights: ownPane
        ? [...state.paneHeights, round(priceHeight * NEW_PANE_SHARE)]
        : [...state.paneHeights],
    },
    instanceId,
  };
}

/**
 * Removes an instance. When its pane is left empty the pane and its height go too, and the panes
 * below move up one, so pane numbers stay 0..n-1. Removing an instance that is already gone
 * returns the state unchanged (a double click must not crash the chart).
 */
export function removeIndicator(state: LayoutState, instanceId: string): LayoutState {
  const target = state.indicators.find((i) => i.instanceId === instanceId);
  if (!target) return state;
  const indicators = state.indicators.filter((i) => i !== target);
  const pane = target.pane;
  if (pane === 0 || indicators.some((i) => i.pane === pane))
    return { ...state, indicators, paneHeights: [...state.paneHeights] };
  return {
    ...state,
    indicators: indicators.map((i) => (i.pane > pane ? { ...i, pane: i.pane - 1 } : i)),
    paneHeights: state.paneHeights.filter((_, p) => p !== pane),
  };
}

export interface IndicatorPatch {
  /** Merged over the current params, then validated: a ZodError names each bad field. */
  params?: Record<string, unknown>;
  /** Merged over the current colours; keys are the indicator's outputs. */
  colors?: Record<string, string>;
  visible?: boolean;
  /** A custom title; an empty string (or null) removes it. */
  name?: string | null;
}

function replaceIndicator(
  state: LayoutState,
  instanceId: string,
  edit: (i: LayoutIndicator) => LayoutIndicator,
): LayoutState {
  const current = getIndicator(state, instanceId);
  return {
    ...state,
    indicators: state.indicators.map((i) => (i === current ? edit(i) : i)),
    paneHeights: [...state.paneHeights],
  };
}

/** Applies a settings-dialog patch. Throws the catalogue's ZodError on invalid params or colours. */
export function updateIndicator(
  state: LayoutState,
  instanceId: string,
  patch: IndicatorPatch,
): LayoutState {
  return replaceIndicator(state, instanceId, (current) => {
    const next: LayoutIndicator = { ...current };
    if (patch.params !== undefined)
      next.params = parseParams(current.id, { ...current.params, ...patch.params });
    if (patch.colors !== undefined)
      next.colors = { ...current.colors, ...parseColors(current.id, patch.colors) };
    if (patch.visible !== undefined) next.visible = z.boolean().parse(patch.visible);
    if (patch.name !== undefined) {
      const name = patch.name === null ? '' : nameSchema.parse(patch.name);
      if (name) next.name = name;
      else delete next.name;
    }
    return next;
  });
}

/** Shows a hidden instance or hides a shown one (the eye icon in the legend). */
export function toggleIndicator(state: LayoutState, instanceId: string): LayoutState {
  return replaceIndicator(state, instanceId, (i) => ({ ...i, visible: !i.visible }));
}

/** Back to the catalogue's params and colours, shown, without a custom name; the pane stays. */
export function resetIndicator(state: LayoutState, instanceId: string): LayoutState {
  return replaceIndicator(state, instanceId, (i) => ({
    id: i.id,
    instanceId: i.instanceId,
    params: defaultParams(i.id),
    colors: defaultColors(i.id),
    visible: true,
    pane: i.pane,
  }));
}

/**
 * Moves an instance's pane one place up (-1) or down (+1) among the indicator panes, swapping
 * places (and heights) with its neighbour. The price pane never moves; at either end it is a no-op.
 */
export function movePane(state: LayoutState, instanceId: string, direction: -1 | 1): LayoutState {
  const pane = getIndicator(state, instanceId).pane;
  const other = pane + direction;
  if (pane === 0 || other < 1 || other >= state.paneHeights.length) return state;
  const swap = (p: number) => (p === pane ? other : p === other ? pane : p);
  const heights = [...state.paneHeights];
  [heights[pane], heights[other]] = [heights[other] ?? 1, heights[pane] ?? 1];
  return {
    ...state,
    indicators: state.indicators.map((i) => ({ ...i, pane: swap(i.pane) })),
    paneHeights: heights,
  };
}

/**
 * Sets the relative pane heights (after the user drags a separator), normalised to sum to 1 with
 * no pane below MIN_PANE_SHARE. Throws when the count does not match the panes or a value is not
 * a positive number.
 */
export function setPaneHeights(state: LayoutState, heights: readonly number[]): LayoutState {
  if (heights.length !== state.paneHeights.length)
    throw new Error(`Expected ${state.paneHeights.length} pane heights, got ${heights.length}`);
  for (const h of heights)
    if (!Number.isFinite(h) || h <= 0)
      throw new Error(`A pane height must be a positive number, got ${h}`);
  const total = heights.reduce((a, b) => a + b, 0);
  const shares = heights.map((h) => Math.max(MIN_PANE_SHARE, h / total));
  const sum = shares.reduce((a, b) => a + b, 0);
  return { ...state, paneHeights: shares.map((s) => Math.max(MIN_PANE_SHARE, round(s / sum))) };
}

/** Switches the market (symbol and/or interval); indicators and panes are kept. */
export function setMarket(
  state: LayoutState,
  market: { symbol?: string; interval?: string },
): LayoutState {
  return {
    ...state,
    ...(market.symbol !== undefined ? { symbol: symbolSchema.parse(market.symbol) } : {}),
    ...(market.interval !== undefined ? { interval: intervalSchema.parse(market.interval) } : {}),
  };
}

export function setChartType(state: LayoutState, chartType: ChartType): LayoutState {
  return { ...state, chartType: z.enum(CHART_TYPES).parse(chartType) };
}

export function setPriceScale(state: LayoutState, priceScale: PriceScaleMode): LayoutState {
  return { ...state, priceScale: z.enum(PRICE_SCALE_MODES).parse(priceScale) };
}

export function setTheme(state: LayoutState, theme: Theme): LayoutState {
  return { ...state, theme: z.enum(THEMES).parse(theme) };
}
