// A cross-process lock as a file created with O_EXCL that holds the owner's pid, so that two
// processes starting the embedded Postgres at once do not both run initdb. A lock left behind by
// a dead process is taken over.
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user (e.g. the postgres user).
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function holderPid(file: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(file, 'utf8')).trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Waits until the lock is ours and returns its release function. */
export async function acquireFileLock(
  file: string,
  timeoutMs = 120_000,
): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(file, 'wx', 0o644);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return async () => {
        await unlink(file).catch(() => undefined);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const pid = await holderPid(file);
    // No pid yet means the holder is between creating and writing the file, unless that was
    // long ago (it died there).
    const abandoned =
      pid === undefined
        ? Date.now() - ((await stat(file).catch(() => undefined))?.mtimeMs ?? Date.now()) > 10_000
        : pid !== process.pid && !isProcessAlive(pid);
    if (abandoned) {
      await unlink(file).catch(() => undefined);
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${file} (held by pid ${pid ?? 'unknown'})`);
    }
    await sleep(100);
  }
}
