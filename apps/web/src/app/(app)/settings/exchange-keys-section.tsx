'use client';
// Settings → Exchange keys: the user's Binance API keys, shown masked (label, where it trades, the
// key's last four characters, whether it can trade), a form to add one — checked by the exchange
// with a signed request before it is saved, refused with the exchange's reason — and remove.
// The secret is sent once, over this form, and never comes back.
import { Button } from '@coinview/ui/button';
import { Field } from '@coinview/ui/field';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ConfirmDialog } from '~/components/dialogs';
import { FormAlert } from '~/components/form-alert';
import { formText } from '~/components/form-text';
import { ENVIRONMENT_LABEL, EXCHANGE_ENVIRONMENTS } from '~/server/trading/exchange-environments';
import { useTRPC } from '~/trpc/react';
import { SelectField } from '../alerts/form-controls';
import { fieldErrorsOf } from './field-errors';

const FIELDS = ['label', 'environment', 'apiKey', 'secret'] as const;

export function ExchangeKeysSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.trading.keys.queryOptions());
  const [errors, setErrors] = useState<Partial<Record<(typeof FIELDS)[number], string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const [removing, setRemoving] = useState<{ id: string; label: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.trading.pathKey() });
  const add = useMutation(trpc.trading.addKey.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(
    trpc.trading.removeKey.mutationOptions({
      onSuccess: () => {
        setRemoving(null);
        void refresh();
      },
    }),
  );

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setErrors({});
    setFormError(null);
    setAdded(null);
    try {
      const key = await add.mutateAsync({
        label: formText(data, 'label'),
        environment: formText(data, 'environment') as (typeof EXCHANGE_ENVIRONMENTS)[number],
        apiKey: formText(data, 'apiKey'),
        secret: formText(data, 'secret'),
      });
      form.reset();
      setAdded(`“${key.label}” was checked by the exchange and saved.`);
    } catch (err) {
      const fields = fieldErrorsOf(err, FIELDS);
      setErrors(fields);
      if (Object.keys(fields).length === 0)
        setFormError(err instanceof Error ? err.message : 'Could not add the key.');
    }
  }

  return (
    <section
      aria-labelledby="keys-title"
      className="mt-8 flex flex-col gap-5 rounded-lg border border-line bg-panel p-5 sm:p-6"
    >
      <div>
        <h2 id="keys-title" className="text-lg font-semibold text-fg-strong">
          Exchange keys
        </h2>
        <p className="mt-1 text-sm text-muted">
          Binance API keys for placing orders with your own account. The secret is encrypted on the
          server and never shown again; give the key spot trading permission only (no withdrawals).
        </p>
      </div>

      {keys.isPending ? (
        <div aria-label="Loading keys" className="h-10 animate-pulse rounded bg-raised" />
      ) : keys.isError ? (
        <FormAlert>Could not load your keys: {keys.error.message}</FormAlert>
      ) : keys.data.length === 0 ? (
        <p className="text-sm text-muted">No keys yet: orders go to your paper account.</p>
      ) : (
        <ul
          aria-label="Your exchange keys"
          className="divide-y divide-line rounded-md border border-line"
        >
          {keys.data.map((k) => (
            <li
              key={k.id}
              data-testid="exchange-key"
              className="flex flex-wrap items-center justify-between gap-3 px-3 py-2.5"
            >
              <div className="min-w-0">
                <p className="truncate text-sm font-medium text-fg-strong">{k.label}</p>
                <p className="text-xs text-muted">
                  {ENVIRONMENT_LABEL[k.environment]} ·{' '}
                  <span data-testid="key-masked" className="font-mono">
                    ••••{k.apiKeyLast4}
                  </span>{' '}
                  · {k.canTrade ? 'can trade' : 'cannot trade'}
                </p>
              </div>
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Remove key ${k.label}`}
                onClick={() => setRemoving({ id: k.id, label: k.label })}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}

      <form
        onSubmit={(e) => void onSubmit(e)}
        noValidate
        aria-label="Add an exchange key"
        className="flex flex-col gap-4 border-t border-line pt-5"
      >
        <h3 className="text-sm font-semibold text-fg-strong">Add a key</h3>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field name="label" label="Name" maxLength={80} required error={errors.label} />
          <SelectField
            label="Exchange"
            name="environment"
            defaultValue="sim"
            error={errors.environment}
          >
            {EXCHANGE_ENVIRONMENTS.map((e) => (
              <option key={e} value={e}>
                {ENVIRONMENT_LABEL[e]}
              </option>
            ))}
          </SelectField>
          <Field
            name="apiKey"
            label="API key"
            autoComplete="off"
            spellCheck={false}
            required
            error={errors.apiKey}
          />
          <Field
            name="secret"
            label="Secret key"
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            required
            error={errors.secret}
          />
        </div>
        {formError ? <FormAlert>{formError}</FormAlert> : null}
        {added ? <FormAlert tone="success">{added}</FormAlert> : null}
        <div className="flex justify-end">
          <Button type="submit" loading={add.isPending}>
            Check and add key
          </Button>
        </div>
      </form>

      <ConfirmDialog
        open={removing !== null}
        onOpenChange={(open) => !open && setRemoving(null)}
        title={`Remove “${removing?.label ?? ''}”?`}
        description="Its orders stay in your history. Open orders on the exchange are not cancelled: cancel them first if you mean to."
        confirmLabel="Remove key"
        busy={remove.isPending}
        onConfirm={() => removing && remove.mutate({ id: removing.id })}
      />
    </section>
  );
}
