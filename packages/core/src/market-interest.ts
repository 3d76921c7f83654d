// The web → worker protocol by which open charts decide which markets the worker streams.
//
// Each web process holds a lease per market its browsers are watching: it announces the lease when
// the first chart opens, re-announces it (a heartbeat) well within `leaseMs` while any chart stays
// open, and releases it when the last one closes. The worker follows a market while any lease on it
// is alive, so a web process that crashes without releasing stops pinning streams once its leases
// run out. A starting worker asks every web process to re-announce what it holds (the sync topic).
import { z } from 'zod';
import { symbolSchema } from './candle';
import { intervalSchema } from './interval';

/** The longest lease a message may ask for; a worker never trusts a market to stay wanted longer. */
export const MAX_LEASE_MS = 10 * 60_000;

const instanceIdSchema = z.string().min(1).max(100);

export const marketLeaseSchema = z.object({
  kind: z.literal('lease'),
  symbol: symbolSchema,
  interval: intervalSchema,
  /** The announcing web process; leases are counted per (market, instance). */
  instanceId: instanceIdSchema,
  /** The lease lapses this long after the worker received it unless renewed. */
  leaseMs: z.number().int().positive().max(MAX_LEASE_MS),
});

export const marketReleaseSchema = z.object({
  kind: z.literal('release'),
  symbol: symbolSchema,
  interval: intervalSchema,
  instanceId: instanceIdSchema,
});

export const marketInterestSchema = z.discriminatedUnion('kind', [
  marketLeaseSchema,
  marketReleaseSchema,
]);

export const marketInterestSyncSchema = z.object({
  /** Who asks (a worker instance), for the logs. */
  requestedBy: instanceIdSchema,
});

export type MarketLease = z.infer<typeof marketLeaseSchema>;
export type MarketRelease = z.infer<typeof marketReleaseSchema>;
export type MarketInterestMessage = z.infer<typeof marketInterestSchema>;
export type MarketInterestSync = z.infer<typeof marketInterestSyncSchema>;
