// The zero-config database: a real embedded Postgres in a temp data folder (not the test server).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveDatabaseUrl } from './connection';
import { allowTraversal, startEmbeddedPostgres } from './embedded';
import { pickFreePort } from './ports';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'coinview-embedded-'));
  await allowTraversal(dir);
  cleanups.push(() => rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }));
  return dir;
}

async function currentDatabase(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (
      (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0]?.db ?? ''
    );
  } finally {
    await client.end();
  }
}

async function answers(url: string): Promise<boolean> {
  return currentDatabase(url).then(
    () => true,
    () => false,
  );
}

describe('resolveDatabaseUrl', () => {
  it('returns DATABASE_URL untouched when given', async () => {
    const resolved = await resolveDatabaseUrl({ databaseUrl: 'postgresql://u:p@127.0.0.1:1/x' });
    expect(resolved).toMatchObject({ url: 'postgresql://u:p@127.0.0.1:1/x', embedded: false });
    await resolved.stop();
  });

  it('starts an embedded cluster with a coinview database, reuses it on a second call, and stops it', async () => {
    const dataDir = await tempDataDir();
    const port = await pickFreePort();
    const first = await resolveDatabaseUrl({ dataDir, port });
    cleanups.push(() => first.stop());
    expect(first.embedded).toBe(true);
    expect(first.url).toMatch(
      new RegExp(`^postgresql://postgres:[0-9a-f]+@127\\.0\\.0\\.1:${port}/coinview$`),
    );
    expect(await currentDatabase(first.url)).toBe('coinview');

    const second = await resolveDatabaseUrl({ dataDir });
    expect(second.url).toBe(first.url);
    await second.stop(); // it did not start the server, so this must not stop it
    expect(await answers(first.url)).toBe(true);

    await first.stop();
    expect(await answers(first.url)).toBe(false);

    // Data survives a restart on the remembered port.
    const third = await resolveDatabaseUrl({ dataDir });
    cleanups.push(() => third.stop());
    expect(third.url).toBe(first.url);
  });

  it('reuses a cluster that another process started', async () => {
    const dataDir = await tempDataDir();
    const ours = await startEmbeddedPostgres({ dataDir, port: await pickFreePort() });
    cleanups.push(() => ours.stop());
    const script = `import { resolveDatabaseUrl } from './src/connection';
      const r = await resolveDatabaseUrl({ dataDir: ${JSON.stringify(dataDir)} });
      console.log(JSON.stringify({ url: r.url }));
      await r.stop();`;
    const { stdout } = await run(
      path.join(packageDir, 'node_modules/.bin/tsx'),
      ['--input-type=module', '-e', script],
      { cwd: packageDir },
    );
    expect(JSON.parse(stdout.trim().split('\n').pop() ?? '{}')).toEqual({ url: ours.url });
    // The other process exiting left our server running.
    expect(await answers(ours.url)).toBe(true);
  });

  it('lets only one of two simultaneous starts initialise and run the cluster', async () => {
    const dataDir = await tempDataDir();
    const port = await pickFreePort();
    const [a, b] = await Promise.all([
      startEmbeddedPostgres({ dataDir, port }),
      startEmbeddedPostgres({ dataDir, port }),
    ]);
    cleanups.push(
      () => a.stop(),
      () => b.stop(),
    );
    expect([a.startedHere, b.startedHere].sort()).toEqual([false, true]);
    expect(a.url).toBe(b.url);
  });

  it('moves to a free port when the preferred one is taken, and remembers it', async () => {
    const dataDir = await tempDataDir();
    const blocker = net.createServer();
    const taken = await pickFreePort();
    await new Promise<void>((resolve) => blocker.listen(taken, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => blocker.close(resolve)));

    const server = await startEmbeddedPostgres({ dataDir, port: taken });
    expect(server.port).not.toBe(taken);
    const remembered = JSON.parse(await readFile(path.join(dataDir, 'cluster.json'), 'utf8')) as {
      port: number;
    };
    expect(remembered.port).toBe(server.port);
    await server.stop();

    const again = await startEmbeddedPostgres({ dataDir });
    cleanups.push(() => again.stop());
    expect(again.port).toBe(server.port);
  });
});
