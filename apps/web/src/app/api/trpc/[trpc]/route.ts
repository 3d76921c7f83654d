import { appUrl } from '~/env';
import { createTRPCContext } from '~/server/api/context';
import { createTrpcHttpHandler } from '~/server/api/http-handler';
import { appRouter } from '~/server/api/root';

// Internal errors are logged (with the id the client is shown) by the errorFormatter in trpc.ts.
const handler = createTrpcHttpHandler({
  router: appRouter,
  appOrigin: new URL(appUrl).origin,
  createContext: (req) => createTRPCContext({ headers: req.headers }),
});

export { handler as GET, handler as POST };
