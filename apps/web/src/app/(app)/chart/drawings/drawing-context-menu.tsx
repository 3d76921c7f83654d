'use client';
// A drawing's right-click menu, as on TradingView: "Add alert" on a line or a channel (the alert
// watches the drawing's line: close crossing it, entering the channel) and "Remove".
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
          <Menu.Item className={item} onSelect={onRemove}>
            <span aria-hidden className="w-4 text-center text-muted">
              ×
            </span>
            Remove {name}
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
