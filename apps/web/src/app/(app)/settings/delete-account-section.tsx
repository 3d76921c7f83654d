'use client';
// Settings → Delete account: removes the account and everything it owns (layouts, watchlist,
// alerts and their history, notifications, emails), after the password (or, for an account
// without one, its email) is typed again; then this browser signs out.
import { accountDeletionSchema } from '@coinview/core/settings';
import { Button } from '@coinview/ui/button';
import { Field } from '@coinview/ui/field';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState, useTransition } from 'react';
import { FormAlert } from '~/components/form-alert';
import { formText } from '~/components/form-text';
import { useTRPC } from '~/trpc/react';
import { signOutAction } from '../sign-out-action';
import { fieldErrorsOf } from './field-errors';

export function DeleteAccountSection() {
  const trpc = useTRPC();
  const account = useQuery(trpc.account.get.queryOptions());
  const remove = useMutation(trpc.account.delete.mutationOptions());
  const [error, setError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [signingOut, startSignOut] = useTransition();

  if (!account.data) return null;
  const { hasPassword, email } = account.data;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = {
      confirmation: formText(new FormData(event.currentTarget), 'confirmation'),
    };
    setFormError(null);
    const parsed = accountDeletionSchema.safeParse(values);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      return;
    }
    setError(undefined);
    try {
      await remove.mutateAsync(parsed.data);
    } catch (err) {
      const fields = fieldErrorsOf(err, ['confirmation'] as const);
      if (fields.confirmation) setError(fields.confirmation);
      else setFormError(err instanceof Error ? err.message : 'Could not delete the account.');
      return;
    }
    startSignOut(() => signOutAction());
  }

  return (
    <form
      id="delete-account"
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      aria-label="Delete account"
      className="mt-8 flex scroll-mt-16 flex-col gap-6 rounded-lg border border-down/40 bg-panel p-5 sm:p-6"
    >
      <div>
        <h2 className="text-lg font-semibold text-fg-strong">Delete account</h2>
        <p className="mt-1 text-sm text-muted">
          Deletes your account and everything in it: layouts, watchlist, alerts and their history,
          notifications and emails. This cannot be undone.
        </p>
      </div>
      <Field
        label={hasPassword ? 'Your password' : `Type ${email} to confirm`}
        name="confirmation"
        type={hasPassword ? 'password' : 'text'}
        autoComplete={hasPassword ? 'current-password' : 'off'}
        error={error}
        required
      />
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <div className="flex justify-end">
        <Button type="submit" variant="danger" loading={remove.isPending || signingOut}>
          Delete my account
        </Button>
      </div>
    </form>
  );
}
