'use client';
// The alert form's "Place an order" section: buy or sell, at market or at a limit offset from the
// trigger price, sized as a base quantity, a quote total or a percent of the free balance, on the
// paper account or one of the user's keys, with an optional cap on the position this rule builds.
// The order is created with the fire and sent by the worker (exactly once; see the orders page).
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '~/trpc/react';
import { CheckField, InputField, SelectField } from './form-controls';
import type { OrderActionDraft } from './order-action-draft';

export type OrderActionErrors = Partial<Record<string, string>>;

export function OrderActionFields({
  symbol,
  draft,
  onChange,
  errors,
}: {
  symbol: string;
  draft: OrderActionDraft;
  onChange: (draft: OrderActionDraft) => void;
  errors: OrderActionErrors;
}) {
  const trpc = useTRPC();
  const keys = useQuery({ ...trpc.trading.keys.queryOptions(), enabled: draft.enabled });
  const settings = useQuery({ ...trpc.trading.settings.queryOptions(), enabled: draft.enabled });
  const set = (patch: Partial<OrderActionDraft>) => onChange({ ...draft, ...patch });
  const rules = useQuery({
    ...trpc.orders.rules.queryOptions({ symbol }, { staleTime: 3_600_000 }),
    enabled: draft.enabled && /^[A-Z0-9]{2,20}$/.test(symbol),
  });
  const base = rules.data?.baseAsset ?? 'base asset';
  const quote = rules.data?.quoteAsset ?? 'quote asset';

  return (
    <fieldset className="flex flex-col gap-2" data-testid="order-action">
      <legend className="mb-1 text-xs font-medium text-muted">Trade</legend>
      <CheckField
        label={`Place an order on ${symbol} when it fires`}
        checked={draft.enabled}
        onChange={(enabled) => set({ enabled })}
        note={
          draft.enabled && settings.data?.killSwitch ? (
            <>
              The kill switch is on: no automatic order is placed until you turn it off in{' '}
              <Link href="/settings" className="text-accent hover:underline">
                settings
              </Link>
              .
            </>
          ) : undefined
        }
      />
      {draft.enabled ? (
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
          <SelectField
            label="Side"
            value={draft.side}
            onChange={(e) => set({ side: e.target.value === 'SELL' ? 'SELL' : 'BUY' })}
          >
            <option value="BUY">Buy</option>
            <option value="SELL">Sell</option>
          </SelectField>
          <SelectField
            label="Order type"
            value={draft.type}
            onChange={(e) => set({ type: e.target.value === 'LIMIT' ? 'LIMIT' : 'MARKET' })}
          >
            <option value="MARKET">Market</option>
            <option value="LIMIT">Limit</option>
          </SelectField>
          {draft.type === 'LIMIT' ? (
            <InputField
              label="Limit offset %"
              inputMode="decimal"
              value={draft.limitOffsetPercent}
              error={errors.limitOffsetPercent}
              onChange={(e) => set({ limitOffsetPercent: e.target.value })}
            />
          ) : (
            <div className="hidden sm:block" />
          )}
          <SelectField
            label="Size by"
            value={draft.amountKind}
            onChange={(e) =>
              set({
                amountKind:
                  e.target.value === 'base'
                    ? 'base'
                    : e.target.value === 'percentOfFree'
                      ? 'percentOfFree'
                      : 'quote',
              })
            }
          >
            <option value="quote">Total ({quote})</option>
            <option value="base">Quantity ({base})</option>
            <option value="percentOfFree">% of free balance</option>
          </SelectField>
          <InputField
            label={
              draft.amountKind === 'percentOfFree'
                ? 'Percent'
                : draft.amountKind === 'base'
                  ? `Quantity (${base})`
                  : `Total (${quote})`
            }
            inputMode="decimal"
            value={draft.amount}
            error={errors.amount}
            onChange={(e) => set({ amount: e.target.value })}
          />
          <SelectField
            label="Account"
            value={draft.account}
            error={errors.account}
            onChange={(e) => set({ account: e.target.value })}
          >
            <option value="paper">Paper</option>
            {(keys.data ?? []).map((k) => (
              <option key={k.id} value={`key:${k.id}`} disabled={!k.canTrade}>
                {k.label} ·{k.apiKeyLast4}
              </option>
            ))}
          </SelectField>
          <InputField
            label={`Max position (${base}, optional)`}
            inputMode="decimal"
            value={draft.maxPosition}
            error={errors.maxPosition}
            className="col-span-2 sm:col-span-3"
            onChange={(e) => set({ maxPosition: e.target.value })}
          />
          {errors.orderAction ? (
            <p className="col-span-2 text-xs text-down sm:col-span-3">{errors.orderAction}</p>
          ) : null}
        </div>
      ) : null}
    </fieldset>
  );
}
