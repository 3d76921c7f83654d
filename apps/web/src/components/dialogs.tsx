'use client';
// The app's dialogs (Radix Dialog). `DialogFrame` is the one modal frame every dialog is built on:
// Radix returns focus to a Dialog.Trigger when a dialog closes, but ours are opened from state (a
// toolbar button, a menu item, a row's Edit), so the frame remembers what had focus when it opened
// and puts focus back there on close, whichever way it closes (Esc, ×, Cancel, a submit).
// `SmallDialog` is the small centred frame, `ConfirmDialog` asks before something is deleted,
// `SheetDialog` is the search dialog's frame (full screen on a phone, a tall panel on a wider
// screen) with its title bar.
import { Button } from '@coinview/ui/button';
import * as Dialog from '@radix-ui/react-dialog';
import { cn } from '@coinview/ui/cn';
import { type ComponentPropsWithoutRef, type ReactNode, useLayoutEffect, useRef } from 'react';

/**
 * What a dialog gives focus back to: the element that had focus as it opened, or, for a menu item
 * (gone with its menu once the dialog is up), the button that opened the menu (Radix points the
 * button's aria-controls at the menu).
 */
function openerOf(active: Element | null): HTMLElement | null {
  if (!(active instanceof HTMLElement) || active === document.body) return null;
  const menu = active.closest('[role="menu"]');
  const trigger = menu?.id
    ? document.querySelector(`[aria-controls="${CSS.escape(menu.id)}"]`)
    : null;
  return trigger instanceof HTMLElement ? trigger : active;
}

/**
 * Remembers the opener when `open` becomes true (layout effects run before Radix moves focus into
 * the dialog) and returns the `onCloseAutoFocus` handler that focuses it again. When the opener
 * has left the page by the time the dialog closes (the row that was deleted), Radix's default
 * applies.
 */
export function useReturnFocus(open: boolean): (event: Event) => void {
  const opener = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    if (open) opener.current = openerOf(document.activeElement);
  }, [open]);
  return (event) => {
    const target = opener.current;
    opener.current = null;
    if (!target?.isConnected) return;
    event.preventDefault();
    target.focus({ preventScroll: true });
  };
}

type ContentProps = Omit<ComponentPropsWithoutRef<typeof Dialog.Content>, 'onCloseAutoFocus'>;

/** Root, portal, overlay and content of a modal dialog that gives focus back to its opener. */
export function DialogFrame({
  open,
  onOpenChange,
  overlayClassName,
  children,
  ...content
}: ContentProps & {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  overlayClassName: string;
  children: ReactNode;
}) {
  const returnFocus = useReturnFocus(open);
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className={overlayClassName} />
        <Dialog.Content {...content} onCloseAutoFocus={returnFocus}>
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

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
    <DialogFrame
      open={open}
      onOpenChange={onOpenChange}
      overlayClassName="fixed inset-0 z-40 bg-black/50"
      className="fixed left-1/2 top-1/2 z-50 w-[calc(100vw-2rem)] max-w-sm -translate-x-1/2 -translate-y-1/2 rounded-lg border border-line bg-panel p-5 shadow-2xl"
    >
      {children}
    </DialogFrame>
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
    <DialogFrame
      open={open}
      onOpenChange={onOpenChange}
      overlayClassName="fixed inset-0 z-50 bg-black/60"
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
    </DialogFrame>
  );
}
