'use client';
// The chart host: creates one lightweight-charts instance for the life of the component, removes it
// on unmount, and hands it to child components (series, panes, legends) through context, so that
// each of them adds and removes itself without the host knowing what is drawn.
import {
  createChart,
  type ChartOptions,
  type DeepPartial,
  type IChartApi,
} from 'lightweight-charts';
import {
  createContext,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type ReactNode,
} from 'react';
import {
  chartOptions,
  chartPalette,
  chartThemeOptions,
  type ChartPalette,
  type Theme,
} from './chart-theme';

/** The chart instance plus whether it has been removed (children clean up after their parent). */
export interface ChartHandle {
  readonly api: IChartApi;
  readonly removed: boolean;
}

export interface ChartTheme {
  readonly theme: Theme;
  /** Colours of the current theme: overlays and series read them from here. */
  readonly palette: ChartPalette;
}

const ChartContext = createContext<ChartHandle | null>(null);
// Separate from the handle: a theme switch re-renders the children that paint, without making
// every series think it has a new chart (effects keyed on the handle would re-create them).
const ChartThemeContext = createContext<ChartTheme>({
  theme: 'dark',
  palette: chartPalette('dark'),
});

/** The theme and palette of the nearest `<Chart>`. */
export function useChartTheme(): ChartTheme {
  return useContext(ChartThemeContext);
}

/** The chart of the nearest `<Chart>`; only usable in its children. */
export function useChart(): ChartHandle {
  const handle = useContext(ChartContext);
  if (!handle) throw new Error('useChart must be used inside <Chart>');
  return handle;
}

export interface ChartProps {
  /** Overlays and series components. Rendered once the chart exists. */
  children?: ReactNode;
  /** Place and size the chart with these (it fills the element: give it a height). */
  className?: string;
  style?: CSSProperties;
  /** Dark (default) or light: colours of the chart and of everything drawn in it. */
  theme?: Theme;
  /** Options merged over the theme's; later changes are applied, never rebuilt. */
  options?: DeepPartial<ChartOptions>;
  /** Attributes for the outer element (test ids, data attributes). */
  attributes?: Record<`data-${string}`, string | number | undefined>;
}

// The outer element is the caller's to place and size; this frame fills it and anchors overlays.
const frameStyle: CSSProperties = {
  position: 'relative',
  width: '100%',
  height: '100%',
  overflow: 'hidden',
};
const hostStyle: CSSProperties = { position: 'absolute', inset: 0 };

export function Chart({
  children,
  className,
  style,
  theme = 'dark',
  options,
  attributes,
}: ChartProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const [handle, setHandle] = useState<ChartHandle | null>(null);
  const chartTheme = useMemo<ChartTheme>(() => ({ theme, palette: chartPalette(theme) }), [theme]);
  // Read by the effects below without re-running them; declared first so it is current for them.
  const latest = useRef({ theme, options });
  useLayoutEffect(() => {
    latest.current = { theme, options };
  });
  // The theme the chart's colours are in now.
  const painted = useRef(theme);

  useLayoutEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const { theme, options } = latest.current;
    const api = createChart(host, chartOptions(theme));
    painted.current = theme;
    // applyOptions merges deeply: `options: { layout: { fontSize } }` keeps the theme's colours.
    if (options) api.applyOptions(options);
    api.applyOptions({ autoSize: true });
    const created = { api, removed: false };
    setHandle(created);
    return () => {
      created.removed = true;
      setHandle(null);
      api.remove();
    };
  }, []);

  // A theme switch repaints the chart in place: scales, zoom and crosshair keep their state.
  useEffect(() => {
    if (!handle || painted.current === theme) return;
    painted.current = theme;
    handle.api.applyOptions(chartThemeOptions(theme));
    // The caller's options win over the theme's, as at creation.
    const { options } = latest.current;
    if (options) handle.api.applyOptions(options);
  }, [handle, theme]);

  useEffect(() => {
    if (handle && options) handle.api.applyOptions(options);
  }, [handle, options]);

  return (
    <div className={className} style={style} {...attributes}>
      <div style={frameStyle}>
        {/* lightweight-charts owns this element's DOM; React never renders into it. */}
        <div ref={hostRef} style={hostStyle} />
        {handle && (
          <ChartContext value={handle}>
            <ChartThemeContext value={chartTheme}>{children}</ChartThemeContext>
          </ChartContext>
        )}
      </div>
    </div>
  );
}
