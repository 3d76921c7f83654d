'use client';
// The run's closed trades, oldest first, and the position still open at the end shown apart. A
// click on a trade (or Enter on its row) scrolls the price chart to it.
import type { Trade } from '@coinview/core/backtest/engine';
import { formatDateTime } from '@coinview/core/time-zone';
import { cn } from '@coinview/ui/cn';
import { useTimeZone } from '~/components/time-zone';
import { amountColumns, HeaderCells, textColumns } from '../orders/table-cells';
import { formatMoney, formatPrice, formatQuantity, formatSignedPercent } from './metrics-format';

const REASONS: Record<Trade['exitReason'], string> = {
  signal: 'Exit signal',
  stop: 'Stop-loss',
  target: 'Take-profit',
  end: 'Still open',
};

const COLUMNS = [
  ...textColumns('#', 'Entry'),
  ...amountColumns('Entry price'),
  ...textColumns('Exit'),
  ...amountColumns('Exit price', 'Quantity', 'Fees', 'P&L', 'Return', 'Bars'),
  ...textColumns('Exit reason'),
];

function TradeCells({ trade, index, open }: { trade: Trade; index: string; open?: boolean }) {
  const timeZone = useTimeZone();
  const time = (ms: number) => formatDateTime(ms, timeZone, { year: true });
  const pnlTone = trade.pnl > 0 ? 'text-up' : trade.pnl < 0 ? 'text-down' : '';
  return (
    <>
      <td className="text-muted">{index}</td>
      <td className="whitespace-nowrap">{time(trade.entryTime)}</td>
      <td className="text-right">{formatPrice(trade.entryPrice)}</td>
      <td className="whitespace-nowrap">
        {open ? `marked ${time(trade.exitTime)}` : time(trade.exitTime)}
      </td>
      <td className="text-right">{formatPrice(trade.exitPrice)}</td>
      <td className="text-right">{formatQuantity(trade.quantity)}</td>
      <td className="text-right">{formatMoney(trade.fees)}</td>
      <td className={cn('text-right', pnlTone)}>{formatMoney(trade.pnl)}</td>
      <td className={cn('text-right', pnlTone)}>{formatSignedPercent(trade.returnPct)}</td>
      <td className="text-right">{trade.barsHeld}</td>
      <td>{REASONS[trade.exitReason]}</td>
    </>
  );
}

const table =
  'w-full min-w-[1000px] text-sm tabular-nums [&_td]:whitespace-nowrap [&_td]:px-3 [&_td]:py-1.5 [&_th]:whitespace-nowrap [&_th]:px-3';

export function TradesTable({
  trades,
  open,
  onPick,
}: {
  trades: readonly Trade[];
  open: Trade | null;
  onPick: (trade: Trade) => void;
}) {
  return (
    <div className="flex flex-col gap-3">
      {open ? (
        <section
          aria-label="Open position"
          className="overflow-x-auto rounded-lg border border-warn/40 bg-warn/5"
          data-testid="open-position"
        >
          <p className="px-3 pt-2 text-xs text-warn">
            Open at the end of the range, marked at the last close (not counted as a trade)
          </p>
          <table className={table}>
            <thead className="text-xs text-muted">
              <tr>
                <HeaderCells columns={COLUMNS} className="py-1.5 font-medium" />
              </tr>
            </thead>
            <tbody>
              <tr className="cursor-pointer hover:bg-raised/60" onClick={() => onPick(open)}>
                <TradeCells trade={open} index="open" open />
              </tr>
            </tbody>
          </table>
        </section>
      ) : null}
      <section
        aria-label="Trades"
        className="max-h-[420px] overflow-auto rounded-lg border border-line bg-panel"
      >
        {trades.length === 0 ? (
          <p className="p-6 text-center text-sm text-muted">
            No closed trades: the entry condition never led to a completed round trip in this range.
          </p>
        ) : (
          <table className={table}>
            <thead className="sticky top-0 bg-panel text-xs text-muted">
              <tr className="border-b border-line">
                <HeaderCells columns={COLUMNS} className="py-2 font-medium" />
              </tr>
            </thead>
            <tbody className="divide-y divide-line/60">
              {trades.map((t, i) => (
                <tr
                  key={i}
                  data-testid="trade-row"
                  tabIndex={0}
                  aria-label={`Trade ${i + 1}: show on the chart`}
                  className="cursor-pointer hover:bg-raised/60 focus:bg-raised/60 focus:outline-none"
                  onClick={() => onPick(t)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      onPick(t);
                    }
                  }}
                >
                  <TradeCells trade={t} index={String(i + 1)} />
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
