'use client';
import { useActionState } from 'react';
import { Button } from '@coinview/ui/button';
import { FormAlert } from '~/components/form-alert';
import { Field } from '@coinview/ui/field';
import { signInWithPassword, type SignInState } from '../actions';

export function PasswordForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState(signInWithPassword, {} as SignInState);
  return (
    <form
      action={action}
      noValidate
      className="flex flex-col gap-4"
      aria-label="Sign in with password"
    >
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        placeholder="you@example.com"
        defaultValue={state.email}
        error={state.fieldErrors?.email}
        required
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        error={state.fieldErrors?.password}
        required
      />
      {state.error ? <FormAlert>{state.error}</FormAlert> : null}
      <Button type="submit" loading={pending} className="h-10">
        Sign in
      </Button>
    </form>
  );
}
