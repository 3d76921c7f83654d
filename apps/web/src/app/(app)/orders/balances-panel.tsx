'use client';
// Balances and positions per account (the paper account and each exchange key): free and locked
// per asset, and per symbol the open position with its average entry, unrealized P&L at the live
// price (refreshed every few seconds and on every order change) and the realized P&L of its
// closed trades.
import { cn } from '@coinview/ui/cn';
import { Button } from '@coinview/ui/button';
import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from '@coinview/core/time-zone';
import { FormAlert } from '~/components/form-alert';
import { useTimeZone } from '~/components/time-zone';
import { useTRPC } from '~/trpc/react';
import { AmountCell, amountColumns, HeaderCells, textColumns } from './table-cells';

function pnlClass(value: string | null): string {
  if (!value || /^-?0(\.0*)?$/.test(value)) return 'text-fg';
  return value.startsWith('-') ? 'text-down' : 'text-up';
}

/** A P&L in the up colour when it is a gain, the down colour when a loss. */
function PnlCell({ value, decimals }: { value: string | null; decimals: number }) {
  return <AmountCell className={cn('pl-3', pnlClass(value))} value={value} decimals={decimals} />;
}

/** The balances' header cells: a gap before every amount column. */
const head = { className: 'font-medium', amountClassName: 'pl-3' };
const BALANCE_COLUMNS = [...textColumns('Asset'), ...amountColumns('Free', 'Locked')];
const POSITION_COLUMNS = [
  ...textColumns('Symbol'),
  ...amountColumns('Quantity', 'Avg. entry', 'Unrealized', 'Realized'),
];
const CLOSED_TRADE_COLUMNS = [
  ...textColumns('Time', 'Symbol'),
  ...amountColumns('Quantity', 'Entry', 'Exit', 'Realized'),
];

export function BalancesPanel() {
  const trpc = useTRPC();
  const timeZone = useTimeZone();
  const accounts = useQuery({ ...trpc.trading.accounts.queryOptions(), refetchInterval: 5_000 });

  return (
    <section aria-labelledby="balances-title" className="mt-8">
      <h2 id="balances-title" className="text-lg font-semibold text-fg-strong">
        Balances and positions
      </h2>
      {accounts.isPending ? (
        <div
          aria-busy="true"
          aria-label="Loading balances"
          className="mt-3 grid gap-3 md:grid-cols-2"
        >
          {[0, 1].map((i) => (
            <div key={i} className="h-40 animate-pulse rounded-lg border border-line bg-panel" />
          ))}
        </div>
      ) : accounts.isError ? (
        <div className="mt-3">
          <FormAlert>Could not load your balances: {accounts.error.message}</FormAlert>
          <Button variant="secondary" className="mt-3" onClick={() => void accounts.refetch()}>
            Retry
          </Button>
        </div>
      ) : (
        <div className="mt-3 grid gap-4 md:grid-cols-2">
          {accounts.data.map((account) => (
            <article
              key={account.id}
              data-testid="account-card"
              data-account={account.id}
              aria-label={account.label}
              className="min-w-0 overflow-x-auto rounded-lg border border-line bg-panel p-4"
            >
              <header className="flex items-baseline justify-between gap-2">
                <h3 className="text-sm font-semibold text-fg-strong">{account.label}</h3>
                {account.error ? <span className="text-xs text-down">{account.error}</span> : null}
              </header>
              {account.balances.length === 0 ? (
                <p className="mt-3 text-sm text-muted">No balances.</p>
              ) : (
                <table className="mt-3 w-full text-sm tabular-nums">
                  <caption className="sr-only">Balances of {account.label}</caption>
                  <thead>
                    <tr className="text-xs text-muted">
                      <HeaderCells {...head} columns={BALANCE_COLUMNS} />
                    </tr>
                  </thead>
                  <tbody className="[&_td]:py-0.5">
                    {account.balances.map((b) => (
                      <tr key={b.asset} data-testid="balance-row" data-asset={b.asset}>
                        <td className="font-medium">{b.asset}</td>
                        <AmountCell className="pl-3" value={b.free} data-testid="balance-free" />
                        <AmountCell className="pl-3 text-muted" value={b.locked} />
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {account.positions.length > 0 ? (
                <table className="mt-4 w-full text-sm tabular-nums">
                  <caption className="mb-1 text-left text-xs font-medium text-muted">
                    Positions
                  </caption>
                  <thead>
                    <tr className="text-xs text-muted">
                      <HeaderCells {...head} columns={POSITION_COLUMNS} />
                    </tr>
                  </thead>
                  <tbody className="[&_td]:py-0.5">
                    {account.positions.map((p) => (
                      <tr key={p.symbol} data-testid="position-row" data-symbol={p.symbol}>
                        <td className="font-medium">{p.symbol}</td>
                        <AmountCell className="pl-3" value={p.quantity} />
                        <AmountCell
                          className="pl-3"
                          value={p.averageEntry}
                          decimals={p.priceDecimals}
                        />
                        <PnlCell value={p.unrealizedPnl} decimals={p.priceDecimals} />
                        <PnlCell value={p.realizedPnl} decimals={p.priceDecimals} />
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              {account.positions.some((p) => p.closedTrades.length > 0) ? (
                <details className="mt-3 text-sm">
                  <summary className="cursor-pointer text-xs font-medium text-muted hover:text-fg">
                    Closed trades
                  </summary>
                  <table className="mt-2 w-full text-xs tabular-nums">
                    <caption className="sr-only">Closed trades of {account.label}</caption>
                    <thead>
                      <tr className="text-muted">
                        <HeaderCells {...head} columns={CLOSED_TRADE_COLUMNS} />
                      </tr>
                    </thead>
                    <tbody>
                      {account.positions.flatMap((p) =>
                        p.closedTrades.map((t) => (
                          <tr key={`${p.symbol}:${t.orderId ?? t.time}`} data-testid="closed-trade">
                            <td>{formatDateTime(t.time, timeZone)}</td>
                            <td>{p.symbol}</td>
                            <AmountCell className="pl-3" value={t.quantity} />
                            <AmountCell
                              className="pl-3"
                              value={t.entryPrice}
                              decimals={p.priceDecimals}
                            />
                            <AmountCell
                              className="pl-3"
                              value={t.exitPrice}
                              decimals={p.priceDecimals}
                            />
                            <PnlCell value={t.realizedPnl} decimals={p.priceDecimals} />
                          </tr>
                        )),
                      )}
                    </tbody>
                  </table>
                </details>
              ) : null}
            </article>
          ))}
        </div>
      )}
    </section>
  );
}
