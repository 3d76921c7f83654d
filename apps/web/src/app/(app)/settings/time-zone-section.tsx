'use client';
// Settings › Time zone: the zone every time in Coinview is shown in (chart axis and crosshair,
// alerts and their log, notifications, alert emails). Searchable by typing (a datalist of the
// runtime's IANA zones: "kolk" finds Asia/Kolkata); the current offset is shown beside it.
import { timeZones, timeZoneSchema, utcOffsetLabel } from '@coinview/core/time-zone';
import { Button } from '@coinview/ui/button';
import { Field } from '@coinview/ui/field';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { type FormEvent, useMemo, useState, useSyncExternalStore } from 'react';
import { browserTimeZone, useTimeZone } from '~/components/time-zone';
import { useTRPC } from '~/trpc/react';

const subscribeNever = () => () => {};

export function TimeZoneSection() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const current = useTimeZone();
  // What the user typed; until then the zone in use (which a first visit may still change).
  const [edited, setEdited] = useState<string | null>(null);
  const value = edited ?? current;
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const zones = useMemo(() => timeZones(), []);
  // Read after hydration (the server does not know the browser's zone).
  const browser = useSyncExternalStore(subscribeNever, browserTimeZone, () => undefined);
  const save = useMutation(
    trpc.settings.setTimeZone.mutationOptions({
      onSuccess(data) {
        queryClient.setQueryData(trpc.settings.get.queryKey(), data);
        setEdited(data.timeZone);
        setSaved(true);
        router.refresh(); // every time on the page follows the new zone
      },
      onError(err) {
        const fields = err.data?.zodError?.fieldErrors as Record<string, string[]> | undefined;
        setError(fields?.timeZone?.[0] ?? err.message);
      },
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const parsed = timeZoneSchema.safeParse(value);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Choose a time zone from the list');
      return;
    }
    setError(null);
    save.mutate({ timeZone: parsed.data });
  }

  return (
    <form
      id="time-zone"
      onSubmit={submit}
      noValidate
      aria-label="Time zone"
      className="mt-8 flex scroll-mt-16 flex-col gap-5 rounded-lg border border-line bg-panel p-5 sm:p-6"
    >
      <div>
        <h2 className="text-lg font-semibold text-fg-strong">Time zone</h2>
        <p className="mt-1 text-sm text-muted">
          Times on the chart, in alerts and in notifications are shown in this zone.
        </p>
      </div>
      <Field
        label="Time zone"
        name="timeZone"
        list="time-zones"
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(e) => {
          setEdited(e.target.value);
          setSaved(false);
        }}
        error={error}
        hint={
          <>
            Now {current} ({utcOffsetLabel(current, Date.now())})
            {browser && browser !== current ? ` · your browser: ${browser}` : ''}
          </>
        }
      />
      <datalist id="time-zones">
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <div className="flex flex-col-reverse items-stretch gap-3 sm:flex-row sm:items-center sm:justify-end">
        {saved ? (
          <p role="status" className="text-center text-sm text-up sm:text-left">
            ✓ Saved
          </p>
        ) : null}
        {browser && browser !== value ? (
          <Button type="button" variant="ghost" onClick={() => setEdited(browser)}>
            Use my browser’s zone
          </Button>
        ) : null}
        <Button type="submit" loading={save.isPending}>
          Save time zone
        </Button>
      </div>
    </form>
  );
}
