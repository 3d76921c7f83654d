// The API: one router per domain. Add a router here and it is served at /api/trpc/<name>.<procedure>.
import { accountRouter } from './routers/account';
import { alertsRouter } from './routers/alerts';
import { authRouter } from './routers/auth';
import { backtestsRouter } from './routers/backtests';
import { drawingsRouter } from './routers/drawings';
import { layoutsRouter } from './routers/layouts';
import { marketRouter } from './routers/market';
import { notificationSettingsRouter } from './routers/notification-settings';
import { notificationsRouter } from './routers/notifications';
import { ordersRouter } from './routers/orders';
import { settingsRouter } from './routers/settings';
import { telegramRouter } from './routers/telegram';
import { tradingRouter } from './routers/trading';
import { watchlistRouter } from './routers/watchlist';
import { createCallerFactory, createTRPCRouter } from './trpc';

export const appRouter = createTRPCRouter({
  auth: authRouter,
  settings: settingsRouter,
  account: accountRouter,
  market: marketRouter,
  layouts: layoutsRouter,
  drawings: drawingsRouter,
  watchlist: watchlistRouter,
  alerts: alertsRouter,
  notifications: notificationsRouter,
  notificationSettings: notificationSettingsRouter,
  orders: ordersRouter,
  trading: tradingRouter,
  telegram: telegramRouter,
  backtests: backtestsRouter,
});

export type AppRouter = typeof appRouter;

/** Calls procedures in-process: `createCaller(ctx).settings.get()`. */
export const createCaller = createCallerFactory(appRouter);
