// Fault control over HTTP, for tests that run the sim in another process (served only when the sim
// is started with enableControl / SIM_CONTROL=1):
//   GET  /__sim/faults         the current faults
//   POST /__sim/faults         JSON {malformedRate?, outOfOrder?, rest?, orders?, stall?: ms,
//                              dropConnections?: true, dropUserStreams?: true}
//                              applies what is given; answers the faults (+ "dropped": n,
//                              "droppedUserStreams": n)
//   POST /__sim/faults/reset   turns every fault off
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { type SimFaults, orderFaultSchema, restFaultSchema } from '../faults/sim-faults';
import { BinanceError } from './binance-error';

const changeSchema = z
  .object({
    malformedRate: z.number().min(0).max(1).optional(),
    outOfOrder: z.union([z.boolean(), z.number().min(0).max(1)]).optional(),
    rest: restFaultSchema.nullable().optional(),
    orders: orderFaultSchema.nullable().optional(),
    stall: z.number().min(0).optional(),
    dropConnections: z.boolean().optional(),
    dropUserStreams: z.boolean().optional(),
  })
  .strict();

export type FaultChange = z.infer<typeof changeSchema>;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new BinanceError(400, -1135, 'Invalid JSON Request');
  }
}

export function applyFaultChange(
  faults: SimFaults,
  change: FaultChange,
): { dropped?: number; droppedUserStreams?: number } {
  if (change.malformedRate !== undefined) faults.malformedRate = change.malformedRate;
  if (change.outOfOrder !== undefined) faults.outOfOrder = change.outOfOrder;
  if (change.rest !== undefined) faults.rest = change.rest;
  if (change.orders !== undefined) faults.orders = change.orders;
  if (change.stall !== undefined) faults.stall(change.stall);
  return {
    ...(change.dropConnections ? { dropped: faults.dropConnections() } : {}),
    ...(change.dropUserStreams ? { droppedUserStreams: faults.dropUserStreams() } : {}),
  };
}

/** Answers a /__sim/ request, or undefined when the path is not one of these. */
export async function handleControl(
  req: IncomingMessage,
  path: string,
  faults: SimFaults,
): Promise<unknown> {
  if (path === '/__sim/faults' && req.method === 'GET') return faults.snapshot();
  if (path === '/__sim/faults' && req.method === 'POST') {
    const parsed = changeSchema.safeParse(await readJson(req));
    if (!parsed.success) {
      const msg = parsed.error.issues
        .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
        .join('; ');
      throw new BinanceError(400, -1130, msg);
    }
    const result = applyFaultChange(faults, parsed.data);
    return { ...faults.snapshot(), ...result };
  }
  if (path === '/__sim/faults/reset' && req.method === 'POST') {
    faults.reset();
    return faults.snapshot();
  }
  return undefined;
}
