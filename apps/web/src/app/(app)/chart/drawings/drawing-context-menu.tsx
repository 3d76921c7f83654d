'use client';
// A drawing's right-click menu, as on TradingView: "Add alert" on a line or a channel (the alert
// watches the drawing's line: close crossing it, entering the channel), "Settings…" (the drawing's
// settings dialog, on this chart), "Lock"/"Unlock" and "Remove". Lock and settings act through the
// drawing editor the event carries, so they are one undo step like every other edit.
import type { DrawingContextMenuEvent } from '@coinview/ui/drawings/drawing-layer';
import * as Menu from '@radix-ui/react-dropdown-menu';
import { AlarmIcon } from '~/components/alarm-icon';

const NAMES: Record<string, string> = {
  'trend-line': 'trend line',
  ray: 'ray',
  'extended-line': 'extended line',
  'horizontal-line': 'horizontal line',
  'horizontal-ray': 'horizontal ray',
  'parallel-channel': 'channel',
};

const item =
  'flex cursor-pointer select-none items-center gap-2 rounded px-2.5 py-1.5 text-sm text-fg outline-none data-[highlighted]:bg-raised';

function Glyph({ children }: { children: string }) {
  return (
    <span aria-hidden className="w-4 text-center text-muted">
      {children}
    </span>
  );
}

/** A padlock, open or shut, in the text colour (an emoji would not follow the theme). */
function Padlock({ open }: { open: boolean }) {
  return (
    <svg
      aria-hidden
      viewBox="0 0 16 16"
      width={16}
      height={16}
      fill="none"
      stroke="currentColor"
      strokeWidth={1.4}
      className="shrink-0 text-muted"
    >
      <rect x="3.5" y="7" width="9" height="6.5" rx="1.2" />
      <path d={open ? 'M5.5 7V5a2.5 2.5 0 0 1 4.8-1' : 'M5.5 7V5a2.5 2.5 0 0 1 5 0v2'} />
    </svg>
  );
}

export function DrawingContextMenu({
  at,
  canAlert,
  onClose,
  onAddAlert,
  onRemove,
}: {
  at: DrawingContextMenuEvent | null;
  canAlert: boolean;
  onClose: () => void;
  onAddAlert: () => void;
  onRemove: () => void;
}) {
  const name = at ? (NAMES[at.drawing.kind] ?? 'drawing') : '';
  // The drawing as it is now (the event's copy is from the right-click).
  const current = at?.controller.getState().drawings.find((d) => d.id === at.drawing.id);
  const locked = current?.locked ?? false;
  return (
    <Menu.Root open={at !== null} onOpenChange={(open) => !open && onClose()} modal={false}>
      <Menu.Trigger asChild>
        <span
          aria-hidden
          className="pointer-events-none absolute size-px"
          style={{ left: at?.x ?? 0, top: at?.y ?? 0 }}
        />
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          align="start"
          sideOffset={2}
          aria-label="Drawing"
          className="z-40 min-w-52 rounded-lg border border-line bg-panel p-1 shadow-2xl"
        >
          {canAlert && (
            <Menu.Item className={item} onSelect={onAddAlert}>
              <AlarmIcon className="shrink-0 text-muted" />
              Add alert on {name}
            </Menu.Item>
          )}
          <Menu.Item className={item} onSelect={() => at?.openSettings()}>
            <Glyph>⚙</Glyph>
            Settings…
          </Menu.Item>
          <Menu.Item
            className={item}
            onSelect={() => at?.controller.setLocked(at.drawing.id, !locked)}
          >
            <Padlock open={locked} />
            {locked ? 'Unlock' : 'Lock'}
          </Menu.Item>
          <Menu.Separator className="my-1 h-px bg-line" />
          <Menu.Item className={item} onSelect={onRemove}>
            <Glyph>×</Glyph>
            Remove {name}
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
