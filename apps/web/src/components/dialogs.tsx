'use client';
// The app's dialogs (Radix Dialog): `SmallDialog` is the small centred frame, `ConfirmDialog`
// asks before something is deleted, `SheetDialog` is the search dialog's frame (full screen on a
// phone, a tall panel on a wider screen) with its title bar.
import { Button } from '@coinview/ui/button';
import * as Dialog from '@radix-ui/react-dialog';
import { cn } from '@coinview/ui/cn';
import type { ReactNode } from 'react';

export function SmallDialog({
  open,
  onOpenChange,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  children: ReactNode;
}) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/50" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 w-[calc(100vw-2rem)] max-w-sm -translate-x-1/2 -translate-y-1/2 rounded-lg border border-line bg-panel p-5 shadow-2xl">
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  busy = false,
  onConfirm,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
}) {
  return (
    <SmallDialog open={open} onOpenChange={onOpenChange}>
      <Dialog.Title className="text-base font-semibold text-fg-strong">{title}</Dialog.Title>
      <Dialog.Description className="mt-2 text-sm text-muted">{description}</Dialog.Description>
      <div className="mt-5 flex justify-end gap-2">
        <Dialog.Close asChild>
          <Button variant="ghost">Cancel</Button>
        </Dialog.Close>
        <Button variant="danger" loading={busy} onClick={onConfirm}>
          {confirmLabel}
        </Button>
      </div>
    </SmallDialog>
  );
}

export function SheetDialog({
  open,
  onOpenChange,
  title,
  description,
  className,
  testId,
  children,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  /** For screen readers: what the dialog is for and its keys. */
  description: ReactNode;
  /** Size on wider screens, e.g. `sm:h-[min(640px,80vh)] sm:w-[560px]`. */
  className: string;
  testId?: string;
  /** Mounted only while open, so each opening starts afresh (an empty search). */
  children: ReactNode;
}) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-black/60" />
        <Dialog.Content
          data-testid={testId}
          className={cn(
            'fixed inset-0 z-50 flex flex-col bg-panel text-fg shadow-2xl outline-none',
            'sm:inset-auto sm:top-[10vh] sm:left-1/2 sm:-translate-x-1/2',
            'sm:rounded-lg sm:border sm:border-line',
            className,
          )}
        >
          <div className="flex items-center justify-between border-b border-line px-4 py-3">
            <Dialog.Title className="text-base font-semibold text-fg-strong">{title}</Dialog.Title>
            <Dialog.Close
              aria-label="Close"
              className="flex size-8 items-center justify-center rounded text-muted hover:bg-raised hover:text-fg"
            >
              <span aria-hidden className="text-lg leading-none">
                ×
              </span>
            </Dialog.Close>
          </div>
          <Dialog.Description className="sr-only">{description}</Dialog.Description>
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
