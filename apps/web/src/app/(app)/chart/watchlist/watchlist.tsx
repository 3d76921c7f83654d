'use client';
// The watchlist beside the chart: the user's symbols with live last price and 24 h change. It fills
// its container (the page puts it in a right sidebar on wide screens, below the chart on phones).
// Clicking a row (or Enter on it) opens that symbol on the chart; "Add symbol" opens the search.
import { Button } from '@coinview/ui/button';
import { TRPCClientError } from '@trpc/client';
import { useState } from 'react';
import { SymbolSearch } from './symbol-search';
import { useSymbols } from './use-symbol-info';
import type { LiveTickers } from './use-tickers';
import { useWatchlist } from './use-watchlist';
import { WatchlistRow } from './watchlist-row';

export interface WatchlistProps {
  /** The chart's symbol: its row is highlighted. */
  activeSymbol: string;
  onSelect: (symbol: string) => void;
  /**
   * Live tickers covering the watchlist's symbols: the page holds one subscription for the
   * watchlist and the chart's own symbol (useTickers with both), rather than one each.
   */
  live: LiveTickers;
}

/** Price decimals before market.symbols has answered (USDT pairs quote to the cent). */
const FALLBACK_PRECISION = 2;

function messageOf(err: unknown): string {
  if (err instanceof TRPCClientError || err instanceof Error) return err.message;
  return 'Something went wrong.';
}

export function Watchlist({ activeSymbol, onSelect, live }: WatchlistProps) {
  const watchlist = useWatchlist();
  const symbols = useSymbols();
  const { items } = watchlist;
  const [searchOpen, setSearchOpen] = useState(false);
  const precisionOf = (symbol: string) =>
    symbols.data?.find((s) => s.symbol === symbol)?.pricePrecision ?? FALLBACK_PRECISION;

  return (
    <section
      data-testid="watchlist"
      aria-labelledby="watchlist-title"
      className="flex h-full min-h-0 flex-col text-fg"
    >
      <header className="flex h-10 shrink-0 items-center justify-between border-b border-line pr-1.5 pl-3">
        <h2
          id="watchlist-title"
          className="text-xs font-semibold tracking-wide text-muted uppercase"
        >
          Watchlist
        </h2>
        <button
          type="button"
          onClick={() => setSearchOpen(true)}
          aria-label="Add symbol"
          title="Add symbol"
          className="flex h-7 items-center gap-1 rounded px-2 text-xs text-muted hover:bg-raised hover:text-fg"
        >
          <span aria-hidden className="text-base leading-none">
            +
          </span>
          <span>Add symbol</span>
        </button>
      </header>

      <div
        aria-hidden
        className="grid shrink-0 grid-cols-[minmax(0,1fr)_auto_4.5rem] gap-2 border-b border-line py-1 pr-3 pl-3 text-[11px] text-faint [@media(hover:none)]:pr-[5.75rem]"
      >
        <span>Symbol</span>
        <span className="text-right">Last</span>
        <span className="text-right">Chg%</span>
      </div>

      <div className="min-h-0 flex-1 overflow-y-auto overscroll-contain">
        {watchlist.list.isPending ? (
          <WatchlistSkeleton />
        ) : watchlist.list.isError ? (
          <InlineError
            message={`The watchlist did not load: ${messageOf(watchlist.list.error)}`}
            onRetry={() => void watchlist.list.refetch()}
          />
        ) : items.length === 0 ? (
          <div className="flex flex-col items-center gap-3 px-4 py-10 text-center">
            <p className="text-sm text-muted">Add a symbol to watch</p>
            <Button size="sm" onClick={() => setSearchOpen(true)}>
              Add symbol
            </Button>
          </div>
        ) : (
          <ul aria-label="Watched symbols" className="py-0.5">
            {items.map((item, index) => (
              <WatchlistRow
                key={item.symbol}
                symbol={item.symbol}
                ticker={live.tickers.get(item.symbol)}
                precision={precisionOf(item.symbol)}
                active={item.symbol === activeSymbol}
                first={index === 0}
                last={index === items.length - 1}
                onSelect={() => onSelect(item.symbol)}
                onRemove={() => watchlist.remove(item.symbol)}
                onMove={(delta) => watchlist.move(item.symbol, delta)}
              />
            ))}
          </ul>
        )}
      </div>

      {watchlist.error ? (
        <p role="alert" className="shrink-0 border-t border-line px-3 py-2 text-xs text-down">
          {messageOf(watchlist.error)}
        </p>
      ) : null}
      {live.status === 'error' ? (
        <InlineError message="Live prices stopped." onRetry={live.retry} compact />
      ) : null}

      <SymbolSearch
        open={searchOpen}
        onOpenChange={setSearchOpen}
        onSelect={(symbol) => {
          setSearchOpen(false);
          onSelect(symbol);
        }}
      />
    </section>
  );
}

function WatchlistSkeleton() {
  return (
    <div role="status" aria-label="Loading the watchlist" className="flex flex-col gap-1 px-3 py-2">
      {Array.from({ length: 5 }, (_, i) => (
        <div
          key={i}
          className="grid grid-cols-[minmax(0,1fr)_auto_4.5rem] items-center gap-2 py-1.5"
        >
          <span className="h-3 w-20 animate-pulse rounded bg-raised" />
          <span className="h-3 w-16 animate-pulse rounded bg-raised" />
          <span className="ml-auto h-3 w-12 animate-pulse rounded bg-raised" />
        </div>
      ))}
    </div>
  );
}

function InlineError(props: { message: string; onRetry: () => void; compact?: boolean }) {
  return (
    <div
      role="alert"
      className={
        props.compact
          ? 'flex shrink-0 items-center justify-between gap-2 border-t border-line px-3 py-2 text-xs text-warn'
          : 'flex flex-col items-center gap-3 px-4 py-8 text-center text-sm text-down'
      }
    >
      <span>{props.message}</span>
      <Button variant="secondary" size="sm" onClick={props.onRetry}>
        Retry
      </Button>
    </div>
  );
}
