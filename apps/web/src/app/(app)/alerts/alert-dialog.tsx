'use client';
// Create or edit an alert: market, condition builder, trigger, frequency, expiry, message and
// channels. The rule is checked with core's schema before it is sent (same messages as the
// server's), and whatever the server refuses is shown next to the field it is about.
import { INTERVALS, type Interval } from '@coinview/core/interval';
import { DEFAULT_ALERT_TEMPLATE } from '@coinview/core/rules/message';
import { alertRuleSchema } from '@coinview/core/rules/rule';
import { Button } from '@coinview/ui/button';
import * as Dialog from '@radix-ui/react-dialog';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import Link from 'next/link';
import { useId, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { DialogFrame } from '~/components/dialogs';
import { FormAlert } from '~/components/form-alert';
import { useTimeZone } from '~/components/time-zone';
import { useTRPC } from '~/trpc/react';
import { ConditionGroupEditor } from './condition-group-editor';
import { CheckField, InputField, SelectField } from './form-controls';
import {
  checkOrderAction,
  draftToOrderAction,
  orderActionErrors,
  orderActionToDraft,
  type OrderActionDraft,
} from './order-action-draft';
import { OrderActionFields } from './order-action-fields';
import {
  draftToDefinition,
  formErrors,
  issuesToFormErrors,
  type FormErrors,
  type RuleDraft,
} from './rule-draft';

const TRIGGER_LABELS = { 'bar-close': 'Once the bar closes', intrabar: 'Intrabar (every tick)' };
const FREQUENCY_LABELS = {
  once: 'Only once',
  'once-per-bar': 'Once per bar',
  'once-per-bar-close': 'Once per bar close',
};
const PLACEHOLDERS = ['{{symbol}}', '{{interval}}', '{{close}}', '{{rule}}'];

export interface AlertDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The form's starting point (a new alert, a pre-filled one from the chart, or an existing one). */
  initial: RuleDraft;
  /** Set when editing an existing alert. */
  alertId?: string;
  /** The stored order action when editing an alert that trades. */
  initialOrderAction?: unknown;
}

export function AlertDialog(props: AlertDialogProps) {
  return (
    <DialogFrame
      open={props.open}
      onOpenChange={props.onOpenChange}
      overlayClassName="fixed inset-0 z-40 bg-black/50"
      aria-describedby={undefined}
      className="fixed inset-x-0 bottom-0 z-50 flex max-h-[92dvh] flex-col rounded-t-xl border border-line bg-panel shadow-2xl sm:inset-auto sm:left-1/2 sm:top-1/2 sm:max-h-[88dvh] sm:w-[560px] sm:-translate-x-1/2 sm:-translate-y-1/2 sm:rounded-lg"
    >
      {/* Remounted per opening: the form starts from `initial`. */}
      {props.open && <AlertForm {...props} />}
    </DialogFrame>
  );
}

function serverErrors(err: unknown): { fields: FormErrors; message: string } {
  if (err instanceof TRPCClientError) {
    const data = err.data as { zodError?: { fieldErrors?: Record<string, string[]> } } | undefined;
    return { fields: formErrors(data?.zodError?.fieldErrors ?? {}), message: err.message };
  }
  return { fields: {}, message: err instanceof Error ? err.message : 'Something went wrong' };
}

function AlertForm({ initial, alertId, initialOrderAction, onOpenChange }: AlertDialogProps) {
  const timeZone = useTimeZone();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listId = useId();
  const [draft, setDraft] = useState<RuleDraft>(initial);
  const [orderAction, setOrderAction] = useState<OrderActionDraft>(() =>
    orderActionToDraft(initialOrderAction),
  );
  const [errors, setErrors] = useState<FormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const symbols = useQuery({ ...trpc.market.symbols.queryOptions(), staleTime: 3_600_000 });
  const settings = useQuery(trpc.notificationSettings.get.queryOptions());

  const onSaved = (saved: { name: string }) => {
    void queryClient.invalidateQueries({ queryKey: trpc.alerts.pathKey() });
    toast.success(alertId ? 'Alert updated' : 'Alert created', { description: saved.name });
    onOpenChange(false);
  };
  const onError = (err: unknown) => {
    const { fields, message } = serverErrors(err);
    setErrors(fields);
    setFormError(Object.keys(fields).length ? 'Fix the highlighted fields.' : message);
  };
  const create = useMutation(trpc.alerts.create.mutationOptions({ onSuccess: onSaved, onError }));
  const update = useMutation(trpc.alerts.update.mutationOptions({ onSuccess: onSaved, onError }));
  const busy = create.isPending || update.isPending;

  const set = <K extends keyof RuleDraft>(key: K, value: RuleDraft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const definition = draftToDefinition(draft, timeZone);
    const checked = alertRuleSchema.safeParse(definition);
    const local: FormErrors = checked.success ? {} : issuesToFormErrors(checked.error.issues);
    if (!draft.notifyEmail && !draft.notifyInApp && !draft.notifyWebhook && !draft.notifyTelegram)
      local.channels = 'Choose at least one way to be notified';
    Object.assign(local, checkOrderAction(orderAction));
    setErrors(local);
    if (Object.keys(local).length) {
      setFormError('Fix the highlighted fields.');
      return;
    }
    const input = {
      name: draft.name,
      definition,
      message: draft.message,
      notifyEmail: draft.notifyEmail,
      notifyInApp: draft.notifyInApp,
      notifyWebhook: draft.notifyWebhook,
      notifyTelegram: draft.notifyTelegram,
      orderAction: draftToOrderAction(orderAction),
    };
    if (alertId) update.mutate({ ...input, id: alertId });
    else create.mutate(input);
  }

  const s = settings.data;
  const emailNote = !s
    ? undefined
    : !s.email
      ? 'No alert email set.'
      : !s.emailVerifiedAt
        ? `${s.email} is not verified yet: emails wait until it is.`
        : !s.emailEnabled
          ? 'Email alerts are switched off in settings.'
          : `To ${s.email}`;
  const webhookNote = !s
    ? undefined
    : !s.webhookUrl
      ? 'No webhook URL set.'
      : !s.webhookEnabled
        ? 'The webhook is switched off in settings.'
        : s.webhookUrl;

  return (
    <form onSubmit={submit} noValidate className="flex min-h-0 flex-1 flex-col" aria-label="Alert">
      <div className="flex items-center justify-between border-b border-line px-5 py-3">
        <Dialog.Title className="text-base font-semibold text-fg-strong">
          {alertId ? 'Edit alert' : 'Create alert'}
          <span className="ml-2 text-sm font-normal text-muted">
            {draft.symbol} · {draft.interval}
          </span>
        </Dialog.Title>
        <Dialog.Close
          aria-label="Close"
          className="rounded-md px-2 py-1 text-lg leading-none text-muted hover:bg-raised hover:text-fg"
        >
          ×
        </Dialog.Close>
      </div>

      <div className="flex min-h-0 flex-1 flex-col gap-5 overflow-y-auto px-5 py-4">
        <section className="grid grid-cols-[minmax(0,1fr)_7rem] gap-2">
          <InputField
            label="Symbol"
            list={listId}
            value={draft.symbol}
            autoCapitalize="characters"
            spellCheck={false}
            error={errors.symbol}
            onChange={(e) => set('symbol', e.target.value.toUpperCase().trim())}
          />
          <datalist id={listId}>
            {symbols.data?.slice(0, 2000).map((sym) => (
              <option key={sym.symbol} value={sym.symbol} />
            ))}
          </datalist>
          <SelectField
            label="Interval"
            value={draft.interval}
            error={errors.interval}
            onChange={(e) => set('interval', e.target.value as Interval)}
          >
            {INTERVALS.map((i) => (
              <option key={i} value={i}>
                {i}
              </option>
            ))}
          </SelectField>
        </section>

        <ConditionGroupEditor
          value={draft}
          onChange={({ combine, comparisons }) => setDraft((d) => ({ ...d, combine, comparisons }))}
          errors={errors}
        />

        {/* Two columns: at three, "Once per bar close" did not fit its select (issue 9, item 19). */}
        <section className="grid gap-2 sm:grid-cols-2">
          <SelectField
            label="Trigger"
            value={draft.trigger}
            error={errors.trigger}
            onChange={(e) => {
              const trigger = e.target.value as RuleDraft['trigger'];
              setDraft((d) => ({
                ...d,
                trigger,
                // Once per bar close cannot fire intrabar: move to the nearest valid choice.
                frequency:
                  trigger === 'intrabar' && d.frequency === 'once-per-bar-close'
                    ? 'once-per-bar'
                    : d.frequency,
              }));
            }}
          >
            {Object.entries(TRIGGER_LABELS).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Frequency"
            value={draft.frequency}
            error={errors.frequency}
            onChange={(e) => set('frequency', e.target.value as RuleDraft['frequency'])}
          >
            {Object.entries(FREQUENCY_LABELS).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </SelectField>
          <InputField
            label={`Expires (optional, ${timeZone})`}
            className="sm:col-span-2"
            type="datetime-local"
            value={draft.expiresAt}
            error={errors.expiresAt}
            onChange={(e) => set('expiresAt', e.target.value)}
          />
        </section>

        <section className="flex flex-col gap-2">
          <InputField
            label="Alert name (optional)"
            value={draft.name}
            maxLength={120}
            placeholder="Named after the condition"
            error={errors.name}
            onChange={(e) => set('name', e.target.value)}
          />
          <MessageField
            value={draft.message}
            placeholder={s?.defaultTemplate ?? DEFAULT_ALERT_TEMPLATE}
            error={errors.message}
            onChange={(v) => set('message', v)}
          />
        </section>

        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-xs font-medium text-muted">Notify by</legend>
          <CheckField
            label="In-app notification"
            checked={draft.notifyInApp}
            onChange={(v) => set('notifyInApp', v)}
          />
          <CheckField
            label="Email"
            checked={draft.notifyEmail}
            onChange={(v) => set('notifyEmail', v)}
            note={emailNote}
          />
          <CheckField
            label="Webhook"
            checked={draft.notifyWebhook}
            onChange={(v) => set('notifyWebhook', v)}
            note={webhookNote}
          />
          <CheckField
            label="Telegram"
            checked={draft.notifyTelegram}
            onChange={(v) => set('notifyTelegram', v)}
            note="To the chat linked in settings."
          />
          {errors.channels ? <p className="text-xs text-down">{errors.channels}</p> : null}
          {(emailNote && draft.notifyEmail && !s?.emailVerifiedAt) ||
          (draft.notifyWebhook && !s?.webhookEnabled) ? (
            <Link href="/settings#notifications" className="text-xs text-accent hover:underline">
              Open notification settings →
            </Link>
          ) : null}
        </fieldset>
        <OrderActionFields
          symbol={draft.symbol}
          draft={orderAction}
          onChange={setOrderAction}
          errors={orderActionErrors(errors)}
        />
        {formError ? <FormAlert>{formError}</FormAlert> : null}
      </div>

      <div className="flex justify-end gap-2 border-t border-line px-5 py-3">
        <Dialog.Close asChild>
          <Button variant="ghost">Cancel</Button>
        </Dialog.Close>
        <Button type="submit" loading={busy}>
          {alertId ? 'Save' : 'Create'}
        </Button>
      </div>
    </form>
  );
}

function MessageField({
  value,
  placeholder,
  error,
  onChange,
}: {
  value: string;
  placeholder: string;
  error?: string;
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-muted">
        Message
      </label>
      <textarea
        id={id}
        rows={2}
        maxLength={2000}
        value={value}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-help`}
        onChange={(e) => onChange(e.target.value)}
        className="rounded-md border border-line-strong bg-canvas px-2 py-1.5 text-sm text-fg placeholder:text-faint focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/30"
      />
      <p id={`${id}-help`} className="flex flex-wrap items-center gap-1 text-xs text-muted">
        {error ? <span className="text-down">{error} · </span> : null}
        Placeholders:
        {PLACEHOLDERS.map((p) => (
          <button
            key={p}
            type="button"
            onClick={() => onChange(`${value}${value && !value.endsWith(' ') ? ' ' : ''}${p}`)}
            className="rounded bg-raised px-1.5 py-0.5 font-mono text-[11px] text-fg hover:bg-line"
          >
            {p}
          </button>
        ))}
      </p>
    </div>
  );
}
