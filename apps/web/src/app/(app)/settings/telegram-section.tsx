'use client';
// Settings → Telegram: link a chat for alert and order messages. "Get a link code" shows a
// one-time code to send the Coinview bot as `/start <code>` (valid 15 minutes); the worker links
// the chat it arrives from, and this section shows it as linked (it polls while a code waits).
import { formatDateTime } from '@coinview/core/time-zone';
import { Button } from '@coinview/ui/button';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormAlert } from '~/components/form-alert';
import { useTimeZone } from '~/components/time-zone';
import { useTRPC } from '~/trpc/react';

export function TelegramSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const timeZone = useTimeZone();
  const link = useMutation(trpc.telegram.link.mutationOptions());
  const status = useQuery({
    ...trpc.telegram.status.queryOptions(),
    // While a code waits to be sent to the bot, look for the link every few seconds.
    refetchInterval: (query) =>
      link.data && !query.state.data?.linked && link.data.expiresAt > Date.now() ? 3_000 : false,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.telegram.pathKey() });
  const unlink = useMutation(
    trpc.telegram.unlink.mutationOptions({
      onSuccess: () => {
        link.reset();
        void refresh();
      },
    }),
  );
  const s = status.data;

  return (
    <section
      aria-labelledby="telegram-title"
      className="mt-8 flex flex-col gap-4 rounded-lg border border-line bg-panel p-5 sm:p-6"
    >
      <div>
        <h2 id="telegram-title" className="text-lg font-semibold text-fg-strong">
          Telegram
        </h2>
        <p className="mt-1 text-sm text-muted">
          Alert and order messages in a Telegram chat, for alerts with Telegram ticked.
        </p>
      </div>
      {!s ? (
        <div aria-label="Loading Telegram status" className="h-8 animate-pulse rounded bg-raised" />
      ) : (
        <>
          {!s.botConfigured ? (
            <FormAlert tone="info">
              This server has no Telegram bot configured (TELEGRAM_BOT_TOKEN), so no messages are
              sent yet.
            </FormAlert>
          ) : null}
          {s.linked ? (
            <div className="flex flex-wrap items-center justify-between gap-3">
              <p role="status" className="text-sm text-up" data-testid="telegram-status">
                ✓ A chat is linked
                {s.linkedAt ? ` since ${formatDateTime(s.linkedAt, timeZone)}` : ''}.
              </p>
              <Button
                variant="secondary"
                loading={unlink.isPending}
                onClick={() => unlink.mutate()}
              >
                Unlink
              </Button>
            </div>
          ) : (
            <div className="flex flex-col gap-3">
              <p className="text-sm text-fg" data-testid="telegram-status">
                No chat linked.
              </p>
              {link.data ? (
                <div className="rounded-md border border-line bg-canvas p-3 text-sm">
                  <p className="text-muted">Send this message to the Coinview bot in Telegram:</p>
                  <p
                    className="mt-1 select-all font-mono text-fg-strong"
                    data-testid="telegram-code"
                  >
                    {link.data.command}
                  </p>
                  <p className="mt-1 text-xs text-muted">
                    Valid until {formatDateTime(link.data.expiresAt, timeZone)}. This page notices
                    the link by itself.
                  </p>
                </div>
              ) : null}
              {link.error ? <FormAlert>{link.error.message}</FormAlert> : null}
              <div className="flex justify-end">
                <Button variant="secondary" loading={link.isPending} onClick={() => link.mutate()}>
                  {link.data ? 'Get a new code' : 'Get a link code'}
                </Button>
              </div>
            </div>
          )}
        </>
      )}
    </section>
  );
}
