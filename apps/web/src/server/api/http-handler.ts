// tRPC over HTTP (app/api/trpc/[trpc]/route.ts): cross-site mutations are refused before tRPC
// parses anything, then the request goes to tRPC's fetch adapter.
import type { AnyTRPCRouter } from '@trpc/server';
import { fetchRequestHandler, type FetchHandlerRequestOptions } from '@trpc/server/adapters/fetch';
import { refuseCrossSiteMutation } from './mutation-guard';

export interface TrpcHttpHandlerOptions<TRouter extends AnyTRPCRouter> {
  router: TRouter;
  /** The app's own origin (AUTH_URL's): the only one mutations are accepted from. */
  appOrigin: string;
  createContext: (
    req: Request,
  ) => ReturnType<NonNullable<FetchHandlerRequestOptions<TRouter>['createContext']>>;
  onError?: FetchHandlerRequestOptions<TRouter>['onError'];
}

export function createTrpcHttpHandler<TRouter extends AnyTRPCRouter>(
  options: TrpcHttpHandlerOptions<TRouter>,
) {
  return async (req: Request): Promise<Response> =>
    refuseCrossSiteMutation(req, options.appOrigin) ??
    fetchRequestHandler({
      endpoint: '/api/trpc',
      req,
      router: options.router,
      createContext: () => options.createContext(req),
      onError: options.onError,
    });
}
