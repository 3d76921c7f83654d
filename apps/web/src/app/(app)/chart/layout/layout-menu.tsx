'use client';
// The layout switcher at the right of the toolbar, like TradingView's: the open layout's name and
// save state; a menu to save as, rename, make default, delete, and open any other saved layout.
import { Button } from '@coinview/ui/button';
import { cn } from '@coinview/ui/cn';
import * as Menu from '@radix-ui/react-dropdown-menu';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '~/components/dialogs';
import { useTRPC } from '~/trpc/react';
import type { SaveStatus } from './autosave';
import { LayoutNameDialog } from './layout-name-dialog';
import type { LayoutWorkspace } from './use-layout-workspace';

const STATUS_TEXT: Record<SaveStatus, string> = {
  saved: 'Saved',
  pending: 'Saving…',
  saving: 'Saving…',
  error: 'Not saved',
  conflict: 'Changed elsewhere',
};

const itemClass =
  'flex cursor-pointer select-none items-center gap-2 rounded px-2.5 py-1.5 text-sm text-fg outline-none data-[highlighted]:bg-raised data-[disabled]:cursor-default data-[disabled]:opacity-50';

type NameDialog = 'save-as' | 'rename' | null;

export function LayoutMenu({ workspace }: { workspace: LayoutWorkspace }) {
  const trpc = useTRPC();
  const [menuOpen, setMenuOpen] = useState(false);
  const layouts = useQuery({ ...trpc.layouts.list.queryOptions(), enabled: menuOpen });
  const [dialog, setDialog] = useState<NameDialog>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const { layout, status } = workspace;
  const saved = workspace.layout !== null;

  const run = (action: () => Promise<void>) => {
    setActionError(null);
    action().catch((err: unknown) =>
      setActionError(err instanceof Error ? err.message : 'That did not work. Try again.'),
    );
  };

  return (
    <div className="flex items-center gap-1.5">
      <span
        data-testid="layout-status"
        data-status={status}
        className={cn(
          'hidden items-center gap-1 text-xs md:flex',
          status === 'error' || status === 'conflict' ? 'text-down' : 'text-muted',
        )}
        aria-live="polite"
      >
        <span
          aria-hidden
          className={cn(
            'size-1.5 rounded-full',
            status === 'saved'
              ? 'bg-up'
              : status === 'error' || status === 'conflict'
                ? 'bg-down'
                : 'bg-warn',
          )}
        />
        {saved || status !== 'saved' ? STATUS_TEXT[status] : 'Not saved yet'}
      </span>
      {status === 'error' && (
        <Button variant="ghost" size="sm" onClick={workspace.retrySave}>
          Retry
        </Button>
      )}

      {/* Not modal: a modal menu hides the rest of the page (header, toolbar) from screen readers
          with aria-hidden while they stay focusable. The menu still closes on Esc and outside. */}
      <Menu.Root open={menuOpen} onOpenChange={setMenuOpen} modal={false}>
        <Menu.Trigger asChild>
          <button
            type="button"
            aria-label={`Layout: ${layout?.name ?? 'unsaved chart'}`}
            data-testid="layout-menu"
            className="flex h-8 max-w-[14rem] items-center gap-1.5 rounded-md border border-line-strong px-2.5 text-sm text-fg hover:bg-raised"
          >
            <span className="truncate">{layout?.name ?? 'Unsaved chart'}</span>
            {layout?.isDefault && (
              <span aria-label="default" className="text-warn">
                ★
              </span>
            )}
            <span aria-hidden className="text-muted">
              ▾
            </span>
          </button>
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content
            align="end"
            sideOffset={6}
            className="z-40 max-h-[70vh] w-64 overflow-y-auto rounded-lg border border-line bg-panel p-1 shadow-2xl"
          >
            <Menu.Item className={itemClass} onSelect={() => setDialog('save-as')}>
              Save layout as…
            </Menu.Item>
            <Menu.Item className={itemClass} disabled={!saved} onSelect={() => setDialog('rename')}>
              Rename…
            </Menu.Item>
            <Menu.CheckboxItem
              className={itemClass}
              disabled={!saved}
              checked={layout?.isDefault ?? false}
              onCheckedChange={(checked) => run(() => workspace.setDefault(checked))}
            >
              <span className="w-4 text-warn">{layout?.isDefault ? '★' : '☆'}</span>
              Default layout
            </Menu.CheckboxItem>
            <Menu.Item
              className={cn(itemClass, 'text-down')}
              disabled={!saved}
              onSelect={() => setConfirmDelete(true)}
            >
              Delete layout…
            </Menu.Item>
            <Menu.Separator className="my-1 h-px bg-line" />
            <Menu.Label className="px-2.5 py-1 text-xs font-medium uppercase tracking-wide text-faint">
              Your layouts
            </Menu.Label>
            {layouts.isPending && <p className="px-2.5 py-1.5 text-sm text-muted">Loading…</p>}
            {layouts.isError && (
              <p role="alert" className="px-2.5 py-1.5 text-sm text-down">
                Could not load layouts.{' '}
                <button type="button" className="underline" onClick={() => void layouts.refetch()}>
                  Retry
                </button>
              </p>
            )}
            {layouts.data?.length === 0 && (
              <p className="px-2.5 py-1.5 text-sm text-muted">No saved layouts yet.</p>
            )}
            {layouts.data?.map((l) => (
              <Menu.Item
                key={l.id}
                className={itemClass}
                onSelect={() => {
                  if (l.id !== layout?.id) run(() => workspace.open(l.id));
                }}
                data-testid="layout-option"
              >
                <span className="w-4 text-accent">{l.id === layout?.id ? '✓' : ''}</span>
                <span className="min-w-0 flex-1 truncate">{l.name}</span>
                {l.isDefault && <span className="text-xs text-warn">★</span>}
              </Menu.Item>
            ))}
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>

      {actionError && (
        <span role="alert" className="max-w-[16rem] truncate text-xs text-down" title={actionError}>
          {actionError}
        </span>
      )}

      <LayoutNameDialog
        open={dialog !== null}
        onOpenChange={(open) => !open && setDialog(null)}
        title={dialog === 'rename' ? 'Rename layout' : 'Save layout as'}
        submitLabel={dialog === 'rename' ? 'Rename' : 'Save'}
        initialName={dialog === 'rename' ? (layout?.name ?? '') : ''}
        onSubmit={(name) => (dialog === 'rename' ? workspace.rename(name) : workspace.saveAs(name))}
      />

      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={`Delete “${layout?.name ?? ''}”?`}
        description="The layout and its indicators are removed. The chart stays as it is."
        confirmLabel="Delete"
        onConfirm={() => {
          const id = layout?.id;
          setConfirmDelete(false);
          if (id) run(() => workspace.remove(id));
        }}
      />
    </div>
  );
}
