// The signed-in session for a protected page, or a redirect to /login. Cached per request: the
// (app) layout and the page render concurrently, and a page must not start its data prefetches
// for a visitor the layout is about to send away (they would fail as UNAUTHORIZED).
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { auth } from './index';

export const requireSession = cache(async () => {
  const session = await auth();
  if (!session?.user) redirect('/login');
  return session;
});
