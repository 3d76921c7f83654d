'use client';
// The user's time zone for every time shown under (app): the layout reads the stored setting and
// provides it here, so server and browser render the same text. A user who never chose one gets
// the browser's zone stored on the first visit (never replacing a choice made elsewhere), and the
// open page switches to it in place (no refresh: the chart keeps its data and live stream); until
// then, UTC.
import { DEFAULT_TIME_ZONE, isTimeZone } from '@coinview/core/time-zone';
import { useMutation } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { useTRPC } from '~/trpc/react';

const TimeZoneContext = createContext<string>(DEFAULT_TIME_ZONE);

/** The IANA zone to show times in. */
export function useTimeZone(): string {
  return useContext(TimeZoneContext);
}

/** The browser's own zone, when it names one the runtime knows. */
export function browserTimeZone(): string | undefined {
  const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && isTimeZone(zone) ? zone : undefined;
}

export function TimeZoneProvider({
  timeZone,
  chosen,
  children,
}: {
  timeZone: string;
  /** Whether the user's settings hold a zone (else the browser's is stored on this visit). */
  chosen: boolean;
  children: ReactNode;
}) {
  const trpc = useTRPC();
  const [stored, setStored] = useState<string | null>(null);
  const { mutate } = useMutation(
    trpc.settings.setTimeZone.mutationOptions({ onSuccess: (data) => setStored(data.timeZone) }),
  );
  useEffect(() => {
    if (chosen) return;
    const zone = browserTimeZone();
    if (zone) mutate({ timeZone: zone, onlyIfUnset: true });
  }, [chosen, mutate]);
  const value = chosen ? timeZone : (stored ?? timeZone);
  return <TimeZoneContext.Provider value={value}>{children}</TimeZoneContext.Provider>;
}
