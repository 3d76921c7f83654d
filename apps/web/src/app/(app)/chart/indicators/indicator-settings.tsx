'use client';
// TradingView's study settings: an Inputs tab (the indicator's parameters, checked against the
// catalogue's schema as the user types) and a Style tab (a colour per plotted line, visibility, an
// optional name). Valid edits are previewed live through onApply; Cancel, Escape or the close
// button put back what was there when the dialog opened.
import { indicatorTitle } from '@coinview/core/layout-edit';
import type { LayoutIndicator } from '@coinview/core/layout';
import { INDICATORS, indicatorIdSchema } from '@coinview/core/indicators';
import { paramFields } from '@coinview/core/indicators/param-fields';
import { Button } from '@coinview/ui/button';
import { cn } from '@coinview/ui/cn';
import * as Dialog from '@radix-ui/react-dialog';
import { type FormEvent, useState } from 'react';
import { DialogFrame } from '~/components/dialogs';
import { ParamInput, StyleTab } from './settings-fields';
import {
  checkDraft,
  draftDefaults,
  draftFromIndicator,
  restorePatch,
  type DraftCheck,
  type SettingsDraft,
} from './settings-draft';
import { SettingsTabs, type SettingsTab } from './settings-tabs';

export type IndicatorSettingsPatch = NonNullable<DraftCheck['patch']>;

export interface IndicatorSettingsProps {
  /** The instance being edited; the dialog renders nothing without one. */
  indicator: LayoutIndicator | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** A valid patch for updateIndicator: live previews, OK, and the original again on Cancel. */
  onApply: (patch: IndicatorSettingsPatch) => void;
}

export function IndicatorSettings({
  indicator,
  open,
  onApply,
  onOpenChange,
}: IndicatorSettingsProps) {
  if (!open || !indicator) return null;
  // Mounted per opening, so the snapshot Cancel restores is the state at the moment it opened.
  return (
    <SettingsDialog
      key={indicator.instanceId}
      indicator={indicator}
      onApply={onApply}
      onOpenChange={onOpenChange}
    />
  );
}

function SettingsDialog({
  indicator,
  onApply,
  onOpenChange,
}: {
  indicator: LayoutIndicator;
  onApply: IndicatorSettingsProps['onApply'];
  onOpenChange: IndicatorSettingsProps['onOpenChange'];
}) {
  const [original] = useState(indicator);
  const [draft, setDraft] = useState<SettingsDraft>(() => draftFromIndicator(indicator));
  const [previewed, setPreviewed] = useState(false);
  const [tab, setTab] = useState<SettingsTab>('inputs');
  const id = indicatorIdSchema.parse(original.id);
  const fields = paramFields(id);
  const check = checkDraft(id, draft);
  const title = `${indicatorTitle(original)} settings`;

  function edit(next: SettingsDraft) {
    setDraft(next);
    const result = checkDraft(id, next);
    if (result.patch) {
      onApply(result.patch);
      setPreviewed(true);
    }
  }
  function cancel() {
    if (previewed) onApply(restorePatch(original));
    onOpenChange(false);
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!check.patch) return;
    onApply(check.patch);
    onOpenChange(false);
  }

  return (
    <DialogFrame
      open
      onOpenChange={(next) => (next ? undefined : cancel())}
      overlayClassName="fixed inset-0 z-50 bg-black/60"
      className={cn(
        'fixed inset-0 z-50 flex flex-col bg-panel text-fg shadow-2xl outline-none',
        'sm:inset-auto sm:top-[12vh] sm:left-1/2 sm:max-h-[76vh] sm:w-[440px] sm:-translate-x-1/2',
        'sm:rounded-lg sm:border sm:border-line',
      )}
    >
      <div className="flex items-center justify-between gap-3 border-b border-line px-4 py-3">
        <Dialog.Title className="truncate text-base font-semibold text-fg-strong">
          {title}
        </Dialog.Title>
        <Dialog.Close
          aria-label="Close"
          className="flex size-8 shrink-0 items-center justify-center rounded text-muted hover:bg-raised hover:text-fg"
        >
          <span aria-hidden className="text-lg leading-none">
            ×
          </span>
        </Dialog.Close>
      </div>
      <Dialog.Description className="sr-only">
        {INDICATORS[id].name}: {INDICATORS[id].description} Changes show on the chart as you make
        them; Cancel puts back the previous settings.
      </Dialog.Description>

      <form onSubmit={submit} noValidate className="flex min-h-0 flex-1 flex-col">
        <SettingsTabs
          tab={tab}
          onTabChange={setTab}
          inputsInvalid={fields.some((f) => check.errors[f.key])}
        >
          {tab === 'inputs' ? (
            fields.length === 0 ? (
              <p className="py-6 text-center text-sm text-muted">This indicator has no inputs.</p>
            ) : (
              fields.map((field) => (
                <ParamInput
                  key={field.key}
                  field={field}
                  value={draft.inputs[field.key]}
                  error={check.errors[field.key]}
                  onChange={(value) =>
                    edit({ ...draft, inputs: { ...draft.inputs, [field.key]: value } })
                  }
                />
              ))
            )
          ) : (
            <StyleTab
              outputs={INDICATORS[id].outputs}
              draft={draft}
              nameError={check.errors.name}
              placeholder={indicatorTitle({ ...original, name: undefined })}
              onChange={edit}
            />
          )}
          {check.formError ? (
            <p role="alert" className="text-xs text-down">
              {check.formError}
            </p>
          ) : null}
        </SettingsTabs>

        <div className="flex items-center gap-2 border-t border-line px-4 py-3">
          <Button
            variant="ghost"
            size="sm"
            onClick={() => edit(draftDefaults(id, draft))}
            className="mr-auto"
          >
            Defaults
          </Button>
          <Button variant="secondary" size="sm" onClick={cancel}>
            Cancel
          </Button>
          <Button type="submit" size="sm" disabled={!check.patch} className="min-w-16">
            OK
          </Button>
        </div>
      </form>
    </DialogFrame>
  );
}
