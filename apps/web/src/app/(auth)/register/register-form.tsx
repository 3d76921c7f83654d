'use client';
import { registrationSchema } from '@coinview/core/settings';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState, useTransition } from 'react';
import { z } from 'zod';
import { Button } from '@coinview/ui/button';
import { FormAlert } from '~/components/form-alert';
import { Field } from '@coinview/ui/field';
import { useTRPC } from '~/trpc/react';
import { signInWithPassword } from '../actions';
import { formText } from '~/components/form-text';

type Field = 'name' | 'email' | 'password';
type FieldErrors = Partial<Record<Field, string>>;

function firstErrors(
  fieldErrors: Partial<Record<string, string[] | undefined>> | undefined,
): FieldErrors {
  const out: FieldErrors = {};
  for (const key of ['name', 'email', 'password'] as const) {
    const message = fieldErrors?.[key]?.[0];
    if (message) out[key] = message;
  }
  return out;
}

export function RegisterForm() {
  const trpc = useTRPC();
  const register = useMutation(trpc.auth.register.mutationOptions());
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [signingIn, startSignIn] = useTransition();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    const values = {
      name: formText(formData, 'name'),
      email: formText(formData, 'email').trim(),
      password: formText(formData, 'password'),
    };
    setFormError(null);

    // Same schema as the server: instant feedback, and the server still checks.
    const parsed = registrationSchema.safeParse(values);
    if (!parsed.success) {
      setFieldErrors(firstErrors(z.flattenError(parsed.error).fieldErrors));
      return;
    }
    setFieldErrors({});
    try {
      await register.mutateAsync(parsed.data);
    } catch (err) {
      const data = (
        err as { data?: { zodError?: { fieldErrors?: Record<string, string[]> } | null } }
      ).data;
      const errors = firstErrors(data?.zodError?.fieldErrors);
      if (Object.keys(errors).length > 0) setFieldErrors(errors);
      else
        setFormError(err instanceof Error ? err.message : 'Registration failed. Please try again.');
      return;
    }
    // The account exists: sign in with the same credentials (redirects to the chart on success).
    startSignIn(async () => {
      const result = await signInWithPassword({}, formData);
      if (result.error)
        setFormError(`Your account was created, but signing in failed: ${result.error}`);
    });
  }

  const busy = register.isPending || signingIn;
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="flex flex-col gap-4"
      aria-label="Create account"
    >
      <Field
        label="Name"
        name="name"
        autoComplete="name"
        placeholder="Satoshi"
        error={fieldErrors.name}
        required
      />
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        placeholder="you@example.com"
        error={fieldErrors.email}
        required
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        error={fieldErrors.password}
        hint="At least 8 characters."
        required
      />
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <Button type="submit" loading={busy} className="h-10">
        {signingIn ? 'Signing in…' : 'Create account'}
      </Button>
    </form>
  );
}
