'use client';
// Settings → Password: change it (or set a first one on an account made by a sign-in link).
// Every other signed-in browser of the account is signed out by the change.
import { passwordChangeSchema } from '@coinview/core/settings';
import { Button } from '@coinview/ui/button';
import { Field } from '@coinview/ui/field';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { z } from 'zod';
import { FormAlert } from '~/components/form-alert';
import { formText } from '~/components/form-text';
import { useTRPC } from '~/trpc/react';
import { fieldErrorsOf } from './field-errors';

const FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const;
type Errors = Partial<Record<(typeof FIELDS)[number], string>>;

export function PasswordSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const account = useQuery(trpc.account.get.queryOptions());
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const change = useMutation(trpc.account.changePassword.mutationOptions());

  if (!account.data) return null;
  const hasPassword = account.data.hasPassword;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const formData = new FormData(form);
    const values = {
      currentPassword: formText(formData, 'currentPassword'),
      newPassword: formText(formData, 'newPassword'),
      confirmPassword: formText(formData, 'confirmPassword'),
    };
    setFormError(null);
    setDone(null);
    const parsed = passwordChangeSchema.safeParse(values);
    if (!parsed.success) {
      const fields = z.flattenError(parsed.error).fieldErrors;
      setErrors(Object.fromEntries(FIELDS.map((f) => [f, fields[f]?.[0]])));
      return;
    }
    if (hasPassword && !values.currentPassword) {
      setErrors({ currentPassword: 'Enter your current password' });
      return;
    }
    setErrors({});
    try {
      const { signedOutSessions } = await change.mutateAsync(values);
      form.reset();
      setDone(
        signedOutSessions > 0
          ? `Password saved. ${signedOutSessions} other session${signedOutSessions === 1 ? ' was' : 's were'} signed out.`
          : 'Password saved.',
      );
      // A first password turns "Set password" into "Change password".
      void queryClient.invalidateQueries({ queryKey: trpc.account.get.queryKey() });
    } catch (err) {
      const fields = fieldErrorsOf(err, FIELDS);
      if (Object.keys(fields).length > 0) setErrors(fields);
      else setFormError(err instanceof Error ? err.message : 'Could not change the password.');
    }
  }

  return (
    <form
      id="password"
      onSubmit={(e) => void onSubmit(e)}
      noValidate
      aria-label="Password"
      className="mt-8 flex scroll-mt-16 flex-col gap-6 rounded-lg border border-line bg-panel p-5 sm:p-6"
    >
      <div>
        <h2 className="text-lg font-semibold text-fg-strong">Password</h2>
        <p className="mt-1 text-sm text-muted">
          {hasPassword
            ? 'Changing it signs out every other browser where you are signed in.'
            : 'You sign in with emailed links. Set a password to sign in with it too.'}
        </p>
      </div>
      {hasPassword ? (
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          error={errors.currentPassword}
          required
        />
      ) : null}
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters."
        error={errors.newPassword}
        required
      />
      <Field
        label="Confirm new password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        error={errors.confirmPassword}
        required
      />
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <div className="flex flex-col-reverse items-stretch gap-3 sm:flex-row sm:items-center sm:justify-end">
        {done ? (
          <p role="status" className="text-center text-sm text-up sm:text-left">
            ✓ {done}
          </p>
        ) : null}
        <Button type="submit" loading={change.isPending}>
          {hasPassword ? 'Change password' : 'Set password'}
        </Button>
      </div>
    </form>
  );
}
