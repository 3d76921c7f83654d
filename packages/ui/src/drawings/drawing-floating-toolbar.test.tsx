// @vitest-environment happy-dom
import type { Drawing } from '@coinview/core/drawings';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DrawingMapping } from './chart-mapping';
import { DrawingController, type DrawingPointer } from './drawing-controller';
import {
  DrawingFloatingToolbar,
  floatingToolbarPlace,
  TOOLBAR_GAP,
  TOOLBAR_MARGIN,
} from './drawing-floating-toolbar';
import { screenBox } from './drawing-layer';
import { useDrawingState } from './drawing-toolbar';

// y = 400 − price; x = (time − T0) / 6.
const T0 = 1_700_000_000;
const mapping: DrawingMapping = {
  timeToX: (t) => (t - T0) / 6,
  xToTime: (x) => T0 + Math.round(x) * 6,
  timeToLogical: (t) => (t - T0) / 60,
  priceToY: (p) => 400 - p,
  yToPrice: (y) => 400 - y,
};
const viewport = { width: 800, height: 400 };
const ptr = (x: number, y: number): DrawingPointer => ({ x, y, mapping, viewport });

const trendLine: Drawing = {
  id: 't1',
  kind: 'trend-line',
  anchors: [
    { time: T0 + 600, price: 200 },
    { time: T0 + 1800, price: 300 },
  ],
  style: { color: '#2962ff', width: 2, dash: 'solid' },
  locked: false,
  hidden: false,
};
const note: Drawing = {
  id: 'n1',
  kind: 'text',
  anchors: [{ time: T0 + 600, price: 200 }],
  text: 'Text',
  style: { color: '#2962ff', width: 2, dash: 'solid' },
  locked: false,
  hidden: false,
};

// React watches an input's own `value`; a user's typing goes through the prototype's setter.
const valueProperty = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');

let host: HTMLDivElement;
let root: Root;
let controller: DrawingController;

beforeEach(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});

afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

/** The toolbar over whichever drawing is selected, as DrawingLayer renders it. */
function Selected({ of }: { of: DrawingController }) {
  const state = useDrawingState(of);
  const d = state.drawings.find((x) => x.id === state.selectedId);
  return d ? (
    <DrawingFloatingToolbar
      controller={of}
      drawing={d}
      box={{ left: 100, top: 100, right: 300, bottom: 200 }}
      pane={viewport}
    />
  ) : null;
}

function render(drawing: Drawing) {
  controller = new DrawingController({ createId: () => 'x', drawings: [drawing] });
  controller.select(drawing.id);
  act(() => root.render(<Selected of={controller} />));
}

const button = (name: string) => {
  const found = host.querySelector<HTMLButtonElement>(`button[aria-label="${name}"]`);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
};
const press = (name: string) => act(() => button(name).click());
/** A call on the controller, re-rendering the toolbar inside act. */
function run<T>(call: () => T): T {
  const result: { value?: T } = {};
  act(() => {
    result.value = call();
  });
  return result.value as T;
}
const drawing = () => controller.getState().drawings[0];

/** Types into a React-controlled input as a user does: one key at a time. */
function type(input: HTMLInputElement, text: string) {
  act(() => input.focus());
  for (let i = 1; i <= text.length; i++)
    act(() => {
      valueProperty?.set?.call(input, text.slice(0, i));
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  act(() => input.blur());
}

describe('DrawingFloatingToolbar', () => {
  it('changes the colour from its palette in one undo step, and undo restores it', () => {
    render(trendLine);
    const toolbar = host.querySelector('[role="toolbar"]');
    expect(toolbar?.getAttribute('aria-label')).toBe('Trend line style');
    expect(button('Line colour').getAttribute('aria-expanded')).toBe('false');
    press('Line colour');
    expect(button('Line colour').getAttribute('aria-expanded')).toBe('true');
    expect(button('Blue').getAttribute('aria-pressed')).toBe('true');
    press('Orange');
    expect(drawing()?.style.color).toBe('#ff9800');
    // The palette closes and focus is back on its button.
    expect(host.querySelector('[aria-label="Orange"]')).toBeNull();
    expect(document.activeElement).toBe(button('Line colour'));
    expect(run(() => controller.undo())).toBe(true);
    expect(drawing()?.style.color).toBe('#2962ff');
    expect(controller.getState().canUndo).toBe(false);
    expect(run(() => controller.redo())).toBe(true);
    expect(drawing()?.style.color).toBe('#ff9800');
  });

  it('sets the width and dash, one step each', () => {
    render(trendLine);
    press('Line width');
    press('4 px');
    press('Line style');
    press('Dotted');
    expect(drawing()?.style).toMatchObject({ width: 4, dash: 'dotted' });
    run(() => controller.undo());
    expect(drawing()?.style).toMatchObject({ width: 4, dash: 'solid' });
    run(() => controller.undo());
    expect(drawing()?.style).toMatchObject({ width: 2, dash: 'solid' });
  });

  it('applies a typed label as it is typed, one undo step for the whole label', () => {
    render(trendLine);
    const input = host.querySelector<HTMLInputElement>('input[aria-label="Label"]');
    if (!input) throw new Error('no label field');
    type(input, 'Support');
    expect(drawing()?.style.label).toBe('Support');
    expect(run(() => controller.undo())).toBe(true);
    expect(drawing()?.style.label).toBeUndefined();
    expect(controller.getState().canUndo).toBe(false);
  });

  it('edits a note’s text, marking (and not applying) an empty one', () => {
    render(note);
    expect(host.querySelector('[aria-label="Line width"]')).toBeNull();
    const input = host.querySelector<HTMLInputElement>('input[aria-label="Note text"]');
    if (!input) throw new Error('no note field');
    act(() => input.focus());
    act(() => {
      valueProperty?.set?.call(input, '');
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(drawing()).toMatchObject({ text: 'Text' });
    act(() => input.blur());
    expect(input.value).toBe('Text');
    expect(input.getAttribute('aria-invalid')).toBeNull();
  });

  it('locks the drawing: a drag on it is refused and the chart keeps the press', () => {
    render(trendLine);
    expect(button('Lock drawing').getAttribute('aria-pressed')).toBe('false');
    press('Lock drawing');
    expect(drawing()?.locked).toBe(true);
    expect(button('Lock drawing').getAttribute('aria-pressed')).toBe('true');
    // Press on the line's middle (x 200, price 250 → y 150) and drag it down.
    expect(run(() => controller.pointerDown(ptr(200, 150)))).toBe(false);
    run(() => controller.pointerMove(ptr(200, 250)));
    run(() => controller.pointerUp(ptr(200, 250)));
    expect(drawing()?.anchors).toEqual(trendLine.anchors);
    press('Lock drawing');
    expect(drawing()?.locked).toBe(false);
    expect(run(() => controller.pointerDown(ptr(200, 150)))).toBe(true);
  });

  it('opens the settings and removes the drawing', () => {
    render(trendLine);
    press('Drawing settings');
    expect(controller.getState().settingsId).toBe('t1');
    press('Remove drawing');
    expect(controller.getState().drawings).toHaveLength(0);
    expect(host.querySelector('[role="toolbar"]')).toBeNull();
    run(() => controller.undo());
    expect(controller.getState().drawings).toHaveLength(1);
  });

  it('closes an open palette with Esc, giving focus back to its button', () => {
    render(trendLine);
    press('Line width');
    act(() => button('3 px').focus());
    act(() => {
      button('3 px').dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }),
      );
    });
    expect(host.querySelector('[aria-label="3 px"]')).toBeNull();
    expect(document.activeElement).toBe(button('Line width'));
  });
});

describe('floatingToolbarPlace', () => {
  const pane = { width: 800, height: 400 };
  const size = { width: 300, height: 36 };

  it('centres the toolbar above the drawing', () => {
    expect(
      floatingToolbarPlace({ left: 300, top: 200, right: 500, bottom: 300 }, pane, size),
    ).toEqual({ left: 250, top: 200 - TOOLBAR_GAP - 36, pinned: false });
  });

  it('keeps it inside the pane at the sides', () => {
    const right = floatingToolbarPlace(
      { left: 780, top: 200, right: 790, bottom: 250 },
      pane,
      size,
    );
    expect(right.left).toBe(800 - 300 - TOOLBAR_MARGIN);
    const left = floatingToolbarPlace({ left: -50, top: 200, right: 20, bottom: 250 }, pane, size);
    expect(left.left).toBe(TOOLBAR_MARGIN);
  });

  it('goes below a drawing near the top, and pins to the top when the drawing is out of view', () => {
    expect(
      floatingToolbarPlace({ left: 300, top: 20, right: 500, bottom: 30 }, pane, size),
    ).toEqual({
      left: 250,
      top: 30 + TOOLBAR_GAP,
      pinned: false,
    });
    expect(
      floatingToolbarPlace({ left: 300, top: -400, right: 500, bottom: -100 }, pane, size),
    ).toEqual({ left: 250, top: TOOLBAR_MARGIN, pinned: true });
    expect(floatingToolbarPlace(null, pane, size)).toMatchObject({ pinned: true });
  });
});

describe('screenBox', () => {
  it('spans a line’s handles', () => {
    expect(screenBox(trendLine, mapping)).toEqual({ left: 100, top: 100, right: 300, bottom: 200 });
  });

  it('takes in a position’s stats labels, so the toolbar above does not cover its target', () => {
    const long: Drawing = {
      ...trendLine,
      kind: 'long-position',
      anchors: [{ time: T0 + 600, price: 200 }],
      stop: 150,
      target: 300,
    };
    // Target at y 100, stop at y 250: labels 24 px beyond each.
    expect(screenBox(long, mapping)).toEqual({ left: 100, top: 76, right: 100, bottom: 274 });
  });
});
