'use client';
// The drawing toolbar on the chart's left edge, TradingView's: a button per tool, then the magnet,
// hide all, remove all, undo and redo. It renders the DrawingController's state and calls it; the
// keyboard shortcuts are a separate hook so the app can have them with or without the toolbar.
import { useEffect, useId, useSyncExternalStore, type KeyboardEvent, type ReactNode } from 'react';
import { cn } from '../cn';
import type { DrawingController, DrawingControllerState, DrawingTool } from './drawing-controller';
import {
  EyeIcon,
  EyeOffIcon,
  MagnetIcon,
  RedoIcon,
  TOOL_ICONS,
  TrashIcon,
  UndoIcon,
} from './drawing-icons';

export interface DrawingToolInfo {
  tool: DrawingTool;
  /** The button's accessible name and tooltip. */
  name: string;
  /** As `aria-keyshortcuts` writes it. */
  shortcut?: string;
}

/** The tools in toolbar order, in groups (lines, shapes, Fibonacci, positions, measures, note). */
export const DRAWING_TOOL_GROUPS: readonly (readonly DrawingToolInfo[])[] = [
  [{ tool: 'cursor', name: 'Cursor', shortcut: 'Escape' }],
  [
    { tool: 'trend-line', name: 'Trend line', shortcut: 'Alt+T' },
    { tool: 'ray', name: 'Ray' },
    { tool: 'extended-line', name: 'Extended line' },
    { tool: 'horizontal-line', name: 'Horizontal line', shortcut: 'Alt+H' },
    { tool: 'horizontal-ray', name: 'Horizontal ray' },
    { tool: 'vertical-line', name: 'Vertical line' },
  ],
  [
    { tool: 'rectangle', name: 'Rectangle' },
    { tool: 'parallel-channel', name: 'Parallel channel' },
  ],
  [{ tool: 'fib-retracement', name: 'Fib retracement', shortcut: 'Alt+F' }],
  [
    { tool: 'long-position', name: 'Long position' },
    { tool: 'short-position', name: 'Short position' },
  ],
  [
    { tool: 'price-range', name: 'Price range' },
    { tool: 'date-range', name: 'Date range' },
  ],
  [{ tool: 'text', name: 'Text note' }],
];

/** The controller's state, re-rendering on every change. */
export function useDrawingState(controller: DrawingController): DrawingControllerState {
  return useSyncExternalStore(controller.subscribe, controller.getState, controller.getState);
}

export type DrawingShortcut = { tool: DrawingTool } | 'cancel' | 'remove' | 'undo' | 'redo';

type Keys = Pick<
  globalThis.KeyboardEvent,
  'key' | 'code' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'
>;

// By physical key: on a Mac, Alt+T types "†", so `key` would not say T.
const ALT_TOOLS: Partial<Record<string, DrawingTool>> = {
  KeyT: 'trend-line',
  KeyH: 'horizontal-line',
  KeyF: 'fib-retracement',
};

/** What a key press means to the drawing tools, if anything. */
export function drawingShortcut(e: Keys): DrawingShortcut | null {
  const mod = e.ctrlKey || e.metaKey;
  if (e.altKey) {
    const tool = !mod && !e.shiftKey ? ALT_TOOLS[e.code] : undefined;
    return tool ? { tool } : null;
  }
  const key = e.key.toLowerCase();
  if (mod) {
    if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
    return key === 'y' && !e.shiftKey ? 'redo' : null;
  }
  if (e.shiftKey) return null;
  if (e.key === 'Escape') return 'cancel';
  return e.key === 'Delete' || e.key === 'Backspace' ? 'remove' : null;
}

/** Runs a shortcut; false when it did nothing (so the key keeps its usual meaning). */
export function runDrawingShortcut(controller: DrawingController, shortcut: DrawingShortcut) {
  if (typeof shortcut === 'object') {
    controller.setTool(shortcut.tool);
    return true;
  }
  switch (shortcut) {
    case 'cancel':
      return controller.cancel();
    case 'remove':
      return controller.removeSelected();
    case 'undo':
      return controller.undo();
    case 'redo':
      return controller.redo();
  }
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target instanceof HTMLElement && target.isContentEditable) return true;
  // A dialog's keys are its own: Delete on its button must not remove the selected drawing.
  return (
    target.closest(
      'input, textarea, select, [contenteditable]:not([contenteditable="false"]), [role="dialog"]',
    ) !== null
  );
}

/**
 * Alt+T trend line, Alt+H horizontal line, Alt+F Fibonacci, Esc cancel, Delete/Backspace remove
 * the selected drawing, Ctrl/Cmd+Z undo, Ctrl/Cmd+Shift+Z (or Ctrl+Y) redo — anywhere on the page
 * except while typing in a field. A key is only taken (default prevented) when it did something.
 */
export function useDrawingShortcuts(controller: DrawingController, enabled = true): void {
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (e: globalThis.KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || isTyping(e.target)) return;
      const shortcut = drawingShortcut(e);
      if (shortcut && runDrawingShortcut(controller, shortcut)) e.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [controller, enabled]);
}

export interface DrawingToolbarProps {
  controller: DrawingController;
  /**
   * Asked before "Remove all" removes every drawing (it can be undone): return or resolve true to
   * go ahead. Without it the drawings are removed at once.
   */
  confirmRemoveAll?: (count: number) => boolean | Promise<boolean>;
  className?: string;
}

export function DrawingToolbar({ controller, confirmRemoveAll, className }: DrawingToolbarProps) {
  const state = useDrawingState(controller);
  const count = state.drawings.length;

  const removeAll = async () => {
    if (count === 0) return;
    if (confirmRemoveAll && !(await confirmRemoveAll(count))) return;
    controller.removeAll();
  };

  return (
    <div
      role="toolbar"
      aria-label="Drawing tools"
      aria-orientation="vertical"
      onKeyDown={moveFocus}
      className={cn(
        'flex w-11 shrink-0 flex-col items-center gap-0.5 border-r border-line bg-panel py-1.5',
        className,
      )}
    >
      {DRAWING_TOOL_GROUPS.map((group, i) => (
        <div key={i} className="flex flex-col items-center gap-0.5">
          {i > 0 && <Divider />}
          {group.map(({ tool, name, shortcut }) => (
            <ToolButton
              key={tool}
              label={name}
              shortcut={shortcut}
              pressed={state.tool === tool}
              onClick={() => controller.setTool(tool)}
            >
              {TOOL_ICONS[tool]}
            </ToolButton>
          ))}
        </div>
      ))}
      <Divider />
      <ToolButton
        label="Magnet"
        hint="Snap points to open, high, low or close"
        pressed={state.magnet}
        onClick={() => controller.setMagnet(!state.magnet)}
      >
        {MagnetIcon}
      </ToolButton>
      <ToolButton
        label="Hide all drawings"
        pressed={state.allHidden}
        onClick={() => controller.setAllHidden(!state.allHidden)}
      >
        {state.allHidden ? EyeOffIcon : EyeIcon}
      </ToolButton>
      <ToolButton label="Remove all drawings" disabled={count === 0} onClick={removeAll}>
        {TrashIcon}
      </ToolButton>
      <Divider />
      <ToolButton
        label="Undo"
        shortcut="Control+Z"
        disabled={!state.canUndo}
        onClick={() => controller.undo()}
      >
        {UndoIcon}
      </ToolButton>
      <ToolButton
        label="Redo"
        shortcut="Control+Shift+Z"
        disabled={!state.canRedo}
        onClick={() => controller.redo()}
      >
        {RedoIcon}
      </ToolButton>
    </div>
  );
}

function Divider() {
  return <span aria-hidden className="my-1 h-px w-6 bg-line" />;
}

/** Up/Down (and Home/End) move between the toolbar's buttons, as in an ARIA toolbar. */
function moveFocus(e: KeyboardEvent<HTMLDivElement>) {
  const keys: Record<string, number> = {
    ArrowDown: 1,
    ArrowUp: -1,
    Home: -Infinity,
    End: Infinity,
  };
  const step = keys[e.key];
  if (step === undefined) return;
  const buttons = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button:not(:disabled)')];
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  const to = Number.isFinite(step) ? at + step : step < 0 ? 0 : buttons.length - 1;
  const next = buttons[Math.min(buttons.length - 1, Math.max(0, to))];
  if (!next) return;
  e.preventDefault();
  next.focus();
}

/** How a shortcut reads in a tooltip: "Alt+T", "Esc", "Ctrl+Shift+Z". */
const shortcutLabel = (shortcut: string) =>
  shortcut.replace('Escape', 'Esc').replace('Control', 'Ctrl');

function ToolButton({
  label,
  shortcut,
  hint,
  pressed,
  disabled,
  onClick,
  children,
}: {
  label: string;
  shortcut?: string;
  hint?: string;
  pressed?: boolean;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  const tipId = useId();
  return (
    <div className="group relative">
      <button
        type="button"
        aria-label={label}
        aria-pressed={pressed}
        aria-keyshortcuts={shortcut}
        aria-describedby={tipId}
        disabled={disabled}
        onClick={onClick}
        className={cn(
          'flex size-8 items-center justify-center rounded-md transition-colors',
          'focus-visible:outline-2 focus-visible:outline-muted disabled:cursor-not-allowed disabled:opacity-40',
          pressed ? 'bg-raised text-accent' : 'text-muted hover:bg-raised hover:text-fg',
        )}
      >
        {children}
      </button>
      <span
        role="tooltip"
        id={tipId}
        className="pointer-events-none absolute left-full top-1/2 z-40 ml-2 hidden -translate-y-1/2 whitespace-nowrap rounded-md border border-line bg-raised px-2 py-1 text-xs text-fg shadow-lg group-has-[:focus-visible]:block group-hover:block"
      >
        {label}
        {shortcut && <span className="ml-2 text-muted">{shortcutLabel(shortcut)}</span>}
        {hint && <span className="block text-muted">{hint}</span>}
      </span>
    </div>
  );
}
