'use client';
// TradingView's chart keys: typing a letter or digit on the chart opens the symbol search with it
// already typed, and , / . step to the previous / next interval. Only where a key means nothing
// else: not while typing in a field, not inside a dialog, menu or list (they have their own type-
// ahead), and not with Ctrl, Alt or Cmd (those are shortcuts: the drawing tools' Alt+T…).
import { INTERVALS, type Interval } from '@coinview/core/interval';
import { useEffect } from 'react';
import { useLatest } from '@coinview/ui/use-latest';

export type ChartKey = { type: string } | { step: -1 | 1 };

type Keys = Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey' | 'isComposing'>;

/** What a key press on the chart page means, if anything. */
export function chartKey(e: Keys): ChartKey | null {
  if (e.ctrlKey || e.altKey || e.metaKey || e.isComposing) return null;
  if (e.key === ',') return { step: -1 };
  if (e.key === '.') return { step: 1 };
  return /^[a-z0-9]$/i.test(e.key) ? { type: e.key.toUpperCase() } : null;
}

/** The interval `step` places from `current` in the chart's list, staying at either end. */
export function stepInterval(current: Interval, step: -1 | 1): Interval {
  const i = INTERVALS.indexOf(current);
  return INTERVALS[Math.min(INTERVALS.length - 1, Math.max(0, i + step))]!;
}

function elsewhere(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target instanceof HTMLElement && target.isContentEditable) return true;
  return (
    target.closest(
      'input, textarea, select, [contenteditable]:not([contenteditable="false"]), [role="dialog"], [role="menu"], [role="listbox"], [role="combobox"]',
    ) !== null
  );
}

export function useChartKeys(handlers: {
  onType: (text: string) => void;
  onStepInterval: (step: -1 | 1) => void;
}): void {
  const latest = useLatest(handlers);
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || elsewhere(e.target)) return;
      // An open dialog (the symbol search itself, a picker) owns the keyboard.
      if (document.querySelector('[role="dialog"]')) return;
      const key = chartKey(e);
      if (!key) return;
      e.preventDefault();
      if ('type' in key) latest.current.onType(key.type);
      else latest.current.onStepInterval(key.step);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [latest]);
}
