'use client';
// Symbol search: a modal over the exchange's symbols (market.symbols), searched by symbol, base or
// quote asset ("btc", "eth/usdt"). Enter or a click opens the symbol on the chart; Shift+Enter, the
// button under the list (for the highlighted row) or a click on the row's star adds it to the
// watchlist (or takes it off), without closing. The star is not a button: an option may not hold
// another control (screen readers would not reach it), so it is the pointer's shortcut and the
// button under the list is the control everyone can reach with Tab.
import { cn } from '@coinview/ui/cn';
import { Command } from 'cmdk';
import { type KeyboardEvent, useMemo, useState } from 'react';
import { SheetDialog } from '~/components/dialogs';
import { filterSymbols } from './symbol-filter';
import { useSymbols } from './use-symbol-info';
import { useWatchlist } from './use-watchlist';

export interface SymbolSearchProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Enter or click on a result: open it on the chart (the caller closes the dialog). */
  onSelect: (symbol: string) => void;
  /** What the search starts with (a key typed on the chart opened it). */
  initialQuery?: string;
}

/** Rows rendered at once; typing narrows the ~2,000 symbols Binance lists. */
const MAX_RESULTS = 100;

export function SymbolSearch({ open, onOpenChange, onSelect, initialQuery }: SymbolSearchProps) {
  return (
    <SheetDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Symbol search"
      description="Search the exchange's symbols. Enter opens the symbol on the chart; Shift+Enter adds it to the watchlist or removes it."
      className="sm:h-[min(560px,80vh)] sm:w-[520px]"
      testId="symbol-search"
    >
      <SearchBody onSelect={onSelect} initialQuery={initialQuery} />
    </SheetDialog>
  );
}

function SearchBody({
  onSelect,
  initialQuery,
}: Pick<SymbolSearchProps, 'onSelect' | 'initialQuery'>) {
  const symbols = useSymbols();
  const watchlist = useWatchlist();
  const [search, setSearch] = useState(initialQuery ?? '');
  const [highlighted, setHighlighted] = useState('');
  const results = useMemo(
    () => filterSymbols(symbols.data ?? [], search, MAX_RESULTS),
    [symbols.data, search],
  );

  const toggle = (symbol: string) =>
    watchlist.has(symbol) ? watchlist.remove(symbol) : watchlist.add(symbol);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && e.shiftKey && highlighted) {
      e.preventDefault();
      toggle(highlighted);
    }
  };

  return (
    <>
      <Command
        label="Search symbols"
        shouldFilter={false}
        value={highlighted}
        onValueChange={setHighlighted}
        onKeyDown={onKeyDown}
        loop
        className="flex min-h-0 flex-1 flex-col"
      >
        <div className="border-b border-line px-4 py-2">
          <Command.Input
            value={search}
            onValueChange={setSearch}
            placeholder="Symbol, e.g. BTC or ETH/USDT"
            autoFocus
            className="h-9 w-full rounded-md border border-line bg-canvas px-3 text-sm text-fg uppercase placeholder:normal-case placeholder:text-faint focus:border-accent focus:outline-none"
          />
        </div>
        <Command.List className="min-h-0 flex-1 overflow-y-auto overscroll-contain px-2 py-2">
          {symbols.isPending ? (
            <Command.Loading>
              <p className="px-3 py-8 text-center text-sm text-muted">Loading symbols…</p>
            </Command.Loading>
          ) : symbols.isError ? (
            <div
              role="alert"
              className="flex flex-col items-center gap-3 px-3 py-8 text-center text-sm text-down"
            >
              <span>{symbols.error.message}</span>
              <button
                type="button"
                onClick={() => void symbols.refetch()}
                className="rounded border border-line px-2.5 py-1 text-xs text-fg hover:bg-raised"
              >
                Retry
              </button>
            </div>
          ) : (
            <Command.Empty className="px-3 py-8 text-center text-sm text-muted">
              No symbol matches “{search}”.
            </Command.Empty>
          )}
          {results.map((s) => {
            const watched = watchlist.has(s.symbol);
            return (
              <Command.Item
                key={s.symbol}
                value={s.symbol}
                onSelect={() => onSelect(s.symbol)}
                data-testid="symbol-search-row"
                data-symbol={s.symbol}
                data-watched={String(watched)}
                className="flex cursor-pointer items-center gap-3 rounded-md px-2 py-2 data-[selected=true]:bg-raised"
              >
                <span className="min-w-0 flex-1">
                  <span className="block truncate font-mono text-sm text-fg-strong">
                    {s.symbol}
                  </span>
                  <span className="block truncate text-xs text-muted">
                    {s.baseAsset} / {s.quoteAsset}
                  </span>
                </span>
                {watched ? <span className="text-xs text-muted">In watchlist</span> : null}
                <span
                  aria-hidden
                  data-testid="symbol-search-star"
                  title={watched ? 'Remove from watchlist' : 'Add to watchlist'}
                  onPointerDown={(e) => e.stopPropagation()}
                  onClick={(e) => {
                    e.stopPropagation();
                    toggle(s.symbol);
                  }}
                  className={cn(
                    'flex size-8 shrink-0 items-center justify-center rounded text-base hover:bg-line',
                    watched ? 'text-warn' : 'text-faint hover:text-fg',
                  )}
                >
                  {watched ? '★' : '☆'}
                </span>
              </Command.Item>
            );
          })}
        </Command.List>
      </Command>
      {watchlist.error ? (
        <p role="alert" className="border-t border-line px-4 py-2 text-xs text-down">
          {watchlist.error.message}
        </p>
      ) : null}
      <div className="flex min-h-10 items-center justify-between gap-3 border-t border-line px-4 py-1.5 text-xs text-muted">
        <p>↑↓ to choose · Enter to open · Shift+Enter to add to the watchlist · Esc to close</p>
        {highlighted ? (
          <button
            type="button"
            onClick={() => toggle(highlighted)}
            aria-pressed={watchlist.has(highlighted)}
            className="shrink-0 whitespace-nowrap rounded-md border border-line-strong px-2.5 py-1 text-fg hover:bg-raised"
          >
            <span aria-hidden className={watchlist.has(highlighted) ? 'text-warn' : 'text-muted'}>
              {watchlist.has(highlighted) ? '★' : '☆'}
            </span>{' '}
            {watchlist.has(highlighted) ? 'Remove' : 'Add'} {highlighted}
            <span className="sr-only">
              {' '}
              {watchlist.has(highlighted) ? 'from' : 'to'} the watchlist
            </span>
          </button>
        ) : null}
      </div>
    </>
  );
}
