import type { LayoutIndicator } from '@coinview/core/layout';
import { describe, expect, it } from 'vitest';
import { heightsFromStretch, paneLayout, paneTops, stretchFactors } from './pane-layout';

const ind = (instanceId: string, id: string, pane: number): LayoutIndicator => ({
  id,
  instanceId,
  params: {},
  colors: {},
  visible: true,
  pane,
});

describe('paneLayout', () => {
  it('maps the layout pane numbers in use to contiguous chart panes, in ascending order', () => {
    const layout = paneLayout([
      ind('m', 'macd', 5),
      ind('e', 'ema', 0),
      ind('r', 'rsi', 2),
      ind('a', 'atr', 5),
      ind('p', 'patterns', 0),
    ]);
    expect(Object.fromEntries(layout.paneOf)).toEqual({ e: 0, p: 0, r: 1, m: 2, a: 2 });
    expect(layout.layoutPanes).toEqual([2, 5]);
  });

  it('gives an oscillator that asks for the price pane a pane of its own, and skips unknown ids', () => {
    const layout = paneLayout([ind('r', 'rsi', 0), ind('c', 'cci', 1), ind('x', 'nope', 3)]);
    expect(Object.fromEntries(layout.paneOf)).toEqual({ c: 1, r: 2 });
    expect(layout.layoutPanes).toEqual([1, undefined]);
  });
});

describe('pane heights', () => {
  const layout = paneLayout([ind('r', 'rsi', 1), ind('m', 'macd', 3)]);

  it('turns layout heights into stretch factors, with a default for panes without one', () => {
    expect(stretchFactors(layout, [3, 1, 7, 2])).toEqual([3, 1, 2]);
    expect(stretchFactors(layout, [3, 1])).toEqual([3, 1, 1]);
  });

  it('writes dragged stretch factors back under the layout pane numbers', () => {
    expect(heightsFromStretch(layout, [3, 1, 7, 2], [3, 1, 2])).toBeNull();
    expect(heightsFromStretch(layout, [3, 1, 7, 2], [2.5, 1.5, 2])).toEqual([2.5, 1.5, 7, 2]);
    expect(heightsFromStretch(layout, [3], [3, 0.8, 1.2])).toEqual([3, 0.8, 1, 1.2]);
    // A chart still settling (fewer panes than the layout) is not a user's drag.
    expect(heightsFromStretch(layout, [3, 1, 7, 2], [3, 1])).toBeNull();
  });

  it('places each pane under the ones above it and their separators', () => {
    expect(paneTops([400, 100, 120])).toEqual([0, 401, 502]);
  });
});
