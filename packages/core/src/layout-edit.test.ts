import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { INDICATOR_IDS } from './indicators/catalog';
import {
  addIndicator,
  addIndicatorRefusal,
  defaultColors,
  getIndicator,
  indicatorTitle,
  MIN_PANE_SHARE,
  movePane,
  removeIndicator,
  resetIndicator,
  setChartType,
  setMarket,
  setPaneHeights,
  setPriceScale,
  setTheme,
  toggleIndicator,
  updateIndicator,
} from './layout-edit';
import {
  defaultLayoutState,
  describeLayoutStateError,
  layoutStateSchema,
  MAX_LAYOUT_INDICATORS,
  type LayoutState,
} from './layout';

/** The state survives a save: JSON round trip and the schema the server checks on every write. */
function roundTrip(state: LayoutState): LayoutState {
  const parsed = layoutStateSchema.safeParse(JSON.parse(JSON.stringify(state)));
  if (!parsed.success) throw new Error(describeLayoutStateError(parsed.error));
  expect(parsed.data).toEqual(state);
  return parsed.data;
}

function add(state: LayoutState, ...ids: string[]): LayoutState {
  return ids.reduce((s, id) => addIndicator(s, id).state, state);
}

const panesOf = (s: LayoutState) =>
  Object.fromEntries(s.indicators.map((i) => [i.instanceId, i.pane]));

describe('adding indicators', () => {
  it('puts an overlay on the price pane with the catalogue defaults', () => {
    const { state, instanceId } = addIndicator(defaultLayoutState(), 'bb');
    expect(instanceId).toBe('bb-1');
    expect(state.indicators).toEqual([
      {
        id: 'bb',
        instanceId: 'bb-1',
        params: { period: 20, stdDev: 2, source: 'close' },
        colors: { upper: '#2962ff', middle: '#ff6d00', lower: '#2962ff' },
        visible: true,
        pane: 0,
      },
    ]);
    expect(state.paneHeights).toEqual([1]);
    roundTrip(state);
  });

  it('gives each oscillator a new pane at the bottom, a quarter of the price pane high', () => {
    const state = add(defaultLayoutState(), 'rsi', 'ema', 'macd', 'patterns');
    expect(panesOf(state)).toEqual({ 'rsi-1': 1, 'ema-1': 0, 'macd-1': 2, 'patterns-1': 0 });
    expect(state.paneHeights).toEqual([1, 0.25, 0.25]);
    roundTrip(state);
  });

  it('lets several instances of one indicator coexist with distinct ids', () => {
    let state = defaultLayoutState();
    const first = addIndicator(state, 'ema', { params: { period: 20 } });
    const second = addIndicator(first.state, 'ema', {
      params: { period: 200 },
      colors: { value: '#ffffff' },
    });
    state = second.state;
    expect([first.instanceId, second.instanceId]).toEqual(['ema-1', 'ema-2']);
    expect(state.indicators.map((i) => [i.params.period, i.colors.value])).toEqual([
      [20, '#ff6d00'],
      [200, '#ffffff'],
    ]);
    expect(state.indicators.map(indicatorTitle)).toEqual(['EMA 20', 'EMA 200']);
    roundTrip(state);
  });

  it('does not change the state it was given', () => {
    const before = add(defaultLayoutState(), 'rsi');
    const snapshot = structuredClone(before);
    addIndicator(before, 'macd');
    removeIndicator(before, 'rsi-1');
    updateIndicator(before, 'rsi-1', { params: { period: 3 } });
    expect(before).toEqual(snapshot);
  });

  it('accepts every indicator in the catalogue', () => {
    const state = add(defaultLayoutState(), ...INDICATOR_IDS);
    expect(state.indicators).toHaveLength(INDICATOR_IDS.length);
    roundTrip(state);
  });

  it('refuses an unknown indicator, bad params and a full layout', () => {
    expect(() => addIndicator(defaultLayoutState(), 'nope')).toThrow(/Unknown indicator "nope"/);
    expect(() => addIndicator(defaultLayoutState(), 'rsi', { params: { period: 0 } })).toThrow(
      ZodError,
    );
    expect(() =>
      addIndicator(defaultLayoutState(), 'rsi', { colors: { value: 'purple' } }),
    ).toThrow(ZodError);
    const full = add(defaultLayoutState(), ...Array<string>(MAX_LAYOUT_INDICATORS).fill('rsi'));
    expect(full.paneHeights).toHaveLength(MAX_LAYOUT_INDICATORS + 1);
    roundTrip(full);
    expect(addIndicatorRefusal(full, 'ema')).toBe(
      'A layout holds at most 30 indicators: remove one to add Exponential Moving Average',
    );
    expect(() => addIndicator(full, 'ema')).toThrow(/at most 30 indicators/);
    expect(addIndicatorRefusal(removeIndicator(full, 'rsi-30'), 'ema')).toBeNull();
  });
});

describe('removing indicators', () => {
  it('drops an emptied middle pane and renumbers the panes below', () => {
    let state = add(defaultLayoutState(), 'rsi', 'macd', 'ema', 'stoch');
    state = setPaneHeights(state, [4, 1, 2, 1]);
    state = removeIndicator(state, 'macd-1');
    expect(panesOf(state)).toEqual({ 'rsi-1': 1, 'ema-1': 0, 'stoch-1': 2 });
    expect(state.paneHeights).toEqual([0.5, 0.125, 0.125]);
    roundTrip(state);
  });

  it('keeps the price pane and a pane that still has indicators', () => {
    let state = add(defaultLayoutState(), 'ema', 'ema', 'rsi');
    state = removeIndicator(state, 'ema-1');
    expect(state.paneHeights).toEqual([1, 0.25]);
    // A second instance sharing pane 1 (as a saved layout may have it) keeps the pane alive.
    const shared: LayoutState = {
      ...state,
      indicators: [...state.indicators, { ...getIndicator(state, 'rsi-1'), instanceId: 'rsi-9' }],
    };
    const after = removeIndicator(shared, 'rsi-1');
    expect(after.paneHeights).toEqual([1, 0.25]);
    expect(panesOf(after)).toEqual({ 'ema-2': 0, 'rsi-9': 1 });
    roundTrip(after);
  });

  it('returns the state unchanged for an instance that is already gone', () => {
    const state = add(defaultLayoutState(), 'rsi');
    expect(removeIndicator(state, 'rsi-7')).toBe(state);
  });

  it('never hands out an id that is still in use after removals', () => {
    let state = add(defaultLayoutState(), 'rsi', 'rsi', 'rsi');
    state = removeIndicator(state, 'rsi-1');
    state = removeIndicator(state, 'rsi-2');
    const { state: next, instanceId } = addIndicator(state, 'rsi');
    expect(instanceId).toBe('rsi-4');
    expect(new Set(next.indicators.map((i) => i.instanceId)).size).toBe(next.indicators.length);
    roundTrip(next);
  });
});

describe('editing an instance', () => {
  const base = add(defaultLayoutState(), 'rsi', 'bb');

  it('merges and validates params, colours, visibility and name', () => {
    const state = updateIndicator(base, 'rsi-1', {
      params: { period: 21 },
      colors: { value: '#123456' },
      visible: false,
      name: '  Fast RSI ',
    });
    expect(getIndicator(state, 'rsi-1')).toMatchObject({
      params: { period: 21, source: 'close' },
      colors: { value: '#123456' },
      visible: false,
      name: 'Fast RSI',
    });
    const unnamed = updateIndicator(state, 'rsi-1', { name: '' });
    expect(getIndicator(unnamed, 'rsi-1')).not.toHaveProperty('name');
    expect(indicatorTitle(getIndicator(unnamed, 'rsi-1'))).toBe('RSI 21');
    roundTrip(unnamed);
  });

  it('throws the catalogue ZodError with the field path and message', () => {
    const error = (() => {
      try {
        updateIndicator(base, 'rsi-1', { params: { period: 0 } });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues[0]).toMatchObject({
      path: ['period'],
      message: 'Period must be at least 1',
    });
    expect(() => updateIndicator(base, 'bb-1', { colors: { value: '#ffffff' } })).toThrow(ZodError);
    expect(() => updateIndicator(base, 'bb-9', { visible: false })).toThrow(/no indicator bb-9/);
  });

  it('toggles visibility and resets to the defaults', () => {
    const edited = updateIndicator(base, 'bb-1', {
      params: { period: 50, stdDev: 3 },
      colors: { upper: '#000000' },
      name: 'Wide',
    });
    const hidden = toggleIndicator(edited, 'bb-1');
    expect(getIndicator(hidden, 'bb-1').visible).toBe(false);
    expect(getIndicator(toggleIndicator(hidden, 'bb-1'), 'bb-1').visible).toBe(true);
    const reset = resetIndicator(hidden, 'bb-1');
    expect(getIndicator(reset, 'bb-1')).toEqual({
      id: 'bb',
      instanceId: 'bb-1',
      params: { period: 20, stdDev: 2, source: 'close' },
      colors: defaultColors('bb'),
      visible: true,
      pane: 0,
    });
    roundTrip(reset);
  });
});

describe('panes', () => {
  it('moves an oscillator pane up and down, never above the price pane', () => {
    let state = add(defaultLayoutState(), 'rsi', 'macd');
    state = setPaneHeights(state, [6, 1, 3]);
    const moved = movePane(state, 'macd-1', -1);
    expect(panesOf(moved)).toEqual({ 'rsi-1': 2, 'macd-1': 1 });
    expect(moved.paneHeights).toEqual([0.6, 0.3, 0.1]);
    expect(movePane(moved, 'macd-1', -1)).toBe(moved);
    expect(movePane(moved, 'rsi-1', 1)).toBe(moved);
    roundTrip(moved);
  });

  it('normalises heights and refuses a wrong count or a non-positive height', () => {
    const state = add(defaultLayoutState(), 'rsi');
    expect(setPaneHeights(state, [3, 1]).paneHeights).toEqual([0.75, 0.25]);
    const squeezed = setPaneHeights(state, [1000, 1]).paneHeights;
    expect(squeezed[1]).toBeGreaterThanOrEqual(MIN_PANE_SHARE);
    expect(() => setPaneHeights(state, [1])).toThrow(/Expected 2 pane heights/);
    expect(() => setPaneHeights(state, [1, 0])).toThrow(/positive/);
    expect(() => setPaneHeights(state, [1, Number.NaN])).toThrow(/positive/);
    roundTrip(setPaneHeights(state, [2, 1]));
  });
});

describe('market and appearance', () => {
  it('changes symbol, interval, chart type, scale and theme', () => {
    let state = add(defaultLayoutState(), 'rsi');
    state = setMarket(state, { symbol: 'ETHUSDT' });
    state = setMarket(state, { interval: '4h' });
    state = setChartType(state, 'hollow-candles');
    state = setPriceScale(state, 'log');
    state = setTheme(state, 'light');
    expect(state).toMatchObject({
      symbol: 'ETHUSDT',
      interval: '4h',
      chartType: 'hollow-candles',
      priceScale: 'log',
      theme: 'light',
    });
    expect(state.indicators).toHaveLength(1);
    roundTrip(state);
  });

  it('refuses values the schema would reject', () => {
    const state = defaultLayoutState();
    expect(() => setMarket(state, { symbol: 'btc/usdt' })).toThrow(ZodError);
    expect(() => setMarket(state, { interval: '7m' })).toThrow(ZodError);
    expect(() => setChartType(state, 'renko' as never)).toThrow(ZodError);
    expect(() => setTheme(state, 'sepia' as never)).toThrow(ZodError);
  });
});
