// The API: one router per domain. Add a router here and it is served at /api/trpc/<name>.<procedure>.
import { authRouter } from './routers/auth';
import { layoutsRouter } from './routers/layouts';
import { marketRouter } from './routers/market';
import { settingsRouter } from './routers/settings';
import { watchlistRouter } from './routers/watchlist';
import { createCallerFactory, createTRPCRouter } from './trpc';

export const appRouter = createTRPCRouter({
  auth: authRouter,
  settings: settingsRouter,
  market: marketRouter,
  layouts: layoutsRouter,
  watchlist: watchlistRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process: `createCaller(ctx).settings.get()`. */
export const createCaller = createCallerFactory(appRouter);
