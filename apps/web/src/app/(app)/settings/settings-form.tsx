'use client';
import { settingsInputSchema } from '@coinview/core/settings';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { z } from 'zod';
import { Button } from '@coinview/ui/button';
import { FormAlert } from '~/components/form-alert';
import { Field } from '@coinview/ui/field';
import { useTRPC } from '~/trpc/react';
import { SettingsSkeleton } from './settings-skeleton';
import { formText } from '~/components/form-text';

type Field = 'displayName' | 'notificationEmail';
type FieldErrors = Partial<Record<Field, string>>;

function firstErrors(
  fieldErrors: Partial<Record<string, string[] | undefined>> | undefined,
): FieldErrors {
  return {
    displayName: fieldErrors?.displayName?.[0],
    notificationEmail: fieldErrors?.notificationEmail?.[0],
  };
}

export function SettingsForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.settings.get.queryOptions());
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const update = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess(data) {
        queryClient.setQueryData(trpc.settings.get.queryKey(), data);
        setSavedAt(Date.now());
        router.refresh(); // the header shows the display name
      },
      onError(err) {
        const errors = firstErrors(err.data?.zodError?.fieldErrors);
        if (errors.displayName || errors.notificationEmail) setFieldErrors(errors);
        else setFormError(err.message);
      },
    }),
  );

  if (settings.isPending) return <SettingsSkeleton />;
  if (settings.isError) {
    return (
      <div className="mt-8">
        <FormAlert>Could not load your settings: {settings.error.message}</FormAlert>
        <Button variant="secondary" className="mt-4" onClick={() => void settings.refetch()}>
          Retry
        </Button>
      </div>
    );
  }

  const data = settings.data;
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    const values = {
      displayName: formText(formData, 'displayName'),
      notificationEmail: formText(formData, 'notificationEmail').trim(),
    };
    setFormError(null);
    setSavedAt(null);
    const parsed = settingsInputSchema.safeParse(values);
    if (!parsed.success) {
      setFieldErrors(firstErrors(z.flattenError(parsed.error).fieldErrors));
      return;
    }
    setFieldErrors({});
    update.mutate(values);
  }

  return (
    <form
      onSubmit={onSubmit}
      onChange={() => setSavedAt(null)}
      noValidate
      aria-label="Settings"
      className="mt-8 flex flex-col gap-6 rounded-lg border border-line bg-panel p-5 sm:p-6"
    >
      <Field
        label="Account email"
        name="accountEmail"
        value={data.email}
        readOnly
        disabled
        hint="Used to sign in."
      />
      <Field
        label="Display name"
        name="displayName"
        defaultValue={data.displayName}
        autoComplete="nickname"
        maxLength={80}
        error={fieldErrors.displayName}
        required
      />
      {/* Alert emails now go to the verified address of the Notifications section (which starts
          from this value); the old field is kept unchanged here rather than edited in two places. */}
      <input type="hidden" name="notificationEmail" value={data.notificationEmail ?? ''} />
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <div className="flex flex-col-reverse items-stretch gap-3 sm:flex-row sm:items-center sm:justify-end">
        {savedAt ? (
          <p role="status" className="text-center text-sm text-up sm:text-left">
            ✓ Saved
          </p>
        ) : null}
        <Button type="submit" loading={update.isPending}>
          Save changes
        </Button>
      </div>
    </form>
  );
}
