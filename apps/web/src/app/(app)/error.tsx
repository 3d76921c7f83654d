'use client';
import { Button } from '@coinview/ui/button';

export default function AppError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <main className="mx-auto flex w-full max-w-lg flex-1 flex-col items-start justify-center gap-4 px-5 py-16">
      <h1 className="text-xl font-semibold text-fg-strong">Something went wrong</h1>
      <p className="text-sm text-muted">
        {error.digest
          ? `The server could not complete the request (ref ${error.digest}).`
          : error.message}
      </p>
      <Button variant="secondary" onClick={reset}>
        Try again
      </Button>
    </main>
  );
}
