'use client';
// The layout-grid button of the toolbar, like TradingView's: how many charts and how they are
// arranged (1, 2 side by side or stacked, 3, 4), and what the charts keep in step (symbol,
// interval, crosshair, time range).
import { cn } from '@coinview/ui/cn';
import type { ChartSync, LayoutGrid } from '@coinview/core/layout';
import * as Menu from '@radix-ui/react-dropdown-menu';

const GRIDS: { grid: LayoutGrid; label: string }[] = [
  { grid: '1', label: 'One chart' },
  { grid: '2h', label: 'Two charts side by side' },
  { grid: '2v', label: 'Two charts stacked' },
  { grid: '3', label: 'Three charts' },
  { grid: '4', label: 'Four charts' },
];

const SYNC: { key: keyof ChartSync; label: string }[] = [
  { key: 'symbol', label: 'Symbol' },
  { key: 'interval', label: 'Interval' },
  { key: 'crosshair', label: 'Crosshair' },
  { key: 'time', label: 'Time range' },
];

const itemClass =
  'flex cursor-pointer select-none items-center gap-2.5 rounded px-2.5 py-1.5 text-sm text-fg outline-none data-[highlighted]:bg-raised';

/** A small picture of the grid: the cells it splits the chart area into. */
export function GridIcon({ grid, className }: { grid: LayoutGrid; className?: string }) {
  const cells: [number, number, number, number][] = {
    '1': [[1, 1, 14, 10]],
    '2h': [
      [1, 1, 6.5, 10],
      [8.5, 1, 6.5, 10],
    ],
    '2v': [
      [1, 1, 14, 4.5],
      [1, 6.5, 14, 4.5],
    ],
    '3': [
      [1, 1, 6.5, 10],
      [8.5, 1, 6.5, 4.5],
      [8.5, 6.5, 6.5, 4.5],
    ],
    '4': [
      [1, 1, 6.5, 4.5],
      [8.5, 1, 6.5, 4.5],
      [1, 6.5, 6.5, 4.5],
      [8.5, 6.5, 6.5, 4.5],
    ],
  }[grid] as [number, number, number, number][];
  return (
    <svg viewBox="0 0 16 12" aria-hidden className={cn('h-3.5 w-5', className)}>
      {cells.map(([x, y, w, h]) => (
        <rect
          key={`${x}-${y}`}
          x={x}
          y={y}
          width={w}
          height={h}
          rx={1}
          fill="none"
          stroke="currentColor"
          strokeWidth={1.2}
        />
      ))}
    </svg>
  );
}

export function GridMenu(props: {
  grid: LayoutGrid;
  sync: ChartSync;
  onGrid: (grid: LayoutGrid) => void;
  onSync: (key: keyof ChartSync, on: boolean) => void;
}) {
  const current = GRIDS.find((g) => g.grid === props.grid) ?? GRIDS[0]!;
  return (
    <Menu.Root modal={false}>
      <Menu.Trigger asChild>
        <button
          type="button"
          aria-label={`Charts in this layout: ${current.label.toLowerCase()}`}
          title="Layout grid and sync"
          data-testid="grid-menu"
          data-grid={props.grid}
          className="flex h-8 items-center gap-1 rounded-md px-2 text-muted hover:bg-raised hover:text-fg"
        >
          <GridIcon grid={props.grid} />
          <span aria-hidden className="text-xs">
            ▾
          </span>
        </button>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          align="start"
          sideOffset={6}
          className="z-40 w-60 rounded-lg border border-line bg-panel p-1 shadow-2xl"
        >
          <Menu.Label className="px-2.5 py-1 text-xs font-medium uppercase tracking-wide text-faint">
            Charts
          </Menu.Label>
          <Menu.RadioGroup
            value={props.grid}
            onValueChange={(v) => {
              const grid = GRIDS.find((g) => g.grid === v)?.grid;
              if (grid) props.onGrid(grid);
            }}
          >
            {GRIDS.map((g) => (
              <Menu.RadioItem key={g.grid} value={g.grid} className={itemClass}>
                <GridIcon grid={g.grid} className={g.grid === props.grid ? 'text-accent' : ''} />
                <span className="flex-1">{g.label}</span>
                <Menu.ItemIndicator className="text-accent">✓</Menu.ItemIndicator>
              </Menu.RadioItem>
            ))}
          </Menu.RadioGroup>
          <Menu.Separator className="my-1 h-px bg-line" />
          <Menu.Label className="px-2.5 py-1 text-xs font-medium uppercase tracking-wide text-faint">
            Sync across charts
          </Menu.Label>
          {SYNC.map((s) => (
            <Menu.CheckboxItem
              key={s.key}
              className={itemClass}
              checked={props.sync[s.key]}
              disabled={props.grid === '1'}
              onCheckedChange={(on) => props.onSync(s.key, on)}
              // Several options are usually toggled in a row: the menu stays open.
              onSelect={(e) => e.preventDefault()}
            >
              <span
                aria-hidden
                className={cn(
                  'flex size-4 items-center justify-center rounded border text-[10px]',
                  props.sync[s.key]
                    ? 'border-accent bg-accent-fill text-white'
                    : 'border-line-strong',
                )}
              >
                {props.sync[s.key] ? '✓' : ''}
              </span>
              {s.label}
            </Menu.CheckboxItem>
          ))}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
