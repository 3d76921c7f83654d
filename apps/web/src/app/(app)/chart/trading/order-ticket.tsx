'use client';
// The order ticket beside the chart: buy or sell the chart's symbol, at market or at a limit, by
// quantity or (at market) by total, on paper or with one of the user's exchange keys. Before
// anything is sent it shows what the exchange would accept — the quantity rounded down to the
// symbol's step, the estimated fee, and any filter the order breaks, in the trader's words — using
// the same core function the server applies. A market order asks for confirmation. Each ticket
// carries an id, so a double click or a retried request can never place a second order.
import { Button } from '@coinview/ui/button';
import { cn } from '@coinview/ui/cn';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '~/components/dialogs';
import { FormAlert } from '~/components/form-alert';
import type { TicketInput } from '~/server/trading/order-inputs';
import { useTRPC } from '~/trpc/react';
import { InputField, SelectField } from '../../alerts/form-controls';
import { formatAmount, plainAmount } from '../../orders/format';
import { newTicketId, previewTicket, type TicketDraft } from './ticket-preview';

export function OrderTicket({ symbol, price }: { symbol: string; price: string | undefined }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<TicketDraft>({
    side: 'BUY',
    type: 'LIMIT',
    amountKind: 'base',
    amount: '',
    price: '',
    account: 'paper',
  });
  const [ticketId, setTicketId] = useState(newTicketId);
  const [confirming, setConfirming] = useState(false);
  const [placed, setPlaced] = useState<string | null>(null);
  const rules = useQuery(trpc.orders.rules.queryOptions({ symbol }, { staleTime: 3_600_000 }));
  const keys = useQuery(trpc.trading.keys.queryOptions());
  const set = (patch: Partial<TicketDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setPlaced(null);
  };

  const limitPrice = draft.type === 'LIMIT' ? draft.price || price || '' : '';
  const preview = rules.data
    ? previewTicket(rules.data, { ...draft, price: limitPrice }, price)
    : null;

  const place = useMutation(
    trpc.orders.place.mutationOptions({
      onSuccess: (order) => {
        setPlaced(
          `${order.side === 'BUY' ? 'Buy' : 'Sell'} order for ${formatAmount(order.quantity ?? order.quoteOrderQty)} ${order.symbol} sent.`,
        );
        setTicketId(newTicketId());
        setDraft((d) => ({ ...d, amount: '' }));
        void queryClient.invalidateQueries({ queryKey: trpc.orders.pathKey() });
      },
    }),
  );

  function input(): TicketInput | null {
    if (!preview?.ok) return null;
    return {
      ticketId,
      symbol,
      side: draft.side,
      type: draft.type,
      amount: preview.amount,
      ...(draft.type === 'LIMIT' ? { price: preview.price } : {}),
      account:
        draft.account === 'paper'
          ? { kind: 'paper' }
          : { kind: 'binance', keyId: draft.account.slice(4) },
    };
  }

  function submit() {
    const ticket = input();
    if (!ticket) return;
    if (draft.type === 'MARKET') setConfirming(true);
    else place.mutate(ticket);
  }

  const buy = draft.side === 'BUY';
  const base = rules.data?.baseAsset ?? '';
  const quote = rules.data?.quoteAsset ?? '';

  return (
    <section
      aria-labelledby="ticket-title"
      data-testid="order-ticket"
      className="border-b border-line p-3"
    >
      <h2 id="ticket-title" className="mb-2 text-sm font-semibold text-fg-strong">
        Trade {symbol}
      </h2>
      <form
        className="flex flex-col gap-2.5"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div
          role="group"
          aria-label="Side"
          className="grid grid-cols-2 gap-1 rounded-md bg-canvas p-0.5"
        >
          {(['BUY', 'SELL'] as const).map((side) => (
            <button
              key={side}
              type="button"
              aria-pressed={draft.side === side}
              onClick={() => set({ side })}
              className={cn(
                'h-7 rounded text-sm font-medium',
                draft.side !== side
                  ? 'text-muted hover:text-fg'
                  : side === 'BUY'
                    ? 'bg-up text-canvas'
                    : 'bg-down-fill text-white',
              )}
            >
              {side === 'BUY' ? 'Buy' : 'Sell'}
            </button>
          ))}
        </div>
        <div className="grid grid-cols-2 gap-2">
          <SelectField
            label="Type"
            value={draft.type}
            onChange={(e) => {
              set({ type: e.target.value === 'MARKET' ? 'MARKET' : 'LIMIT' });
            }}
          >
            <option value="LIMIT">Limit</option>
            <option value="MARKET">Market</option>
          </SelectField>
          <SelectField
            label="Account"
            value={draft.account}
            onChange={(e) => set({ account: e.target.value })}
          >
            <option value="paper">Paper</option>
            {(keys.data ?? []).map((k) => (
              <option key={k.id} value={`key:${k.id}`} disabled={!k.canTrade}>
                {k.label} ·{k.apiKeyLast4}
              </option>
            ))}
          </SelectField>
        </div>
        {draft.type === 'LIMIT' ? (
          <InputField
            label={`Price (${quote})`}
            inputMode="decimal"
            autoComplete="off"
            placeholder={plainAmount(price)}
            value={draft.price}
            error={
              preview && !preview.ok && preview.field === 'price' ? preview.message : undefined
            }
            onChange={(e) => set({ price: e.target.value })}
          />
        ) : null}
        <div className="grid grid-cols-[1fr_auto] items-end gap-2">
          <InputField
            label={draft.amountKind === 'base' ? `Quantity (${base})` : `Total (${quote})`}
            inputMode="decimal"
            autoComplete="off"
            value={draft.amount}
            error={
              preview && !preview.ok && preview.field === 'amount' ? preview.message : undefined
            }
            onChange={(e) => set({ amount: e.target.value })}
          />
          <SelectField
            label="Size by"
            hideLabel
            value={draft.amountKind}
            onChange={(e) => set({ amountKind: e.target.value === 'quote' ? 'quote' : 'base' })}
          >
            <option value="base">{base || 'Quantity'}</option>
            <option value="quote">{quote || 'Total'}</option>
          </SelectField>
        </div>

        <dl
          className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs"
          data-testid="ticket-preview"
        >
          <dt className="text-muted">Quantity sent</dt>
          <dd className="text-right tabular-nums text-fg" data-testid="ticket-quantity">
            {preview?.ok && preview.quantity ? `${formatAmount(preview.quantity)} ${base}` : '—'}
          </dd>
          <dt className="text-muted">{buy ? 'Cost' : 'Proceeds'} (est.)</dt>
          <dd className="text-right tabular-nums text-fg">
            {preview?.ok && preview.total ? `${formatAmount(preview.total)} ${quote}` : '—'}
          </dd>
          <dt className="text-muted">Fee (est.)</dt>
          <dd className="text-right tabular-nums text-fg" data-testid="ticket-fee">
            {preview?.ok && preview.fee
              ? `${formatAmount(preview.fee)} ${buy ? base : quote}`
              : '—'}
          </dd>
        </dl>
        {preview && !preview.ok && preview.field === 'order' ? (
          <p role="alert" className="text-xs text-down" data-testid="ticket-error">
            {preview.message}
          </p>
        ) : null}
        {rules.isError ? (
          <p role="alert" className="text-xs text-down">
            Trading rules for {symbol} are unavailable: {rules.error.message}
          </p>
        ) : null}
        {place.error ? <FormAlert>{place.error.message}</FormAlert> : null}
        {placed ? <FormAlert tone="success">{placed}</FormAlert> : null}
        <Button
          type="submit"
          variant={buy ? 'primary' : 'danger'}
          loading={place.isPending}
          disabled={!preview?.ok}
        >
          {buy ? 'Buy' : 'Sell'} {base || symbol}
          {draft.type === 'MARKET' ? ' at market' : ''}
        </Button>
      </form>
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={`${buy ? 'Buy' : 'Sell'} at market?`}
        description={
          preview?.ok
            ? `${buy ? 'Buy' : 'Sell'} ${preview.quantity ? `${formatAmount(preview.quantity)} ${base}` : `${formatAmount(preview.amount.value)} ${quote} of ${base}`} at the best price available now (about ${formatAmount(price)} ${quote}) on ${draft.account === 'paper' ? 'your paper account' : 'Binance'}. A market order cannot be cancelled once sent.`
            : ''
        }
        confirmLabel={`${buy ? 'Buy' : 'Sell'} now`}
        busy={place.isPending}
        onConfirm={() => {
          const ticket = input();
          setConfirming(false);
          if (ticket) place.mutate(ticket);
        }}
      />
    </section>
  );
}
