'use client';
// The orders page's filter: symbol, side, status, source, account and a date range (typed in the
// user's time zone). Every change resets paging; the URL is left alone (filters are a view, not a
// place to link to).
import { fromWallTime } from '@coinview/core/time-zone';
import { orderStatusSchema } from '@coinview/core/trading/order';
import { Button } from '@coinview/ui/button';
import type { OrderFilterInput } from '~/server/trading/order-inputs';
import { InputField, SelectField } from '../alerts/form-controls';
import { STATUS_LABEL } from './order-badges';

export interface AccountOption {
  value: string;
  label: string;
}

/** The form's raw state: strings as typed. */
export interface FilterDraft {
  symbol: string;
  side: string;
  status: string;
  source: string;
  account: string;
  from: string;
  to: string;
}

export const EMPTY_FILTER: FilterDraft = {
  symbol: '',
  side: '',
  status: '',
  source: '',
  account: '',
  from: '',
  to: '',
};

/** The procedure's filter from the form; a half-typed field is left out rather than refused. */
export function toFilter(draft: FilterDraft, timeZone: string): OrderFilterInput {
  const filter: OrderFilterInput = {};
  const symbol = draft.symbol.trim().toUpperCase();
  if (/^[A-Z0-9]{2,20}$/.test(symbol)) filter.symbol = symbol;
  if (draft.side === 'BUY' || draft.side === 'SELL') filter.side = draft.side;
  if (draft.status === 'open') filter.status = 'open';
  else {
    const status = orderStatusSchema.safeParse(draft.status);
    if (status.success) filter.status = status.data;
  }
  if (draft.source === 'manual' || draft.source === 'alert') filter.source = draft.source;
  if (draft.account === 'paper') filter.account = { kind: 'paper' };
  else if (draft.account.startsWith('key:'))
    filter.account = { kind: 'binance', keyId: draft.account.slice(4) };
  // Dates are whole days in the user's zone: from its midnight, to the midnight after `to`.
  const from = draft.from ? fromWallTime(`${draft.from}T00:00`, timeZone) : Number.NaN;
  if (Number.isFinite(from) && from >= 0) filter.from = from;
  const to = draft.to ? fromWallTime(`${draft.to}T00:00`, timeZone) : Number.NaN;
  if (Number.isFinite(to) && to >= 0) filter.to = to + 86_400_000;
  return filter;
}

export function OrderFilterBar({
  draft,
  onChange,
  accounts,
}: {
  draft: FilterDraft;
  onChange: (draft: FilterDraft) => void;
  accounts: AccountOption[];
}) {
  const set = (patch: Partial<FilterDraft>) => onChange({ ...draft, ...patch });
  const active = Object.values(draft).some((v) => v !== '');
  return (
    <form
      role="search"
      aria-label="Filter orders"
      className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-8"
      onSubmit={(e) => e.preventDefault()}
    >
      <InputField
        label="Symbol"
        placeholder="BTCUSDT"
        value={draft.symbol}
        maxLength={20}
        autoCapitalize="characters"
        onChange={(e) => set({ symbol: e.target.value })}
      />
      <SelectField label="Side" value={draft.side} onChange={(e) => set({ side: e.target.value })}>
        <option value="">All</option>
        <option value="BUY">Buy</option>
        <option value="SELL">Sell</option>
      </SelectField>
      <SelectField
        label="Status"
        value={draft.status}
        onChange={(e) => set({ status: e.target.value })}
      >
        <option value="">All</option>
        <option value="open">Open (not final)</option>
        {orderStatusSchema.options.map((s) => (
          <option key={s} value={s}>
            {STATUS_LABEL[s]}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Source"
        value={draft.source}
        onChange={(e) => set({ source: e.target.value })}
      >
        <option value="">All</option>
        <option value="manual">By hand</option>
        <option value="alert">From alerts</option>
      </SelectField>
      <SelectField
        label="Account"
        value={draft.account}
        onChange={(e) => set({ account: e.target.value })}
      >
        <option value="">All</option>
        {accounts.map((a) => (
          <option key={a.value} value={a.value}>
            {a.label}
          </option>
        ))}
      </SelectField>
      <InputField
        label="From"
        type="date"
        value={draft.from}
        onChange={(e) => set({ from: e.target.value })}
      />
      <InputField
        label="To"
        type="date"
        value={draft.to}
        onChange={(e) => set({ to: e.target.value })}
      />
      <div className="flex items-end">
        <Button
          type="button"
          variant="ghost"
          size="sm"
          disabled={!active}
          onClick={() => onChange(EMPTY_FILTER)}
        >
          Clear filters
        </Button>
      </div>
    </form>
  );
}
