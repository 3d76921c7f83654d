'use client';
// A small spinner at the chart's left edge while older history is on its way.
import type { CSSProperties } from 'react';
import { useChartTheme } from './chart';

const boxStyle: CSSProperties = {
  position: 'absolute',
  left: 8,
  top: '50%',
  transform: 'translateY(-50%)',
  zIndex: 3,
  display: 'flex',
  alignItems: 'center',
  gap: 6,
  padding: '4px 8px',
  borderRadius: 6,
  font: '11px/1.2 ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  // Panning must keep working under it.
  pointerEvents: 'none',
};

const spinnerStyle: CSSProperties = {
  width: 12,
  height: 12,
  borderRadius: '50%',
  borderWidth: 2,
  borderStyle: 'solid',
  animation: 'coinview-chart-spin 0.8s linear infinite',
};

export function HistoryLoading() {
  const { palette } = useChartTheme();
  const box = {
    ...boxStyle,
    border: `1px solid ${palette.border}`,
    background: palette.overlay,
    color: palette.text,
  };
  // Longhands only: mixing `border` with `borderRightColor` upsets React on re-render.
  const spinner = {
    ...spinnerStyle,
    borderColor: palette.crosshair,
    borderRightColor: 'transparent',
  };
  return (
    <div role="status" aria-live="polite" data-testid="history-loading" style={box}>
      <style>{'@keyframes coinview-chart-spin{to{transform:rotate(360deg)}}'}</style>
      <span aria-hidden style={spinner} />
      <span>Loading older bars…</span>
    </div>
  );
}
