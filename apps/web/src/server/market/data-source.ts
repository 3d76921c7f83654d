// Where the chart's market data comes from: Binance, or exchange-sim replaying recorded Binance
// data. The sim answers GET /__sim/info (recordings, loop, speed); Binance has no such path. The
// answer is kept for ten minutes (a failed probe for thirty seconds), so the chart's "Replay"
// badge costs one request per web process now and then, and never touches the request weight.
import { z } from 'zod';

const simInfoSchema = z.object({
  replay: z.literal(true),
  speed: z.number().positive(),
  markets: z
    .array(
      z.object({
        symbol: z.string().max(32),
        recordedFrom: z.number().int(),
        recordedTo: z.number().int(),
        loopMinutes: z.number().int().positive(),
      }),
    )
    .max(1000),
});

export type DataSourceInfo =
  | { kind: 'replay'; speed: number; markets: z.infer<typeof simInfoSchema>['markets'] }
  | { kind: 'exchange' }
  /** The exchange did not answer: nothing is claimed either way. */
  | { kind: 'unknown' };

const KEEP_MS = 10 * 60_000;
const RETRY_MS = 30_000;

export class MarketDataSource {
  private cached: { info: DataSourceInfo; until: number } | null = null;
  private pending: Promise<DataSourceInfo> | null = null;

  constructor(
    private readonly opts: {
      restUrl: string;
      fetch?: typeof fetch;
      now?: () => number;
      timeoutMs?: number;
    },
  ) {}

  async describe(): Promise<DataSourceInfo> {
    const now = (this.opts.now ?? Date.now)();
    if (this.cached && now < this.cached.until) return this.cached.info;
    this.pending ??= this.probe().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async probe(): Promise<DataSourceInfo> {
    const doFetch = this.opts.fetch ?? fetch;
    let info: DataSourceInfo;
    try {
      const res = await doFetch(new URL('/__sim/info', this.opts.restUrl), {
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 3_000),
      });
      if (res.status === 404) info = { kind: 'exchange' };
      else if (!res.ok) info = { kind: 'unknown' };
      else {
        const parsed = simInfoSchema.safeParse(await res.json());
        info = parsed.success
          ? { kind: 'replay', speed: parsed.data.speed, markets: parsed.data.markets }
          : { kind: 'unknown' };
      }
    } catch {
      info = { kind: 'unknown' };
    }
    const now = (this.opts.now ?? Date.now)();
    this.cached = { info, until: now + (info.kind === 'unknown' ? RETRY_MS : KEEP_MS) };
    return info;
  }
}
