import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosave, SaveConflictError, type SaveStatus } from './autosave';

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('Autosave', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(save: (s: number) => Promise<void>) {
    const statuses: SaveStatus[] = [];
    const autosave = new Autosave<number>({
      save,
      onStatus: (s) => statuses.push(s),
      delayMs: 500,
      retryMs: 1000,
      maxRetryMs: 4000,
    });
    return { autosave, statuses };
  }

  it('saves once after a burst of changes, with the newest state', async () => {
    const saved: number[] = [];
    const { autosave, statuses } = setup(async (s) => {
      saved.push(s);
    });
    autosave.change(1);
    await vi.advanceTimersByTimeAsync(300);
    autosave.change(2);
    autosave.change(3);
    await vi.advanceTimersByTimeAsync(499);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual([3]);
    expect(statuses.at(-1)).toBe('saved');
    expect(autosave.dirty).toBe(false);
  });

  it('never runs two saves at once and saves a change made during a save right after it', async () => {
    const gates: ReturnType<typeof deferred>[] = [];
    const saved: number[] = [];
    let running = 0;
    let maxRunning = 0;
    const { autosave } = setup((s) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      const gate = deferred();
      gates.push(gate);
      return gate.promise.then(() => {
        running--;
        saved.push(s);
      });
    });
    autosave.change(1);
    await vi.advanceTimersByTimeAsync(500);
    autosave.change(2);
    await vi.advanceTimersByTimeAsync(500); // quiet period passes while the first save is in flight
    expect(gates).toHaveLength(1);
    gates[0]!.resolve();
    await vi.advanceTimersByTimeAsync(500);
    expect(gates).toHaveLength(2);
    gates[1]!.resolve();
    await vi.advanceTimersByTimeAsync(0);
    expect(saved).toEqual([1, 2]);
    expect(maxRunning).toBe(1);
    expect(autosave.dirty).toBe(false);
  });

  it('retries failures with growing delays, then succeeds', async () => {
    let calls = 0;
    const times: number[] = [];
    const { autosave, statuses } = setup(async () => {
      times.push(Date.now());
      if (++calls < 4) throw new Error('offline');
    });
    const start = Date.now();
    autosave.change(1);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(times.map((t) => t - start)).toEqual([500, 1500, 3500, 7500]);
    expect(statuses.filter((s) => s === 'error')).toHaveLength(3);
    expect(statuses.at(-1)).toBe('saved');
  });

  it('pauses on a conflict until resumed, keeping the changes', async () => {
    let conflict = true;
    const saved: number[] = [];
    const { autosave, statuses } = setup(async (s) => {
      if (conflict) throw new SaveConflictError('changed elsewhere');
      saved.push(s);
    });
    autosave.change(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(statuses.at(-1)).toBe('conflict');
    autosave.change(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(saved).toEqual([]);
    expect(autosave.dirty).toBe(true);
    conflict = false;
    autosave.resume();
    await vi.advanceTimersByTimeAsync(0);
    expect(saved).toEqual([2]);
  });

  it('flush saves at once and resolves when saved', async () => {
    const saved: number[] = [];
    const { autosave } = setup(async (s) => {
      saved.push(s);
    });
    autosave.change(7);
    await autosave.flush();
    expect(saved).toEqual([7]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved).toEqual([7]);
  });

  it('reset drops pending changes', async () => {
    const saved: number[] = [];
    const { autosave } = setup(async (s) => {
      saved.push(s);
    });
    autosave.change(1);
    autosave.reset();
    await vi.advanceTimersByTimeAsync(1000);
    expect(saved).toEqual([]);
  });
});
