import type { DefaultSession } from 'next-auth';

declare module 'next-auth' {
  /** `auth()` returns this; `user.id` is the User row's id (the JWT `sub`). */
  interface Session {
    user: { id: string } & DefaultSession['user'];
    /** The server-side session record this token names (@coinview/db/sessions). */
    sessionId?: string;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    /** Id of the session's server-side record; the token is honoured only while it exists. */
    sid?: string;
  }
}
