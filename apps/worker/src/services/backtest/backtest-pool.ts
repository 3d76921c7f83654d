// The engine threads: a piscina pool, so a multi-second backtest never blocks the worker's event
// loop (which also streams markets and evaluates live alerts). A task is aborted by terminating
// its thread (cancel, shutdown); progress comes back over a MessageChannel per task.
import { MessageChannel } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type {
  ThreadOutcome,
  ThreadProgress,
  runPart,
  runSingle,
  runWalkForwardTask,
} from './backtest-thread';

type TaskOf<F extends (task: never) => unknown> = Omit<Parameters<F>[0], 'port'>;
type ValueOf<F extends (task: never) => unknown> = ReturnType<F>;

export class BacktestPool {
  private readonly pool: Piscina;

  constructor(options: { threads?: number; idleTimeoutMs?: number } = {}) {
    this.pool = new Piscina({
      filename: new URL('./backtest-thread-entry.mjs', import.meta.url).href,
      maxThreads: options.threads ?? Math.max(1, availableParallelism() - 1),
      minThreads: 0,
      idleTimeout: options.idleTimeoutMs ?? 60_000,
    });
  }

  private async call<T>(
    name: string,
    task: object,
    signal: AbortSignal,
    onProgress?: (p: ThreadProgress) => void,
  ): Promise<ThreadOutcome<T>> {
    const { port1, port2 } = new MessageChannel();
    port1.on('message', (p: ThreadProgress) => onProgress?.(p));
    try {
      return (await this.pool.run(
        { ...task, port: port2 },
        { name, signal, transferList: [port2] },
      )) as ThreadOutcome<T>;
    } finally {
      port1.close();
    }
  }

  runSingle(
    task: TaskOf<typeof runSingle>,
    signal: AbortSignal,
    onProgress?: (p: ThreadProgress) => void,
  ): Promise<ValueOf<typeof runSingle>> {
    return this.call('runSingle', task, signal, onProgress);
  }

  runPart(
    task: TaskOf<typeof runPart>,
    signal: AbortSignal,
    onProgress?: (p: ThreadProgress) => void,
  ): Promise<ValueOf<typeof runPart>> {
    return this.call('runPart', task, signal, onProgress);
  }

  runWalkForward(
    task: TaskOf<typeof runWalkForwardTask>,
    signal: AbortSignal,
    onProgress?: (p: ThreadProgress) => void,
  ): Promise<ValueOf<typeof runWalkForwardTask>> {
    return this.call('runWalkForwardTask', task, signal, onProgress);
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
