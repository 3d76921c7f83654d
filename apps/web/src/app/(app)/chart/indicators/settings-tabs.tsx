'use client';
// The Inputs / Style tab strip of the settings dialog, following the WAI-ARIA tabs pattern (arrow
// keys move between tabs, only the selected tab is in the tab order).
import { cn } from '@coinview/ui/cn';
import { type KeyboardEvent, type ReactNode, useId, useRef } from 'react';

export type SettingsTab = 'inputs' | 'style';

const TABS: { id: SettingsTab; label: string }[] = [
  { id: 'inputs', label: 'Inputs' },
  { id: 'style', label: 'Style' },
];

export function SettingsTabs({
  tab,
  onTabChange,
  inputsInvalid,
  children,
}: {
  tab: SettingsTab;
  onTabChange: (tab: SettingsTab) => void;
  /** Marks the Inputs tab while one of its fields is invalid (OK is disabled then). */
  inputsInvalid: boolean;
  children: ReactNode;
}) {
  const base = useId();
  const refs = useRef<Partial<Record<SettingsTab, HTMLButtonElement | null>>>({});

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const index = TABS.findIndex((t) => t.id === tab);
    const next = TABS[(index + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length];
    if (!next) return;
    onTabChange(next.id);
    refs.current[next.id]?.focus();
  }

  return (
    <>
      <div
        role="tablist"
        aria-label="Settings sections"
        onKeyDown={onKeyDown}
        className="flex gap-4 border-b border-line px-4"
      >
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-${t.id}-tab`}
            aria-selected={tab === t.id}
            aria-controls={`${base}-panel`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => onTabChange(t.id)}
            className={cn(
              '-mb-px flex items-center gap-1.5 border-b-2 py-2.5 text-sm font-medium transition-colors',
              tab === t.id
                ? 'border-accent text-fg-strong'
                : 'border-transparent text-muted hover:text-fg',
            )}
          >
            {t.label}
            {t.id === 'inputs' && inputsInvalid ? (
              <>
                <span aria-hidden className="size-1.5 rounded-full bg-down" />
                <span className="sr-only">(has errors)</span>
              </>
            ) : null}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`${base}-panel`}
        aria-labelledby={`${base}-${tab}-tab`}
        className="flex min-h-0 flex-1 flex-col gap-4 overflow-y-auto px-4 py-4"
      >
        {children}
      </div>
    </>
  );
}
