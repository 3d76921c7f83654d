import { appUrl } from '~/env';
import { createTRPCContext } from '~/server/api/context';
import { createTrpcHttpHandler } from '~/server/api/http-handler';
import { appRouter } from '~/server/api/root';
import { logger } from '~/server/logger';

const log = logger.child({ component: 'trpc' });

const handler = createTrpcHttpHandler({
  router: appRouter,
  appOrigin: new URL(appUrl).origin,
  createContext: (req) => createTRPCContext({ headers: req.headers }),
  onError({ path, error }) {
    if (error.code === 'INTERNAL_SERVER_ERROR')
      log.error({ err: error, path }, 'tRPC procedure failed');
  },
});

export { handler as GET, handler as POST };
