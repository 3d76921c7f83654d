'use client';
// A small spinner at the chart's left edge while older history is on its way.
import type { CSSProperties } from 'react';
import { chartColors } from './chart-theme';

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
  border: `1px solid ${chartColors.border}`,
  background: 'rgba(11, 14, 20, 0.85)',
  color: chartColors.text,
  font: '11px/1.2 ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  // Panning must keep working under it.
  pointerEvents: 'none',
};

const spinnerStyle: CSSProperties = {
  width: 12,
  height: 12,
  borderRadius: '50%',
  border: `2px solid ${chartColors.crosshair}`,
  borderRightColor: 'transparent',
  animation: 'coinview-chart-spin 0.8s linear infinite',
};

export function HistoryLoading() {
  return (
    <div role="status" aria-live="polite" data-testid="history-loading" style={boxStyle}>
      <style>{'@keyframes coinview-chart-spin{to{transform:rotate(360deg)}}'}</style>
      <span aria-hidden style={spinnerStyle} />
      <span>Loading older bars…</span>
    </div>
  );
}
