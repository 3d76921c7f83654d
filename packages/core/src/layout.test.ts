import { describe, expect, it } from 'vitest';
import {
  defaultLayoutState,
  describeLayoutStateError,
  layoutNameSchema,
  layoutStateSchema,
  type LayoutIndicator,
  type LayoutState,
} from './layout';

const rsi: LayoutIndicator = {
  id: 'rsi',
  instanceId: 'rsi-1',
  params: { period: 14, source: 'close' },
  colors: { line: '#7e57c2', upper: '#78787880' },
  visible: true,
  pane: 1,
};
const bollinger: LayoutIndicator = {
  id: 'bb',
  instanceId: 'bb-1',
  name: 'BB 20/2',
  params: { period: 20, stdDev: 2, showBasis: false },
  colors: { basis: '#2962ff' },
  visible: false,
  pane: 0,
};

function state(overrides: Partial<LayoutState> = {}): LayoutState {
  return {
    ...defaultLayoutState(),
    indicators: [bollinger, rsi],
    paneHeights: [3, 1],
    ...overrides,
  };
}

function errorOf(input: unknown): string {
  const result = layoutStateSchema.safeParse(input);
  expect(result.success).toBe(false);
  return result.success ? '' : describeLayoutStateError(result.error);
}

describe('layoutStateSchema', () => {
  it('accepts the default state and a full chart, unchanged', () => {
    expect(layoutStateSchema.parse(defaultLayoutState())).toEqual(defaultLayoutState());
    const full = state({ symbol: 'ETHUSDT', interval: '1M', priceScale: 'log', theme: 'light' });
    expect(layoutStateSchema.parse(full)).toEqual(full);
  });

  it('returns a fresh default each time (callers may mutate it)', () => {
    const a = defaultLayoutState();
    a.indicators.push(rsi);
    expect(defaultLayoutState().indicators).toEqual([]);
  });

  it('refuses unknown keys at every level (strict)', () => {
    expect(errorOf({ ...state(), drawings: [] })).toMatch(/Unrecognized key.*drawings/);
    expect(errorOf(state({ indicators: [{ ...rsi, extra: 1 } as LayoutIndicator] }))).toMatch(
      /^indicators\.0: Unrecognized key/,
    );
  });

  it('requires schemaVersion 1', () => {
    expect(errorOf({ ...state(), schemaVersion: 2 })).toMatch(/^schemaVersion:/);
    const { schemaVersion: _omit, ...unversioned } = state();
    expect(errorOf(unversioned)).toMatch(/^schemaVersion:/);
  });

  it('names the path of a bad field', () => {
    expect(errorOf(state({ interval: '7m' as LayoutState['interval'] }))).toMatch(/^interval:/);
    expect(errorOf(state({ symbol: 'btc/usdt' }))).toMatch(/^symbol:/);
    expect(errorOf({ ...state(), priceScale: 'linear' })).toMatch(/^priceScale:/);
    expect(errorOf({ ...state(), theme: 'blue' })).toMatch(/^theme:/);
    expect(errorOf({ ...state(), chartType: 'renko' })).toMatch(/^chartType:/);
    expect(errorOf(state({ indicators: [bollinger, { ...rsi, colors: { line: 'red' } }] }))).toBe(
      'indicators.1.colors.line: a colour as #rrggbb or #rrggbbaa',
    );
    expect(
      errorOf(state({ indicators: [{ ...rsi, params: { period: Number.POSITIVE_INFINITY } }] })),
    ).toMatch(/^indicators\.0\.params\.period:/);
    expect(
      errorOf(state({ indicators: [{ ...rsi, params: { nested: { a: 1 } } as never }] })),
    ).toMatch(/^indicators\.0\.params\.nested:/);
  });

  it('limits indicators to 30 and names to 80 characters', () => {
    const many = Array.from({ length: 31 }, (_, i) => ({ ...bollinger, instanceId: `bb-${i}` }));
    expect(errorOf(state({ indicators: many }))).toMatch(/^indicators: at most 30 indicators/);
    expect(layoutStateSchema.safeParse(state({ indicators: many.slice(0, 30) })).success).toBe(
      true,
    );
    expect(errorOf(state({ indicators: [{ ...rsi, name: 'x'.repeat(81) }] }))).toMatch(
      /^indicators\.0\.name:/,
    );
  });

  it('wants positive pane heights, one for every pane an indicator uses', () => {
    expect(errorOf(state({ paneHeights: [1, 0] }))).toBe(
      'paneHeights.1: a pane height must be positive',
    );
    expect(errorOf(state({ paneHeights: [] }))).toMatch(/^paneHeights: the price pane/);
    expect(errorOf(state({ paneHeights: [1] }))).toBe(
      'indicators.1.pane: pane 1 has no height in paneHeights',
    );
  });

  it('checks indicator ids and params against the indicator catalogue', () => {
    expect(errorOf(state({ indicators: [{ ...rsi, id: 'rsx' }] }))).toBe(
      'indicators.0.id: unknown indicator rsx',
    );
    expect(errorOf(state({ indicators: [bollinger, { ...rsi, params: { period: 0 } }] }))).toBe(
      'indicators.1.params.period: Period must be at least 1',
    );
    expect(errorOf(state({ indicators: [{ ...rsi, params: { source: 'median' } }] }))).toMatch(
      /^indicators\.0\.params\.source:/,
    );
    const macd: LayoutIndicator = {
      id: 'macd',
      instanceId: 'macd-1',
      params: { fast: 30, slow: 26 },
      colors: {},
      visible: true,
      pane: 1,
    };
    expect(errorOf(state({ indicators: [macd] }))).toBe(
      'indicators.0.params.fast: Fast period must be shorter than the slow period',
    );
    // Params left out take the catalogue's defaults later: an empty set is a valid layout.
    const defaults = state({ indicators: [{ ...macd, params: {} }] });
    expect(layoutStateSchema.parse(defaults)).toEqual(defaults);
  });

  it('refuses two indicators with the same instance id', () => {
    expect(errorOf(state({ indicators: [rsi, { ...rsi, pane: 0 }] }))).toBe(
      'indicators.1.instanceId: duplicate instance id rsi-1',
    );
  });
});

describe('layoutNameSchema', () => {
  it('trims and bounds the name', () => {
    expect(layoutNameSchema.parse('  Scalping  ')).toBe('Scalping');
    expect(layoutNameSchema.safeParse('   ').success).toBe(false);
    expect(layoutNameSchema.safeParse('x'.repeat(80)).success).toBe(true);
    expect(layoutNameSchema.safeParse('x'.repeat(81)).success).toBe(false);
  });
});
