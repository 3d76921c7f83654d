// The engine threads' entry (piscina loads it in each thread): TypeScript is loaded through tsx
// (the worker itself runs on tsx), then the thread's functions are exported by name.
import { register } from 'tsx/esm/api';

register();
const thread = await import('./backtest-thread.ts');

export const runSingle = thread.runSingle;
export const runPart = thread.runPart;
export const runWalkForwardTask = thread.runWalkForwardTask;
