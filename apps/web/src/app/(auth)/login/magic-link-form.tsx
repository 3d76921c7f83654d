'use client';
import { useActionState } from 'react';
import { Button } from '@coinview/ui/button';
import { FormAlert } from '~/components/form-alert';
import { Field } from '@coinview/ui/field';
import { requestMagicLink, type SignInState } from '../actions';

export function MagicLinkForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState(requestMagicLink, {} as SignInState);
  return (
    <form
      action={action}
      noValidate
      className="flex flex-col gap-3"
      aria-label="Email me a sign-in link"
    >
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <p className="text-sm text-muted">
        Prefer no password? We can email you a link that signs you in.
      </p>
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
      {state.error ? <FormAlert>{state.error}</FormAlert> : null}
      <Button type="submit" variant="secondary" loading={pending} className="h-10">
        Email me a link
      </Button>
    </form>
  );
}
