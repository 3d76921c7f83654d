import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { NextRequest } from 'next/server';
import { createTRPCContext } from '~/server/api/context';
import { appRouter } from '~/server/api/root';
import { logger } from '~/server/logger';

const log = logger.child({ component: 'trpc' });

function handler(req: NextRequest) {
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
