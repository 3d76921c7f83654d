import { SettingsSkeleton } from './settings-skeleton';

export default function Loading() {
  return (
    <main className="mx-auto w-full max-w-2xl px-4 py-8 sm:px-6 sm:py-12">
      <div className="h-7 w-32 animate-pulse rounded bg-raised" />
      <div className="mt-2 h-4 w-72 max-w-full animate-pulse rounded bg-raised" />
      <SettingsSkeleton />
    </main>
  );
}
