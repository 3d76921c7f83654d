// Autosave for the open chart layout: every change schedules a save after a short quiet period;
// one save is in flight at a time and the newest state always wins (a change made while a save is
// running is saved right after it). A save answered with a version conflict stops autosaving
// until the user decides (reload theirs, or overwrite); other failures retry with backoff.
// Plain TypeScript with injected save and timers, so its timing rules are unit-tested.

export type SaveStatus =
  /** Nothing to save: no changes since the layout was opened or last saved. */
  | 'saved'
  /** Changes wait for the quiet period. */
  | 'pending'
  | 'saving'
  /** The last save failed; a retry is scheduled. */
  | 'error'
  /** Another tab or device saved a newer version; autosave is paused. */
  | 'conflict';

export class SaveConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SaveConflictError';
  }
}

export interface AutosaveOptions<S> {
  /** Writes a state; rejects with SaveConflictError when the stored version moved on. */
  save: (state: S) => Promise<void>;
  onStatus: (status: SaveStatus, error?: Error) => void;
  /** Quiet period after the last change before saving (ms). */
  delayMs?: number;
  /** First retry after a failure (ms); doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class Autosave<S> {
  private latest: S | undefined;
  /** Bumped on every change; a save is current when it wrote the newest change. */
  private changeSeq = 0;
  private savedSeq = 0;
  private inFlight: Promise<void> | null = null;
  private timer: unknown = null;
  private failures = 0;
  private paused = false;
  private readonly delayMs: number;
  private readonly retryMs: number;
  private readonly maxRetryMs: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: AutosaveOptions<S>) {
    this.delayMs = options.delayMs ?? 600;
    this.retryMs = options.retryMs ?? 2000;
    this.maxRetryMs = options.maxRetryMs ?? 30_000;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer =
      options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  }

  get dirty(): boolean {
    return this.changeSeq !== this.savedSeq;
  }

  /** A new state to save (after the quiet period). */
  change(state: S): void {
    this.latest = state;
    this.changeSeq++;
    if (this.paused) return;
    this.options.onStatus('pending');
    this.schedule(this.delayMs);
  }

  /** Saves now whatever is pending and resolves when nothing is left to save (or it failed). */
  async flush(): Promise<void> {
    this.cancelTimer();
    while (this.dirty && !this.paused) {
      if (this.inFlight) await this.inFlight;
      else await this.run();
      if (this.failures > 0) return;
    }
    if (this.inFlight) await this.inFlight;
  }

  /** After a conflict: resume autosaving (the caller has set up `save` to write over or reloaded). */
  resume(): void {
    this.paused = false;
    this.failures = 0;
    if (this.dirty) this.schedule(0);
    else this.options.onStatus('saved');
  }

  /** Forget pending changes (the layout was replaced or reloaded). */
  reset(): void {
    this.cancelTimer();
    this.savedSeq = this.changeSeq;
    this.paused = false;
    this.failures = 0;
    this.options.onStatus('saved');
  }

  private schedule(ms: number): void {
    this.cancelTimer();
    this.timer = this.setTimer(() => {
      this.timer = null;
      void this.run();
    }, ms);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
  }

  private run(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    if (!this.dirty || this.paused || this.latest === undefined) return Promise.resolve();
    const seq = this.changeSeq;
    const state = this.latest;
    this.options.onStatus('saving');
    this.inFlight = this.options
      .save(state)
      .then(() => {
        this.failures = 0;
        this.savedSeq = Math.max(this.savedSeq, seq);
        if (this.dirty) {
          // Changed while saving: save the newer state after the usual quiet period.
          this.options.onStatus('pending');
          this.schedule(this.delayMs);
        } else this.options.onStatus('saved');
      })
      .catch((err: unknown) => {
        const error = err instanceof Error ? err : new Error(String(err));
        if (error instanceof SaveConflictError) {
          this.paused = true;
          this.options.onStatus('conflict', error);
          return;
        }
        this.failures++;
        this.options.onStatus('error', error);
        this.schedule(Math.min(this.maxRetryMs, this.retryMs * 2 ** (this.failures - 1)));
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }
}
