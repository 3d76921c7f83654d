// A running backtest job's link to its row and to the user's tabs: progress written to the row
// and published on the user's backtest topic at most every `everyMs` (and always on a change of
// stage), and a watch that aborts the job within `pollMs` once the run was cancelled or deleted
// (or the worker is shutting down).
import type { EventPublisher } from '@coinview/core/ports';
import { backtestRunStatus, setBacktestProgress } from '@coinview/db/backtest-jobs';
import { type BacktestEvent, backtestTopic } from '@coinview/db/bus-topics';
import type { Db } from '@coinview/db/client';
import type { Logger } from 'pino';

export interface RunProgressDeps {
  db: Db;
  bus: EventPublisher;
  logger: Logger;
  /** Least time between two progress writes of one run (default 250 ms: ≤ 4 a second). */
  progressEveryMs?: number;
  /** How often the run's status is read for a cancel (default 500 ms). */
  cancelPollMs?: number;
}

export class RunProgress {
  private lastAt = 0;
  private lastStage: string | null | undefined;
  private lastStatus: string | undefined;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  /** Set when the run was cancelled or deleted (not when the worker is stopping). */
  cancelled = false;

  constructor(
    private readonly deps: RunProgressDeps,
    private readonly run: { id: string; userId: string },
    private readonly shutdown?: AbortSignal,
  ) {
    shutdown?.addEventListener('abort', this.onShutdown, { once: true });
    this.timer = setInterval(() => void this.poll(), deps.cancelPollMs ?? 500);
  }

  // The worker pool's signal outlives the job: the listener is removed in close().
  private readonly onShutdown = () => this.controller.abort(this.shutdown?.reason);

  /** Aborts when the run was cancelled or deleted, or the worker is stopping. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private async poll(): Promise<void> {
    try {
      const status = await backtestRunStatus(this.deps.db, this.run.id);
      if (status === null || status === 'cancelled') this.stopRun();
    } catch (err) {
      this.deps.logger.warn({ err, runId: this.run.id }, 'backtest status not read');
    }
  }

  private stopRun(): void {
    this.cancelled = true;
    this.controller.abort(new Error('backtest cancelled'));
  }

  /** Records progress unless throttled (never throws); a run found cancelled is aborted. */
  async report(
    status: 'downloading' | 'running',
    progress: number,
    stage: string | null,
  ): Promise<void> {
    const now = Date.now();
    const changed = stage !== this.lastStage || status !== this.lastStatus;
    if (!changed && now - this.lastAt < (this.deps.progressEveryMs ?? 250)) return;
    this.lastAt = now;
    this.lastStage = stage;
    this.lastStatus = status;
    let active: boolean;
    try {
      active = await setBacktestProgress(this.deps.db, this.run.id, { status, progress, stage });
    } catch (err) {
      // Progress is best effort: the job goes on, the next report tries again.
      this.deps.logger.warn({ err, runId: this.run.id }, 'backtest progress not recorded');
      this.lastStage = undefined;
      return;
    }
    if (!active) {
      this.stopRun();
      return;
    }
    await this.publish({ id: this.run.id, status, progress, stage });
  }

  async publish(event: BacktestEvent): Promise<void> {
    try {
      await this.deps.bus.publish(backtestTopic(this.run.userId), event);
    } catch (err) {
      this.deps.logger.warn({ err, runId: this.run.id }, 'backtest event not published');
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.shutdown?.removeEventListener('abort', this.onShutdown);
  }
}
