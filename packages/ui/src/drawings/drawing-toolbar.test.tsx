// @vitest-environment happy-dom
import type { Drawing } from '@coinview/core/drawings';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DrawingController } from './drawing-controller';
import {
  DRAWING_TOOL_GROUPS,
  DrawingToolbar,
  drawingShortcut,
  useDrawingShortcuts,
  type DrawingToolbarProps,
} from './drawing-toolbar';

const style = { color: '#2962ff', width: 2, dash: 'solid' } as const;
const level = (id: string, price: number): Drawing => ({
  id,
  kind: 'horizontal-line',
  anchors: [{ time: 1_700_000_000, price }],
  style,
  locked: false,
  hidden: false,
});

let host: HTMLDivElement;
let root: Root;
let controller: DrawingController;

beforeEach(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  let n = 0;
  controller = new DrawingController({ createId: () => `d${++n}` });
});

afterEach(() => {
  act(() => root.unmount());
  host.remove();
});

function Shortcuts({ of }: { of: DrawingController }) {
  useDrawingShortcuts(of);
  return <input aria-label="Symbol" />;
}

function render(props: Partial<DrawingToolbarProps> = {}) {
  act(() =>
    root.render(
      <>
        <DrawingToolbar controller={controller} {...props} />
        <Shortcuts of={controller} />
      </>,
    ),
  );
}

const button = (name: string) => {
  const found = host.querySelector<HTMLButtonElement>(`button[aria-label="${name}"]`);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
};
const press = (name: string) => act(() => button(name).click());
const key = (init: KeyboardEventInit, target: EventTarget = window) => {
  const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
  act(() => {
    target.dispatchEvent(event);
  });
  return event;
};

describe('DrawingToolbar', () => {
  it('has a named button per tool, with its shortcut in the tooltip', () => {
    render();
    const toolbar = host.querySelector('[role="toolbar"]');
    expect(toolbar?.getAttribute('aria-label')).toBe('Drawing tools');
    const names = DRAWING_TOOL_GROUPS.flat().map((t) => t.name);
    expect(names).toHaveLength(15);
    for (const name of names) expect(button(name)).toBeTruthy();
    const trend = button('Trend line');
    expect(trend.getAttribute('aria-keyshortcuts')).toBe('Alt+T');
    const tooltip = document.getElementById(trend.getAttribute('aria-describedby')!);
    expect(tooltip?.getAttribute('role')).toBe('tooltip');
    expect(tooltip?.textContent).toBe('Trend lineAlt+T');
    expect(button('Horizontal line').getAttribute('aria-keyshortcuts')).toBe('Alt+H');
    expect(button('Fib retracement').getAttribute('aria-keyshortcuts')).toBe('Alt+F');
  });

  it('picks a tool and shows which one is active', () => {
    render();
    expect(button('Cursor').getAttribute('aria-pressed')).toBe('true');
    press('Rectangle');
    expect(controller.getState().tool).toBe('rectangle');
    expect(button('Rectangle').getAttribute('aria-pressed')).toBe('true');
    expect(button('Cursor').getAttribute('aria-pressed')).toBe('false');
  });

  it('toggles the magnet and hiding all drawings', () => {
    render();
    press('Magnet');
    expect(controller.getState().magnet).toBe(true);
    expect(button('Magnet').getAttribute('aria-pressed')).toBe('true');
    press('Hide all drawings');
    expect(controller.getState().allHidden).toBe(true);
    expect(button('Hide all drawings').getAttribute('aria-pressed')).toBe('true');
  });

  it('removes all drawings only once confirmed, and can undo it', async () => {
    render();
    expect(button('Remove all drawings').disabled).toBe(true);
    expect(button('Undo').disabled).toBe(true);
    act(() => controller.setDrawings([level('a', 100), level('b', 200)]));
    const confirm = vi.fn().mockResolvedValueOnce(false).mockResolvedValueOnce(true);
    render({ confirmRemoveAll: confirm });
    await act(async () => button('Remove all drawings').click());
    expect(confirm).toHaveBeenCalledWith(2);
    expect(controller.getState().drawings).toHaveLength(2);
    await act(async () => button('Remove all drawings').click());
    expect(controller.getState().drawings).toEqual([]);
    press('Undo');
    expect(controller.getState().drawings).toHaveLength(2);
    expect(button('Redo').disabled).toBe(false);
    press('Redo');
    expect(controller.getState().drawings).toEqual([]);
  });

  it('moves focus between its buttons with the arrow keys', () => {
    render();
    act(() => button('Cursor').focus());
    key({ key: 'ArrowDown' }, button('Cursor'));
    expect(document.activeElement).toBe(button('Trend line'));
    key({ key: 'End' }, button('Trend line'));
    // Undo and redo are disabled with nothing to undo: the last enabled button is "Hide all".
    expect(document.activeElement).toBe(button('Hide all drawings'));
  });
});

describe('useDrawingShortcuts', () => {
  it('picks tools with Alt+T, Alt+H and Alt+F, by physical key', () => {
    render();
    expect(key({ key: '†', code: 'KeyT', altKey: true }).defaultPrevented).toBe(true);
    expect(controller.getState().tool).toBe('trend-line');
    key({ key: 'h', code: 'KeyH', altKey: true });
    expect(controller.getState().tool).toBe('horizontal-line');
    key({ key: 'f', code: 'KeyF', altKey: true });
    expect(controller.getState().tool).toBe('fib-retracement');
    expect(button('Fib retracement').getAttribute('aria-pressed')).toBe('true');
    expect(key({ key: 'Escape' }).defaultPrevented).toBe(true);
    expect(controller.getState().tool).toBe('cursor');
  });

  it('removes the selected drawing with Delete or Backspace, and undoes with Ctrl/Cmd+Z', () => {
    render();
    act(() => {
      controller.setDrawings([level('a', 100), level('b', 200)]);
      controller.select('a');
    });
    key({ key: 'Delete' });
    expect(controller.getState().drawings.map((d) => d.id)).toEqual(['b']);
    act(() => controller.select('b'));
    key({ key: 'Backspace' });
    expect(controller.getState().drawings).toEqual([]);
    key({ key: 'z', ctrlKey: true });
    expect(controller.getState().drawings).toHaveLength(1);
    key({ key: 'z', metaKey: true });
    expect(controller.getState().drawings).toHaveLength(2);
    key({ key: 'Z', ctrlKey: true, shiftKey: true });
    expect(controller.getState().drawings).toHaveLength(1);
  });

  it('leaves keys typed into a field alone, and keys that did nothing to the page', () => {
    render();
    act(() => {
      controller.setDrawings([level('a', 100)]);
      controller.select('a');
    });
    const input = host.querySelector('input')!;
    expect(key({ key: 'Backspace' }, input).defaultPrevented).toBe(false);
    expect(key({ key: 't', code: 'KeyT', altKey: true }, input).defaultPrevented).toBe(false);
    expect(controller.getState()).toMatchObject({ tool: 'cursor', selectedId: 'a' });
    expect(controller.getState().drawings).toHaveLength(1);
    // Nothing to undo: Ctrl+Z stays the browser's.
    expect(key({ key: 'z', ctrlKey: true }).defaultPrevented).toBe(false);
  });
});

describe('drawingShortcut', () => {
  const keys = {
    key: '',
    code: '',
    altKey: false,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
  };
  it('reads each shortcut and nothing else', () => {
    expect(drawingShortcut({ ...keys, key: 't', code: 'KeyT', altKey: true })).toEqual({
      tool: 'trend-line',
    });
    expect(drawingShortcut({ ...keys, key: 'y', ctrlKey: true })).toBe('redo');
    expect(drawingShortcut({ ...keys, key: 'z', metaKey: true, shiftKey: true })).toBe('redo');
    expect(drawingShortcut({ ...keys, key: 't', code: 'KeyT' })).toBeNull();
    expect(
      drawingShortcut({ ...keys, key: 't', code: 'KeyT', altKey: true, ctrlKey: true }),
    ).toBeNull();
    expect(drawingShortcut({ ...keys, key: 'Delete', shiftKey: true })).toBeNull();
  });
});
