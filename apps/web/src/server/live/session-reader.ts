// The session behind a WebSocket upgrade's cookies, decided by the same next-auth configuration
// (and callbacks, e.g. revocation) as every HTTP request: next-auth's own `/api/auth/session`
// handler is called in-process with a request that carries only the cookie. (`auth()` needs Next's
// request scope, which an upgrade handled by the custom server does not have.)
import type { Session } from 'next-auth';
import { NextRequest } from 'next/server';
import { z } from 'zod';

/** The session of a cookie header, or null when it names none (signed out, expired, revoked). */
export type SessionReader = (cookie: string | undefined) => Promise<Session | null>;

/** next-auth's route handler (`handlers.GET`). */
export type AuthRouteHandler = (req: NextRequest) => Promise<Response>;

const sessionSchema = z
  .object({
    user: z.object({
      id: z.string().min(1),
      email: z.string().nullish(),
      name: z.string().nullish(),
      image: z.string().nullish(),
    }),
    expires: z.string(),
  })
  .nullable();

export function createSessionReader(handler: AuthRouteHandler, appOrigin: string): SessionReader {
  const url = new URL('/api/auth/session', appOrigin).href;
  return async (cookie) => {
    if (!cookie) return null;
    const response = await handler(new NextRequest(url, { headers: { cookie } }));
    if (!response.ok) throw new Error(`session lookup answered HTTP ${response.status}`);
    const parsed = sessionSchema.safeParse(await response.json());
    // A body without a user id is no session this app can scope data by.
    if (!parsed.success || !parsed.data) return null;
    const { user, expires } = parsed.data;
    const session: Session = {
      user: { id: user.id, email: user.email ?? null, name: user.name ?? null, image: user.image },
      expires,
    };
    return session;
  };
}
