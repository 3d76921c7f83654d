import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { NextRequest } from 'next/server';
import { appUrl } from '~/env';
import { createTRPCContext } from '~/server/api/context';
import { refuseCrossSiteMutation } from '~/server/api/mutation-guard';
import { appRouter } from '~/server/api/root';
import { logger } from '~/server/logger';

const log = logger.child({ component: 'trpc' });
const appOrigin = new URL(appUrl).origin;

function handler(req: NextRequest) {
  const refused = refuseCrossSiteMutation(req, appOrigin);
  if (refused) return refused;
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: () => createTRPCContext({ headers: req.headers }),
    onError({ path, error }) {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        log.error({ err: error, path }, 'tRPC procedure failed');
    },
  });
}

export { handler as GET, handler as POST };
