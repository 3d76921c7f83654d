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
import { formatAmount } from './format';

function pnlClass(value: string | null): string {
  if (!value || /^-?0(\.0*)?$/.test(value)) return 'text-fg';
  return value.startsWith('-') ? 'text-down' : 'text-up';
}

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
                      <th scope="col" className="text-left font-medium">
                        Asset
                      </th>
                      <th scope="col" className="pl-3 text-right font-medium">
                        Free
                      </th>
                      <th scope="col" className="pl-3 text-right font-medium">
                        Locked
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {account.balances.map((b) => (
                      <tr key={b.asset} data-testid="balance-row" data-asset={b.asset}>
                        <td className="py-0.5 font-medium">{b.asset}</td>
                        <td className="py-0.5 pl-3 text-right" data-testid="balance-free">
                          {formatAmount(b.free)}
                        </td>
                        <td className="py-0.5 pl-3 text-right text-muted">
                          {formatAmount(b.locked)}
                        </td>
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
                      <th scope="col" className="text-left font-medium">
                        Symbol
                      </th>
                      <th scope="col" className="pl-3 text-right font-medium">
                        Quantity
                      </th>
                      <th scope="col" className="pl-3 text-right font-medium">
                        Avg. entry
                      </th>
                      <th scope="col" className="pl-3 text-right font-medium">
                        Unrealized
                      </th>
                      <th scope="col" className="pl-3 text-right font-medium">
                        Realized
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {account.positions.map((p) => (
                      <tr key={p.symbol} data-testid="position-row" data-symbol={p.symbol}>
                        <td className="py-0.5 font-medium">{p.symbol}</td>
                        <td className="py-0.5 pl-3 text-right">{formatAmount(p.quantity)}</td>
                        <td className="py-0.5 pl-3 text-right">
                          {formatAmount(p.averageEntry, p.priceDecimals)}
                        </td>
                        <td className={cn('py-0.5 pl-3 text-right', pnlClass(p.unrealizedPnl))}>
                          {formatAmount(p.unrealizedPnl, p.priceDecimals)}
                        </td>
                        <td className={cn('py-0.5 pl-3 text-right', pnlClass(p.realizedPnl))}>
                          {formatAmount(p.realizedPnl, p.priceDecimals)}
                        </td>
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
                        <th scope="col" className="text-left font-medium">
                          Time
                        </th>
                        <th scope="col" className="text-left font-medium">
                          Symbol
                        </th>
                        <th scope="col" className="pl-3 text-right font-medium">
                          Quantity
                        </th>
                        <th scope="col" className="pl-3 text-right font-medium">
                          Entry
                        </th>
                        <th scope="col" className="pl-3 text-right font-medium">
                          Exit
                        </th>
                        <th scope="col" className="pl-3 text-right font-medium">
                          Realized
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {account.positions.flatMap((p) =>
                        p.closedTrades.map((t) => (
                          <tr key={`${p.symbol}:${t.orderId ?? t.time}`} data-testid="closed-trade">
                            <td>{formatDateTime(t.time, timeZone)}</td>
                            <td>{p.symbol}</td>
                            <td className="pl-3 text-right">{formatAmount(t.quantity)}</td>
                            <td className="pl-3 text-right">
                              {formatAmount(t.entryPrice, p.priceDecimals)}
                            </td>
                            <td className="pl-3 text-right">
                              {formatAmount(t.exitPrice, p.priceDecimals)}
                            </td>
                            <td className={cn('pl-3 text-right', pnlClass(t.realizedPnl))}>
                              {formatAmount(t.realizedPnl, p.priceDecimals)}
                            </td>
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
