'use client';
// Asks for a layout name (save as, rename) and shows the server's answer in place: a name already
// taken, too long, or a failure to reach the server.
import { Button } from '@coinview/ui/button';
import { Field } from '@coinview/ui/field';
import * as Dialog from '@radix-ui/react-dialog';
import { TRPCClientError } from '@trpc/client';
import { useState, type FormEvent } from 'react';
import { SmallDialog } from '~/components/dialogs';

export interface LayoutNameDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  submitLabel: string;
  initialName: string;
  onSubmit: (name: string) => Promise<void>;
}

/** The message for the name field, from a tRPC error (zod field error or domain message). */
export function nameErrorOf(err: unknown): string {
  if (err instanceof TRPCClientError) {
    const data = err.data as { zodError?: { fieldErrors?: Record<string, string[]> } } | undefined;
    const fieldMessage = data?.zodError?.fieldErrors?.name?.[0];
    return fieldMessage ?? err.message;
  }
  return err instanceof Error ? err.message : 'Something went wrong. Try again.';
}

export function LayoutNameDialog(props: LayoutNameDialogProps) {
  return (
    <SmallDialog open={props.open} onOpenChange={props.onOpenChange}>
      {/* Remounted per opening so the field starts from the current name. */}
      {props.open && <NameForm {...props} />}
    </SmallDialog>
  );
}

function NameForm({
  title,
  submitLabel,
  initialName,
  onSubmit,
  onOpenChange,
}: LayoutNameDialogProps) {
  const [name, setName] = useState(initialName);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError('Give the layout a name');
    setBusy(true);
    setError(null);
    try {
      await onSubmit(name.trim());
      onOpenChange(false);
    } catch (err) {
      setError(nameErrorOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-4" noValidate>
      <Dialog.Title className="text-base font-semibold text-fg-strong">{title}</Dialog.Title>
      <Dialog.Description className="sr-only">
        Enter a name for the chart layout.
      </Dialog.Description>
      <Field
        label="Layout name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={error}
        maxLength={80}
        autoFocus
        onFocus={(e) => e.currentTarget.select()}
      />
      <div className="flex justify-end gap-2">
        <Dialog.Close asChild>
          <Button variant="ghost">Cancel</Button>
        </Dialog.Close>
        <Button type="submit" loading={busy}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
