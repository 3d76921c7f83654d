'use client';
// Settings → Notifications: where alerts go. The alert email must be confirmed by a link before
// alerts are emailed; the webhook gets a signed JSON POST (its secret is shown only when it is
// generated); the default template fills new alerts' message.
import { DEFAULT_ALERT_TEMPLATE } from '@coinview/core/rules/message';
import { Button } from '@coinview/ui/button';
import { Field } from '@coinview/ui/field';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import type { inferRouterOutputs } from '@trpc/server';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { FormAlert } from '~/components/form-alert';
import type { AppRouter } from '~/server/api/root';
import { useTRPC } from '~/trpc/react';

type Errors = Partial<Record<'email' | 'webhookUrl' | 'defaultTemplate', string>>;

function errorsOf(err: unknown): { fields: Errors; message: string } {
  const data =
    err instanceof TRPCClientError
      ? (err.data as { zodError?: { fieldErrors?: Record<string, string[]> } } | undefined)
      : undefined;
  const f = data?.zodError?.fieldErrors ?? {};
  return {
    fields: {
      email: f.email?.[0],
      webhookUrl: f.webhookUrl?.[0],
      defaultTemplate: f.defaultTemplate?.[0],
    },
    message: err instanceof Error ? err.message : 'Something went wrong',
  };
}

function Toggle({
  label,
  hint,
  checked,
  onChange,
  name,
}: {
  label: string;
  hint?: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  name: string;
}) {
  return (
    <label className="flex items-start justify-between gap-4">
      <span>
        <span className="block text-sm font-medium text-fg">{label}</span>
        {hint ? <span className="block text-xs text-muted">{hint}</span> : null}
      </span>
      <input
        type="checkbox"
        role="switch"
        name={name}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        className="mt-0.5 size-4 shrink-0 accent-[var(--color-accent)]"
      />
    </label>
  );
}

export function NotificationsSection({ mailboxEnabled }: { mailboxEnabled: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.notificationSettings.get.queryOptions());

  if (settings.isPending)
    return (
      <div
        className="mt-8 h-96 animate-pulse rounded-lg border border-line bg-panel"
        aria-busy="true"
      />
    );
  if (settings.isError)
    return (
      <div className="mt-8">
        <FormAlert>Could not load notification settings: {settings.error.message}</FormAlert>
        <Button variant="secondary" className="mt-4" onClick={() => void settings.refetch()}>
          Retry
        </Button>
      </div>
    );
  return (
    <NotificationsForm
      // Remount when the saved values change so the inputs start from them.
      key={settings.data.updatedAt}
      data={settings.data}
      mailboxEnabled={mailboxEnabled}
      onSaved={(data) => queryClient.setQueryData(trpc.notificationSettings.get.queryKey(), data)}
    />
  );
}

type SettingsData = inferRouterOutputs<AppRouter>['notificationSettings']['get'];

function NotificationsForm({
  data,
  mailboxEnabled,
  onSaved,
}: {
  data: SettingsData;
  mailboxEnabled: boolean;
  onSaved: (data: SettingsData) => void;
}) {
  const trpc = useTRPC();
  const [email, setEmail] = useState(data.email ?? '');
  const [emailEnabled, setEmailEnabled] = useState(data.emailEnabled);
  const [inAppEnabled, setInAppEnabled] = useState(data.inAppEnabled);
  const [webhookUrl, setWebhookUrl] = useState(data.webhookUrl ?? '');
  const [webhookEnabled, setWebhookEnabled] = useState(data.webhookEnabled);
  const [template, setTemplate] = useState(data.defaultTemplate ?? '');
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [notice, setNotice] = useState<{ tone: 'success' | 'error' | 'info'; text: string } | null>(
    null,
  );
  const [secret, setSecret] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  const update = useMutation(
    trpc.notificationSettings.update.mutationOptions({
      onSuccess: (next) => {
        setSaved(true);
        onSaved(next);
      },
      onError: (err) => {
        const { fields, message } = errorsOf(err);
        setErrors(fields);
        if (!fields.email && !fields.webhookUrl && !fields.defaultTemplate) setFormError(message);
      },
    }),
  );
  const sendVerification = useMutation(
    trpc.notificationSettings.sendVerification.mutationOptions({
      onSuccess: (r) =>
        setNotice({
          tone: 'success',
          text: `We sent a confirmation link to ${r.sentTo}. It expires in 24 hours.`,
        }),
      onError: (err) => setNotice({ tone: 'error', text: err.message }),
    }),
  );
  const testWebhook = useMutation(
    trpc.notificationSettings.testWebhook.mutationOptions({
      onSuccess: (r) =>
        setNotice(
          r.ok
            ? { tone: 'success', text: `Test delivered (HTTP ${r.status}).` }
            : { tone: 'error', text: `Test failed: ${r.error}` },
        ),
      onError: (err) => setNotice({ tone: 'error', text: err.message }),
    }),
  );
  const rotate = useMutation(
    trpc.notificationSettings.rotateWebhookSecret.mutationOptions({
      onSuccess: (r) => {
        setSecret(r.secret);
        setCopied(false);
      },
      onError: (err) => setNotice({ tone: 'error', text: err.message }),
    }),
  );

  const emailChanged = email.trim().toLowerCase() !== (data.email ?? '');
  const verified = data.emailVerifiedAt !== null && !emailChanged;
  const webhookChanged = webhookUrl.trim() !== (data.webhookUrl ?? '');

  function submit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    setFormError(null);
    setSaved(false);
    setNotice(null);
    update.mutate({
      email: email.trim() || null,
      emailEnabled,
      inAppEnabled,
      webhookUrl: webhookUrl.trim() || null,
      webhookEnabled,
      defaultTemplate: template.trim() || null,
    });
  }

  return (
    <form
      id="notifications"
      onSubmit={submit}
      onChange={() => setSaved(false)}
      noValidate
      aria-label="Notifications"
      className="mt-8 flex scroll-mt-16 flex-col gap-6 rounded-lg border border-line bg-panel p-5 sm:p-6"
    >
      <div>
        <h2 className="text-lg font-semibold text-fg-strong">Notifications</h2>
        <p className="mt-1 text-sm text-muted">Where your alerts are delivered.</p>
      </div>

      <div className="flex flex-col gap-3">
        <Field
          label="Alert email"
          name="alertEmail"
          type="email"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email}
          hint={emailChanged ? 'Save to use this address; it will need confirming.' : undefined}
        />
        <div className="flex flex-wrap items-center gap-3">
          {data.email && !emailChanged ? (
            verified ? (
              <span className="text-sm text-up" data-testid="email-status">
                ✓ Verified
              </span>
            ) : (
              <>
                <span className="text-sm text-warn" data-testid="email-status">
                  Not verified — alerts are not emailed until you confirm it
                </span>
                <Button
                  variant="secondary"
                  size="sm"
                  loading={sendVerification.isPending}
                  onClick={() => {
                    setNotice(null);
                    sendVerification.mutate();
                  }}
                >
                  Send verification link
                </Button>
              </>
            )
          ) : null}
        </div>
        {mailboxEnabled && sendVerification.isSuccess ? (
          <p className="text-xs text-muted">
            This server keeps mail locally: open the{' '}
            <Link href="/dev/mailbox" className="text-accent hover:underline">
              local mailbox
            </Link>
            .
          </p>
        ) : null}
        <Toggle
          name="emailEnabled"
          label="Email alerts"
          hint="Send alerts that ask for email to this address."
          checked={emailEnabled}
          onChange={setEmailEnabled}
        />
        <Toggle
          name="inAppEnabled"
          label="In-app notifications"
          hint="The bell and a pop-up while Coinview is open."
          checked={inAppEnabled}
          onChange={setInAppEnabled}
        />
      </div>

      <div className="flex flex-col gap-3 border-t border-line pt-5">
        <Field
          label="Webhook URL"
          name="webhookUrl"
          type="url"
          inputMode="url"
          placeholder="https://example.com/hooks/coinview"
          value={webhookUrl}
          onChange={(e) => setWebhookUrl(e.target.value)}
          error={errors.webhookUrl}
          hint="Receives a JSON POST per alert (bridge it to Telegram, Discord, SMS…). https only."
        />
        <Toggle
          name="webhookEnabled"
          label="Send alerts to the webhook"
          checked={webhookEnabled}
          onChange={setWebhookEnabled}
        />
        <div className="flex flex-wrap items-center gap-2">
          <Button
            variant="secondary"
            size="sm"
            disabled={!data.webhookUrl || webhookChanged}
            title={webhookChanged ? 'Save the URL first' : undefined}
            loading={testWebhook.isPending}
            onClick={() => {
              setNotice(null);
              testWebhook.mutate();
            }}
          >
            Send test
          </Button>
          <span className="text-xs text-muted">
            Signing secret{' '}
            <code className="rounded bg-raised px-1 font-mono">…{data.webhookSecretHint}</code>
          </span>
          <Button
            variant="ghost"
            size="sm"
            loading={rotate.isPending}
            onClick={() => rotate.mutate()}
          >
            Generate new secret
          </Button>
        </div>
        {secret ? (
          <div className="rounded-md border border-warn/40 bg-warn/10 p-3 text-sm" role="status">
            <p className="text-fg">
              Your new signing secret — copy it now, it will not be shown again. Requests carry{' '}
              <code className="font-mono text-xs">
                X-Coinview-Signature: sha256=HMAC(secret, timestamp + &quot;.&quot; + body)
              </code>
              .
            </p>
            <div className="mt-2 flex items-center gap-2">
              <code
                className="min-w-0 flex-1 truncate rounded bg-canvas px-2 py-1 font-mono text-xs text-fg-strong"
                data-testid="webhook-secret"
              >
                {secret}
              </code>
              <Button
                variant="secondary"
                size="sm"
                onClick={() =>
                  void navigator.clipboard?.writeText(secret).then(
                    () => setCopied(true),
                    () => setCopied(false),
                  )
                }
              >
                {copied ? 'Copied' : 'Copy'}
              </Button>
            </div>
          </div>
        ) : null}
      </div>

      <div className="flex flex-col gap-1.5 border-t border-line pt-5">
        <label htmlFor="defaultTemplate" className="text-sm font-medium text-fg">
          Default alert message
        </label>
        <textarea
          id="defaultTemplate"
          rows={2}
          maxLength={2000}
          value={template}
          placeholder={DEFAULT_ALERT_TEMPLATE}
          onChange={(e) => setTemplate(e.target.value)}
          aria-invalid={errors.defaultTemplate ? true : undefined}
          className="rounded-md border border-line-strong bg-panel px-3 py-2 text-sm text-fg placeholder:text-faint focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/30"
        />
        <p className={errors.defaultTemplate ? 'text-xs text-down' : 'text-xs text-muted'}>
          {errors.defaultTemplate ??
            'Used for new alerts. Placeholders: {{symbol}}, {{interval}}, {{close}}, {{rule}}.'}
        </p>
      </div>

      {notice ? <FormAlert tone={notice.tone}>{notice.text}</FormAlert> : null}
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <div className="flex flex-col-reverse items-stretch gap-3 sm:flex-row sm:items-center sm:justify-end">
        {saved ? (
          <p role="status" className="text-center text-sm text-up sm:text-left">
            ✓ Saved
          </p>
        ) : null}
        <Button type="submit" loading={update.isPending}>
          Save notifications
        </Button>
      </div>
    </form>
  );
}
