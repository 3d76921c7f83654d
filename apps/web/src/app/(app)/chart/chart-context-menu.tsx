'use client';
// The chart's right-click menu, as on TradingView: "Add alert at <price>" for the price under the
// pointer. A Radix menu anchored to an invisible point where the click happened.
import { formatPrice } from '@coinview/ui/bars';
import type { PriceContextMenuEvent } from '@coinview/ui/price-context-menu';
import * as Menu from '@radix-ui/react-dropdown-menu';
import { AlarmIcon } from '~/components/alarm-icon';

export function ChartContextMenu({
  at,
  precision,
  onClose,
  onAddAlert,
}: {
  at: PriceContextMenuEvent | null;
  precision: number;
  onClose: () => void;
  onAddAlert: (price: number) => void;
}) {
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
          className="z-40 min-w-52 rounded-lg border border-line bg-panel p-1 shadow-2xl"
        >
          {at && (
            <Menu.Item
              className="flex cursor-pointer select-none items-center gap-2 rounded px-2.5 py-1.5 text-sm text-fg outline-none data-[highlighted]:bg-raised"
              onSelect={() => onAddAlert(Number(at.price.toFixed(precision)))}
            >
              <AlarmIcon className="shrink-0 text-muted" />
              Add alert at {formatPrice(at.price, precision)}
            </Menu.Item>
          )}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
