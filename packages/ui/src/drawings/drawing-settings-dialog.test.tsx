// @vitest-environment happy-dom
import type { Drawing } from '@coinview/core/drawings';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DrawingController } from './drawing-controller';
import { DrawingSettings } from './drawing-settings-dialog';
import { applyDraft, draftOf, parseNumber } from './drawing-settings-draft';

const T0 = 1_700_000_000;
const style = { color: '#2962ff', width: 2, dash: 'solid' } as const;
const fib: Drawing = {
  id: 'f1',
  kind: 'fib-retracement',
  anchors: [
    { time: T0, price: 100 },
    { time: T0 + 3600, price: 200 },
  ],
  levels: [0, 0.5, 1],
  style,
  locked: false,
  hidden: false,
};
const long: Drawing = {
  id: 'p1',
  kind: 'long-position',
  anchors: [{ time: T0, price: 100 }],
  stop: 95,
  target: 110,
  style,
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

function open(drawing: Drawing) {
  controller = new DrawingController({ createId: () => 'x', drawings: [drawing] });
  act(() => root.render(<DrawingSettings controller={controller} />));
  expect(host.querySelector('dialog')).toBeNull();
  act(() => controller.openSettings(drawing.id));
}

const dialog = () => host.querySelector('dialog');
const byLabel = <E extends HTMLElement = HTMLInputElement>(label: string): E => {
  const found = dialog()?.querySelector<E>(`[aria-label="${label}"]`);
  if (found) return found;
  const labelled = [...(dialog()?.querySelectorAll('label') ?? [])].find(
    (l) => l.textContent === label,
  );
  const input = labelled?.htmlFor ? document.getElementById(labelled.htmlFor) : null;
  if (!input) throw new Error(`no field "${label}"`);
  return input as E;
};
const buttonNamed = (name: string) => {
  const found = [...(dialog()?.querySelectorAll('button') ?? [])].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent) === name,
  );
  if (!found) throw new Error(`no button "${name}"`);
  return found;
};
const click = (name: string) => act(() => buttonNamed(name).click());
function fill(input: HTMLInputElement, value: string) {
  act(() => {
    valueProperty?.set?.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
const errorOf = (input: HTMLElement) => {
  const id = input.getAttribute('aria-describedby');
  return id ? document.getElementById(id)?.textContent : undefined;
};
const current = () => controller.getState().drawings[0];

describe('DrawingSettings', () => {
  it('opens as a modal dialog titled by the tool', () => {
    open(fib);
    expect(dialog()?.open).toBe(true);
    expect(dialog()?.getAttribute('role')).toBe('dialog');
    const title = document.getElementById(dialog()?.getAttribute('aria-labelledby') ?? '');
    expect(title?.textContent).toBe('Fib retracement settings');
  });

  it('shows a Fibonacci level’s error beside it, in the trader’s words, and applies nothing', () => {
    open(fib);
    // The drawing's levels are on; TradingView's others are offered, off.
    expect(byLabel('Show level 0.5').checked).toBe(true);
    expect(byLabel('Show level 0.618').checked).toBe(false);
    const half = [
      ...(dialog()?.querySelectorAll<HTMLInputElement>('input[data-level]') ?? []),
    ].find((i) => i.value === '0.5');
    if (!half) throw new Error('no 0.5 level');
    fill(half, '7');
    expect(half.getAttribute('aria-invalid')).toBe('true');
    expect(errorOf(half)).toBe('A Fibonacci level is between -5 and 5');
    fill(half, '');
    expect(errorOf(half)).toBe('A Fibonacci level must be a number');
    click('Apply');
    expect(dialog()).not.toBeNull();
    expect(current()).toEqual(fib);
    // Focus goes to what needs fixing.
    expect(document.activeElement).toBe(half);
  });

  it('says when a level is there twice, and when none is left', () => {
    open(fib);
    click('Add level');
    const added = document.activeElement;
    if (!(added instanceof HTMLInputElement)) throw new Error('the new level is not focused');
    fill(added, '1');
    expect(dialog()?.textContent).toContain('Each Fibonacci level only once');
    click('Remove level 1');
    for (const level of ['0', '0.5', '1']) act(() => byLabel(`Show level ${level}`).click());
    expect(dialog()?.textContent).toContain('Keep at least one Fibonacci level');
  });

  it('applies edited levels and style as one undo step', () => {
    open(fib);
    act(() => byLabel('Show level 0.618').click());
    act(() => byLabel('Show level 1').click());
    click('Add level');
    const added = document.activeElement;
    if (!(added instanceof HTMLInputElement)) throw new Error('the new level is not focused');
    fill(added, '-0,27');
    click('Red');
    const width = byLabel<HTMLSelectElement>('Line width');
    act(() => {
      width.value = '3';
      width.dispatchEvent(new Event('change', { bubbles: true }));
    });
    click('Apply');
    expect(dialog()).toBeNull();
    expect(current()).toMatchObject({
      levels: [0, 0.5, 0.618, -0.27],
      style: { color: '#f23645', width: 3, dash: 'solid' },
    });
    act(() => {
      controller.undo();
    });
    expect(current()).toEqual(fib);
    expect(controller.getState().canUndo).toBe(false);
  });

  it('leaves the drawing as it was on Cancel and on Esc', () => {
    open(fib);
    click('Red');
    click('Cancel');
    expect(dialog()).toBeNull();
    expect(current()).toEqual(fib);
    act(() => controller.openSettings('f1'));
    click('Red');
    act(() => {
      dialog()?.dispatchEvent(new Event('cancel', { cancelable: true }));
    });
    expect(dialog()).toBeNull();
    expect(current()).toEqual(fib);
    expect(controller.getState().canUndo).toBe(false);
  });

  it('edits a position’s prices and quantity, checking the stop against the entry', () => {
    open(long);
    expect(byLabel('Entry price').value).toBe('100');
    fill(byLabel('Stop price'), '105');
    expect(errorOf(byLabel('Stop price'))).toBe('A long position’s stop must be below its entry');
    fill(byLabel('Stop price'), '97');
    fill(byLabel('Target price'), '120');
    fill(byLabel('Quantity (optional)'), '0.5');
    click('Apply');
    expect(current()).toMatchObject({ stop: 97, target: 120, quantity: 0.5 });
  });

  it('gives focus back to what opened it', () => {
    const opener = document.createElement('button');
    document.body.append(opener);
    opener.focus();
    open(fib);
    click('Cancel');
    expect(document.activeElement).toBe(opener);
    opener.remove();
  });
});

describe('two charts sharing one controller', () => {
  it('show the settings on the chart they were opened from only', () => {
    controller = new DrawingController({ createId: () => 'x', drawings: [fib] });
    act(() =>
      root.render(
        <>
          <DrawingSettings controller={controller} origin="left" />
          <DrawingSettings controller={controller} origin="right" />
        </>,
      ),
    );
    act(() => controller.openSettings('f1', 'right'));
    expect(host.querySelectorAll('dialog')).toHaveLength(1);
    act(() => controller.closeSettings());
    expect(host.querySelectorAll('dialog')).toHaveLength(0);
  });
});

describe('the settings draft', () => {
  it('reads typed numbers without taking an empty field for zero', () => {
    expect(parseNumber(' 0,618 ')).toBe(0.618);
    expect(parseNumber('')).toBeNaN();
    expect(parseNumber('abc')).toBeNaN();
  });

  it('drops the label when it is emptied and the quantity when it is cleared', () => {
    const labelled = { ...long, quantity: 2, style: { ...style, label: 'Plan A' } };
    const draft = { ...draftOf(labelled), text: '', quantity: '' };
    const { drawing } = applyDraft(labelled, draft);
    expect(drawing).not.toBeNull();
    expect(drawing?.style).toEqual(style);
    expect(drawing && 'quantity' in drawing).toBe(false);
  });
});
