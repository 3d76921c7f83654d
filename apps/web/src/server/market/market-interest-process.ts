// The web process's one MarketInterest, on the shared bus. Kept on globalThis so dev-mode reloads
// keep counting the charts already open instead of starting a second set of leases.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { getBus } from '~/server/db';
import { logger } from '~/server/logger';
import { MarketInterest } from './market-interest';

const state = globalThis as unknown as { coinviewMarketInterest?: MarketInterest };

export function getMarketInterest(): MarketInterest {
  state.coinviewMarketInterest ??= new MarketInterest({
    getBus,
    // Host and pid make the worker's logs readable; the random part keeps a restarted pid distinct.
    instanceId: `web:${hostname().slice(0, 60)}:${process.pid}:${randomUUID().slice(0, 8)}`,
    logger: logger.child({ component: 'market-interest' }),
  });
  return state.coinviewMarketInterest;
}
