'use client';
// Settings → Trading: the kill switch that stops every automatic (alert) order at once, the daily
// limits on automatic orders (count and notional), and resetting the paper account to its starting
// balance, which asks for a typed confirmation because it erases the paper balances.
import { Button } from '@coinview/ui/button';
import { Field } from '@coinview/ui/field';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { FormAlert } from '~/components/form-alert';
import { formText } from '~/components/form-text';
import { useTRPC } from '~/trpc/react';
import { CheckField } from '../alerts/form-controls';
import { fieldErrorsOf } from './field-errors';

export function TradingSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.trading.settings.queryOptions());
  const [errors, setErrors] = useState<
    Partial<Record<'maxOrdersPerDay' | 'maxNotionalPerDay', string>>
  >({});
  const [saved, setSaved] = useState<string | null>(null);
  const [resetText, setResetText] = useState('');
  const [resetDone, setResetDone] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.trading.pathKey() });
  const update = useMutation(trpc.trading.updateSettings.mutationOptions({ onSuccess: refresh }));
  const reset = useMutation(
    trpc.trading.resetPaper.mutationOptions({
      onSuccess: () => {
        setResetText('');
        setResetDone(true);
        void refresh();
      },
    }),
  );

  if (!settings.data) return null;
  const s = settings.data;

  async function onLimits(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const orders = formText(data, 'maxOrdersPerDay');
    const notional = formText(data, 'maxNotionalPerDay');
    setErrors({});
    setSaved(null);
    if (orders !== '' && !/^\d+$/.test(orders)) {
      setErrors({ maxOrdersPerDay: 'A whole number, or empty for no limit' });
      return;
    }
    try {
      await update.mutateAsync({
        maxOrdersPerDay: orders === '' ? null : Number(orders),
        maxNotionalPerDay: notional === '' ? null : notional,
      });
      setSaved('Limits saved.');
    } catch (err) {
      setErrors(fieldErrorsOf(err, ['maxOrdersPerDay', 'maxNotionalPerDay'] as const));
    }
  }

  return (
    <section
      aria-labelledby="trading-title"
      className="mt-8 flex flex-col gap-5 rounded-lg border border-line bg-panel p-5 sm:p-6"
    >
      <div>
        <h2 id="trading-title" className="text-lg font-semibold text-fg-strong">
          Trading
        </h2>
        <p className="mt-1 text-sm text-muted">
          Safety limits for orders placed by alerts. Orders you place by hand are not limited.
        </p>
      </div>

      <div
        className={
          s.killSwitch
            ? 'rounded-md border border-down/50 bg-down/10 p-3'
            : 'rounded-md border border-line p-3'
        }
      >
        <CheckField
          label={<span className="font-medium">Kill switch: stop every automatic order</span>}
          checked={s.killSwitch}
          disabled={update.isPending}
          onChange={(killSwitch) => update.mutate({ killSwitch })}
          note={
            s.killSwitch
              ? 'On: alerts still notify, but place no orders.'
              : 'Off: alerts with an order action place their orders.'
          }
        />
      </div>

      <form
        onSubmit={(e) => void onLimits(e)}
        noValidate
        aria-label="Daily limits"
        className="grid gap-4 sm:grid-cols-2"
      >
        <Field
          name="maxOrdersPerDay"
          label="Automatic orders per day"
          inputMode="numeric"
          defaultValue={s.maxOrdersPerDay ?? ''}
          hint="Empty: no limit"
          error={errors.maxOrdersPerDay}
        />
        <Field
          name="maxNotionalPerDay"
          label="Automatic order value per day (USDT)"
          inputMode="decimal"
          defaultValue={s.maxNotionalPerDay ?? ''}
          hint="Empty: no limit"
          error={errors.maxNotionalPerDay}
        />
        <div className="flex items-center justify-end gap-3 sm:col-span-2">
          {saved ? (
            <p role="status" className="text-sm text-up">
              ✓ {saved}
            </p>
          ) : null}
          <Button type="submit" variant="secondary" loading={update.isPending}>
            Save limits
          </Button>
        </div>
      </form>

      <form
        aria-label="Reset the paper account"
        className="flex flex-col gap-3 border-t border-line pt-5"
        onSubmit={(e) => {
          e.preventDefault();
          setResetDone(false);
          reset.mutate({ confirm: resetText });
        }}
      >
        <h3 className="text-sm font-semibold text-fg-strong">Paper account</h3>
        <p className="text-sm text-muted">
          Resetting puts the paper balances back to the starting balance. Order history stays.
        </p>
        <Field
          label="Type RESET to confirm"
          value={resetText}
          autoComplete="off"
          onChange={(e) => setResetText(e.target.value)}
        />
        {reset.error ? <FormAlert>{reset.error.message}</FormAlert> : null}
        {resetDone ? <FormAlert tone="success">The paper account was reset.</FormAlert> : null}
        <div className="flex justify-end">
          <Button
            type="submit"
            variant="danger"
            disabled={resetText !== 'RESET'}
            loading={reset.isPending}
          >
            Reset paper account
          </Button>
        </div>
      </form>
    </section>
  );
}
