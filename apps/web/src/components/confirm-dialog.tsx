'use client';
// The small centred dialog of the app (Radix Dialog): `SmallDialog` is the frame (overlay, panel),
// `ConfirmDialog` asks before something is deleted.
import { Button } from '@coinview/ui/button';
import * as Dialog from '@radix-ui/react-dialog';
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
