'use client';
// TradingView-style study legends: one row per indicator at the top-left of the pane it is drawn
// in (under the price legend on the price pane), with its values at the crosshair and small
// buttons to hide, edit or remove it. Only the buttons take the pointer: the rest lets the chart
// underneath pan and zoom. The rows carry data attributes that e2e tests and benchmarks read.
import type { CSSProperties } from 'react';
import { useChartTheme } from './chart';
import type { ChartPalette } from './chart-theme';
import type { LegendValue } from './indicator-legend-format';

export interface LegendRow {
  instanceId: string;
  /** Catalogue id (`rsi`…). */
  indicator: string;
  /** Chart pane index the indicator is drawn in. */
  pane: number;
  label: string;
  visible: boolean;
  values: readonly LegendValue[];
  /** Points drawn for the first output (markers for patterns). */
  points: number;
  /** The last bar's outputs as JSON. */
  valuesJson: string;
  error?: string;
}

export interface IndicatorLegendProps {
  rows: readonly LegendRow[];
  /** Pixel top of each chart pane. */
  tops: readonly number[];
  /** The row under the pointer: its buttons show. */
  hovered?: string;
  onToggleVisible?: (instanceId: string) => void;
  onEdit?: (instanceId: string) => void;
  onRemove?: (instanceId: string) => void;
  /** Create an alert on the indicator. */
  onAlert?: (instanceId: string) => void;
  rowRef?: (instanceId: string, element: HTMLElement | null) => void;
}

/** Where the price pane's rows start: below the OHLC line of the chart legend. */
export const PRICE_LEGEND_TOP = 30;

// :hover and media queries need a stylesheet; class names are prefixed to stay out of the app's way.
const css = `
.cv-ind-legend{position:absolute;left:12px;z-index:3;display:flex;flex-direction:column;align-items:flex-start;gap:1px;pointer-events:none;font:12px/1.5 ui-sans-serif,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-variant-numeric:tabular-nums}
.cv-ind-row{display:flex;align-items:center;gap:6px;white-space:nowrap;border-radius:3px;padding:0 3px}
.cv-ind-row[data-hidden="true"] .cv-ind-text{opacity:.45}
.cv-ind-buttons{display:inline-flex;gap:1px;opacity:0;pointer-events:auto;transition:opacity .1s}
.cv-ind-row[data-hover="true"] .cv-ind-buttons,.cv-ind-buttons:hover,.cv-ind-buttons:focus-within{opacity:1}
@media (hover:none),(max-width:640px){.cv-ind-buttons{opacity:1}}
.cv-ind-btn{display:inline-flex;align-items:center;justify-content:center;width:20px;height:18px;padding:0;border:0;border-radius:3px;background:transparent;color:inherit;cursor:pointer}
.cv-ind-btn:hover,.cv-ind-btn:focus-visible{background:var(--cv-ind-hover)}
.cv-ind-btn:focus-visible{outline:1px solid currentColor}
`;

const iconProps = {
  width: 14,
  height: 14,
  viewBox: '0 0 16 16',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.4,
  'aria-hidden': true,
} as const;

function EyeIcon({ open }: { open: boolean }) {
  return (
    <svg {...iconProps}>
      <path d="M1.5 8s2.4-4.5 6.5-4.5S14.5 8 14.5 8 12.1 12.5 8 12.5 1.5 8 1.5 8z" />
      <circle cx="8" cy="8" r="2" />
      {!open && <path d="M2.5 13.5l11-11" />}
    </svg>
  );
}

function GearIcon() {
  return (
    <svg {...iconProps}>
      <circle cx="8" cy="8" r="2.2" />
      <path d="M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4" />
    </svg>
  );
}

function BellIcon() {
  return (
    <svg {...iconProps}>
      <path d="M4 11V7.5a4 4 0 1 1 8 0V11l1 1.5H3L4 11z" />
      <path d="M6.8 14h2.4" />
    </svg>
  );
}

function CloseIcon() {
  return (
    <svg {...iconProps}>
      <path d="M4 4l8 8M12 4l-8 8" />
    </svg>
  );
}

function Row({
  row,
  hovered,
  palette,
  props,
}: {
  row: LegendRow;
  hovered: boolean;
  palette: ChartPalette;
  props: IndicatorLegendProps;
}) {
  const { onToggleVisible, onEdit, onRemove, onAlert, rowRef } = props;
  const style = { background: hovered ? palette.overlay : undefined } as CSSProperties;
  return (
    <div
      className="cv-ind-row"
      style={style}
      ref={rowRef ? (el) => rowRef(row.instanceId, el) : undefined}
      data-testid="indicator-legend"
      data-instance-id={row.instanceId}
      data-indicator={row.indicator}
      data-pane={row.pane}
      data-points={row.points}
      data-values={row.valuesJson}
      data-visible={String(row.visible)}
      data-hidden={String(!row.visible)}
      data-hover={String(hovered)}
    >
      <span className="cv-ind-text" style={{ color: palette.textStrong }}>
        {row.label}
      </span>
      {row.error !== undefined ? (
        <span className="cv-ind-text" style={{ color: palette.downText }} title={row.error}>
          error
        </span>
      ) : (
        row.visible &&
        row.values.map((v) => (
          <span key={v.output} className="cv-ind-text" style={{ color: v.color }}>
            {v.text}
          </span>
        ))
      )}
      <span className="cv-ind-buttons" style={{ color: palette.text }}>
        {onToggleVisible && (
          <button
            type="button"
            className="cv-ind-btn"
            aria-label={`${row.visible ? 'Hide' : 'Show'} ${row.label}`}
            onClick={() => onToggleVisible(row.instanceId)}
          >
            <EyeIcon open={row.visible} />
          </button>
        )}
        {onEdit && (
          <button
            type="button"
            className="cv-ind-btn"
            aria-label={`Settings for ${row.label}`}
            onClick={() => onEdit(row.instanceId)}
          >
            <GearIcon />
          </button>
        )}
        {onAlert && row.error === undefined && row.indicator !== 'patterns' && (
          <button
            type="button"
            className="cv-ind-btn"
            aria-label={`Add alert on ${row.label}`}
            onClick={() => onAlert(row.instanceId)}
          >
            <BellIcon />
          </button>
        )}
        {onRemove && (
          <button
            type="button"
            className="cv-ind-btn"
            aria-label={`Remove ${row.label}`}
            onClick={() => onRemove(row.instanceId)}
          >
            <CloseIcon />
          </button>
        )}
      </span>
    </div>
  );
}

export function IndicatorLegend(props: IndicatorLegendProps) {
  const { palette } = useChartTheme();
  const { rows, tops, hovered } = props;
  const panes = [...new Set(rows.map((r) => r.pane))].sort((a, b) => a - b);
  return (
    <>
      <style>{css}</style>
      {panes.map((pane) => {
        // Oscillator panes: at the pane's top-left; the price pane's rows sit under the OHLC line.
        const top = pane === 0 ? PRICE_LEGEND_TOP : (tops[pane] ?? 0) + 4;
        return (
          <div
            key={pane}
            className="cv-ind-legend"
            data-testid="indicator-legend-pane"
            data-pane={pane}
            style={{ top, ['--cv-ind-hover' as string]: palette.border }}
          >
            {rows
              .filter((r) => r.pane === pane)
              .map((row) => (
                <Row
                  key={row.instanceId}
                  row={row}
                  hovered={row.instanceId === hovered}
                  palette={palette}
                  props={props}
                />
              ))}
          </div>
        );
      })}
    </>
  );
}
