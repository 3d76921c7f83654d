'use client';
// One watchlist row, TradingView-style: symbol, last price, 24 h change. The price cell flashes
// green or red for a moment when the price moves. Actions (move up/down, remove) appear on hover or
// keyboard focus, and always on touch screens.
import type { Ticker } from '@coinview/core/ticker';
import { cn } from '@coinview/ui/cn';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { directionOf, formatChange, formatPrice } from './format';

export interface WatchlistRowProps {
  symbol: string;
  ticker: Ticker | undefined;
  precision: number;
  active: boolean;
  first: boolean;
  last: boolean;
  onSelect: () => void;
  onRemove: () => void;
  onMove: (delta: number) => void;
}

const FLASH_MS = 700;

function usePriceFlash(price: string | undefined): 'up' | 'down' | null {
  const previous = useRef(price);
  const [flash, setFlash] = useState<{ dir: 'up' | 'down'; seq: number } | null>(null);
  useEffect(() => {
    const before = previous.current;
    previous.current = price;
    if (before === undefined || price === undefined || before === price) return;
    setFlash((f) => ({
      dir: Number(price) > Number(before) ? 'up' : 'down',
      seq: (f?.seq ?? 0) + 1,
    }));
    const timer = setTimeout(() => setFlash(null), FLASH_MS);
    return () => clearTimeout(timer);
  }, [price]);
  return flash?.dir ?? null;
}

/** Moves focus to the neighbouring row's main button (↑/↓ without modifiers). */
function focusSibling(from: HTMLElement, delta: number) {
  const row = from.closest('li');
  const target = delta < 0 ? row?.previousElementSibling : row?.nextElementSibling;
  target?.querySelector<HTMLElement>('[data-row-main]')?.focus();
}

export function WatchlistRow(props: WatchlistRowProps) {
  const { symbol, ticker, precision, active } = props;
  const flash = usePriceFlash(ticker?.last);
  const direction = directionOf(ticker?.changePercent);

  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      props.onMove(e.key === 'ArrowUp' ? -1 : 1);
    } else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      focusSibling(e.currentTarget, e.key === 'ArrowUp' ? -1 : 1);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      focusSibling(e.currentTarget, props.last ? -1 : 1);
      props.onRemove();
    }
  };

  return (
    <li
      data-testid="watchlist-row"
      data-symbol={symbol}
      data-last={ticker?.last ?? ''}
      data-change={ticker?.changePercent ?? ''}
      data-active={active || undefined}
      className={cn(
        'group relative flex items-stretch border-l-2',
        active ? 'border-accent bg-raised' : 'border-transparent hover:bg-raised/60',
      )}
    >
      <button
        type="button"
        data-row-main
        aria-current={active ? 'true' : undefined}
        // The visible text first, in its order (WCAG 2.5.3, label in name), then what it means.
        aria-label={`${symbol} ${formatPrice(ticker?.last, precision)} ${formatChange(ticker?.changePercent)} (last price, 24 hour change), open on the chart`}
        aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown Delete"
        onClick={props.onSelect}
        onKeyDown={onKeyDown}
        className="grid min-w-0 flex-1 grid-cols-[minmax(0,1fr)_auto_4.5rem] items-center gap-2 py-1.5 pr-3 pl-2.5 text-left text-[13px] focus-visible:outline-offset-[-2px]"
      >
        <span className={cn('truncate font-medium', active ? 'text-fg-strong' : 'text-fg')}>
          {symbol}
        </span>{' '}
        {/* The spaces keep the words apart for assistive tech; a grid does not draw them. */}
        <span
          data-testid="watchlist-price"
          className={cn(
            'rounded px-1 text-right font-mono tabular-nums',
            // The colour appears at once and fades out when the flash ends.
            flash ? 'text-fg-strong transition-none' : 'text-fg transition-colors duration-700',
            flash === 'up' && 'bg-up/25',
            flash === 'down' && 'bg-down/25',
          )}
        >
          {formatPrice(ticker?.last, precision)}
        </span>{' '}
        <span
          className={cn(
            'text-right font-mono tabular-nums',
            direction === 'up' && 'text-up',
            direction === 'down' && 'text-down',
            direction === 'flat' && 'text-muted',
          )}
        >
          {formatChange(ticker?.changePercent)}
        </span>
      </button>
      <div
        className={cn(
          'absolute inset-y-0 right-1 flex items-center gap-0.5 rounded bg-raised pl-1',
          'opacity-0 group-hover:opacity-100 group-focus-within:opacity-100',
          // Touch screens have no hover: the actions get their own space beside the numbers.
          '[@media(hover:none)]:static [@media(hover:none)]:bg-transparent [@media(hover:none)]:opacity-100',
        )}
      >
        <RowAction
          label={`Move ${symbol} up`}
          disabled={props.first}
          onClick={() => props.onMove(-1)}
        >
          ↑
        </RowAction>
        <RowAction
          label={`Move ${symbol} down`}
          disabled={props.last}
          onClick={() => props.onMove(1)}
        >
          ↓
        </RowAction>
        <RowAction label={`Remove ${symbol} from the watchlist`} onClick={props.onRemove} danger>
          ×
        </RowAction>
      </div>
    </li>
  );
}

function RowAction(props: {
  label: string;
  onClick: () => void;
  disabled?: boolean;
  danger?: boolean;
  children: string;
}) {
  return (
    <button
      type="button"
      aria-label={props.label}
      title={props.label}
      disabled={props.disabled}
      onClick={props.onClick}
      className={cn(
        'flex size-6 items-center justify-center rounded text-sm leading-none text-muted',
        'hover:bg-line hover:text-fg disabled:opacity-30 disabled:hover:bg-transparent',
        props.danger && 'hover:text-down',
      )}
    >
      <span aria-hidden>{props.children}</span>
    </button>
  );
}
