'use client';
// TradingView's "Indicators" dialog: search the catalogue by name, short label or what it does,
// grouped by where the indicator is drawn. Adding keeps the dialog open so a trader can add several
// in a row; a short confirmation says what was added.
import type { IndicatorId } from '@coinview/core/indicators';
import { cn } from '@coinview/ui/cn';
import { Command } from 'cmdk';
import { useRef, useState } from 'react';
import { SheetDialog } from '~/components/dialogs';
import { PICKER_GROUPS, PICKER_ENTRIES, scoreIndicator } from './indicator-search';

export interface IndicatorPickerProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /**
   * Called once per add (Enter or click); the dialog stays open. Return a message (e.g. "A layout
   * holds at most 30 indicators") to show it instead of the "added" confirmation.
   */
  onAdd: (id: IndicatorId) => string | void;
}

export function IndicatorPicker({ open, onOpenChange, onAdd }: IndicatorPickerProps) {
  return (
    <SheetDialog
      open={open}
      onOpenChange={onOpenChange}
      title="Indicators"
      description="Search for an indicator and press Enter or click it to add it to the chart. The dialog stays open so you can add several."
      className="sm:h-[min(640px,80vh)] sm:w-[560px]"
    >
      <PickerBody onAdd={onAdd} />
    </SheetDialog>
  );
}

function PickerBody({ onAdd }: Pick<IndicatorPickerProps, 'onAdd'>) {
  const [search, setSearch] = useState('');
  const [added, setAdded] = useState<Partial<Record<IndicatorId, number>>>({});
  const [notice, setNotice] = useState<{ text: string; error: boolean; seq: number } | null>(null);
  const seq = useRef(0);

  function add(id: IndicatorId) {
    const refusal = onAdd(id);
    seq.current += 1;
    if (typeof refusal === 'string') {
      setNotice({ text: refusal, error: true, seq: seq.current });
      return;
    }
    setAdded((a) => ({ ...a, [id]: (a[id] ?? 0) + 1 }));
    const name = PICKER_ENTRIES.find((e) => e.id === id)?.name ?? id;
    setNotice({ text: `✓ ${name} added to the chart`, error: false, seq: seq.current });
  }

  return (
    <>
      <Command
        label="Search indicators"
        filter={(value, query) => scoreIndicator(value, query)}
        loop
        className="flex min-h-0 flex-1 flex-col"
      >
        <div className="border-b border-line px-4 py-2">
          <Command.Input
            value={search}
            onValueChange={setSearch}
            placeholder="Search"
            autoFocus
            className="h-9 w-full rounded-md border border-line bg-canvas px-3 text-sm text-fg placeholder:text-faint focus:border-accent focus:outline-none"
          />
        </div>
        <Command.List className="min-h-0 flex-1 overflow-y-auto overscroll-contain px-2 py-2">
          <Command.Empty className="px-3 py-8 text-center text-sm text-muted">
            No indicator matches “{search}”.
          </Command.Empty>
          {PICKER_GROUPS.map((group) => (
            <Command.Group
              key={group.placement}
              heading={group.heading}
              className={cn(
                '[&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:pt-3 [&_[cmdk-group-heading]]:pb-1',
                '[&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-medium',
                '[&_[cmdk-group-heading]]:tracking-wide [&_[cmdk-group-heading]]:text-faint',
                '[&_[cmdk-group-heading]]:uppercase',
              )}
            >
              {group.entries.map((entry) => {
                const count = added[entry.id] ?? 0;
                return (
                  <Command.Item
                    key={entry.id}
                    value={entry.id}
                    onSelect={() => add(entry.id)}
                    className={cn(
                      'flex cursor-pointer items-center gap-3 rounded-md px-2 py-2',
                      'data-[selected=true]:bg-raised',
                    )}
                  >
                    <span className="w-20 shrink-0 truncate rounded bg-canvas px-1.5 py-0.5 text-center font-mono text-xs text-muted">
                      {entry.short}
                    </span>
                    <span className="flex min-w-0 flex-1 flex-col">
                      <span className="truncate text-sm text-fg-strong">{entry.name}</span>
                      <span className="truncate text-xs text-muted">{entry.description}</span>
                    </span>
                    {count > 0 ? (
                      <span className="shrink-0 text-xs font-medium text-up">
                        ✓ Added{count > 1 ? ` ×${count}` : ''}
                      </span>
                    ) : null}
                  </Command.Item>
                );
              })}
            </Command.Group>
          ))}
        </Command.List>
      </Command>
      <p
        role="status"
        aria-live="polite"
        className="min-h-10 border-t border-line px-4 py-2.5 text-xs text-muted"
      >
        {notice ? (
          <span key={notice.seq} className={notice.error ? 'text-down' : 'text-up'}>
            {notice.text}
          </span>
        ) : (
          <>
            <span className="sm:hidden">Tap an indicator to add it; add as many as you like.</span>
            <span className="hidden sm:inline">↑↓ to choose · Enter to add · Esc to close</span>
          </>
        )}
      </p>
    </>
  );
}
