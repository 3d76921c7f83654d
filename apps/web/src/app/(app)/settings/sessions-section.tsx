'use client';
// Settings → Sessions: how many other browsers are signed in to the account, and a way to sign
// them all out (their session records are deleted, so their cookies stop working at once).
import { Button } from '@coinview/ui/button';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormAlert } from '~/components/form-alert';
import { useTRPC } from '~/trpc/react';

const sessions = (n: number) => `${n} other session${n === 1 ? '' : 's'}`;

export function SessionsSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const account = useQuery(trpc.account.get.queryOptions());
  const [done, setDone] = useState<string | null>(null);
  const signOutOthers = useMutation(
    trpc.account.signOutOtherSessions.mutationOptions({
      onSuccess({ signedOutSessions }) {
        setDone(`${sessions(signedOutSessions)} signed out.`);
        void queryClient.invalidateQueries({ queryKey: trpc.account.get.queryKey() });
      },
    }),
  );

  if (!account.data) return null;
  const others = account.data.otherSessions;

  return (
    <section
      aria-label="Sessions"
      className="mt-8 flex flex-col gap-4 rounded-lg border border-line bg-panel p-5 sm:p-6"
    >
      <div>
        <h2 className="text-lg font-semibold text-fg-strong">Sessions</h2>
        <p className="mt-1 text-sm text-muted" data-testid="other-sessions">
          {others === 0
            ? 'You are signed in only here.'
            : `You are also signed in in ${sessions(others)} (other browsers or devices).`}
        </p>
      </div>
      {signOutOthers.error ? <FormAlert>{signOutOthers.error.message}</FormAlert> : null}
      <div className="flex flex-col-reverse items-stretch gap-3 sm:flex-row sm:items-center sm:justify-end">
        {done ? (
          <p role="status" className="text-center text-sm text-up sm:text-left">
            ✓ {done}
          </p>
        ) : null}
        <Button
          variant="secondary"
          disabled={others === 0}
          loading={signOutOthers.isPending}
          onClick={() => signOutOthers.mutate()}
        >
          Sign out everywhere else
        </Button>
      </div>
    </section>
  );
}
