// Who may read the local mailbox: it holds sign-in links, so reading it is signing in as anyone.
// Only a person at this machine may: the mailbox must be on (no email provider, server not exposed
// or MAILBOX_ENABLED) and the request must come from a loopback address that no proxy forwarded,
// as the web server (server.ts) recorded from the TCP connection.
import { mailboxEnabled } from '~/env';
import { CLIENT_LOCAL_HEADER } from '~/server/http/internal-headers';

export function canReadMailbox(
  headers: Pick<Headers, 'get'>,
  enabled: boolean = mailboxEnabled,
): boolean {
  return enabled && headers.get(CLIENT_LOCAL_HEADER) === '1';
}
