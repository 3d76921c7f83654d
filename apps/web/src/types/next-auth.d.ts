import type { DefaultSession } from 'next-auth';

declare module 'next-auth' {
  /** `auth()` returns this; `user.id` is the User row's id (the JWT `sub`). */
  interface Session {
    user: { id: string } & DefaultSession['user'];
  }
}
