// Heartbeats of this process's queue workers and the reaper of dead ones (see
// @coinview/db/worker-heartbeats): every `beatMs` the ids are touched, then any worker (of any
// process) not seen for `staleMs` has its jobs unlocked, so a sweep part held by a killed process
// is taken again within about staleMs instead of graphile-worker's 4 hours.
import type { Db } from '@coinview/db/client';
import { beatWorkers, forgetWorkers, reapStaleWorkers } from '@coinview/db/worker-heartbeats';
import type { Logger } from 'pino';

export interface WorkerLivenessOptions {
  db: Db;
  workerIds: () => readonly string[];
  logger: Logger;
  /** Default 5 s. */
  beatMs?: number;
  /** Default 30 s. */
  staleMs?: number;
}

export class WorkerLiveness {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly opts: WorkerLivenessOptions) {}

  /** Beats once (so the ids are known before any job is taken), then every beatMs. */
  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => {
      this.running ??= this.tick().finally(() => (this.running = undefined));
    }, this.opts.beatMs ?? 5_000);
  }

  async tick(): Promise<void> {
    try {
      await beatWorkers(this.opts.db, this.opts.workerIds());
      const reaped = await reapStaleWorkers(this.opts.db, this.opts.staleMs ?? 30_000);
      if (reaped.length > 0)
        this.opts.logger.warn(
          { workers: reaped },
          'unlocked the jobs of workers that stopped beating',
        );
    } catch (err) {
      this.opts.logger.warn({ err }, 'worker heartbeat failed');
    }
  }

  /** Stops beating; a clean stop forgets the ids (their jobs were finished or released). */
  async stop(options: { forget?: boolean } = {}): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    if (options.forget !== false)
      await forgetWorkers(this.opts.db, this.opts.workerIds()).catch(() => undefined);
  }
}
