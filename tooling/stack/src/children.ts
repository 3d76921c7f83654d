// Child processes of the launcher: started with a name, their output prefixed line by line, and
// stopped as a group (SIGTERM, then SIGKILL after a grace period). In a terminal, the JSON log
// lines of the worker and exchange-sim (pino) are shown as readable one-liners (pino-pretty);
// piped elsewhere (CI, a file) they stay JSON for machines.
import { type ChildProcess, spawn } from 'node:child_process';
import readline from 'node:readline';
import { prettyFactory } from 'pino-pretty';

const pretty = process.stdout.isTTY
  ? prettyFactory({
      colorize: true,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname',
      singleLine: true,
    })
  : null;

/** A pino JSON line made readable (in a terminal); any other line as it is. */
export function readableLine(line: string, format = pretty): string {
  if (!format || !line.startsWith('{')) return line;
  try {
    JSON.parse(line);
  } catch {
    return line;
  }
  return format(line).trimEnd();
}

const COLOURS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m', '\x1b[34m'];
let nextColour = 0;

export interface Child {
  name: string;
  process: ChildProcess;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export function startChild(
  name: string,
  command: string,
  args: string[],
  opts: { cwd: string; env: NodeJS.ProcessEnv },
): Child {
  const colour = process.stdout.isTTY ? COLOURS[nextColour++ % COLOURS.length]! : '';
  const reset = colour ? '\x1b[0m' : '';
  const label = `${colour}${name.padEnd(6)}${reset} │ `;
  const child = spawn(command, args, {
    cwd: opts.cwd,
    env: opts.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group, so stop() reaches grandchildren (next, tsx)
  });
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      process.stdout.write(label + readableLine(line) + '\n');
    });
  }
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : null)));
  });

  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };

  return {
    name,
    process: child,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), 8000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `url` until it answers with a status below 500, or throws after `timeoutMs`. */
export async function waitForHttp(
  url: string,
  timeoutMs: number,
  abort?: Promise<unknown>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let aborted = false;
  void abort?.then(() => (aborted = true));
  while (Date.now() < deadline) {
    if (aborted) throw new Error(`gave up waiting for ${url}: a process exited`);
    try {
      const res = await fetch(url, { redirect: 'manual' });
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s`);
}

/** Fails fast, naming the setting to change, when another program already listens on `port`. */
export async function assertPortFree(port: number, what: string, setting: string): Promise<void> {
  const net = await import('node:net');
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(
              `port ${port} for ${what} is already in use: stop that program or set ${setting}`,
            )
          : err,
      ),
    );
    probe.listen(port, () => probe.close(() => resolve()));
  });
}
