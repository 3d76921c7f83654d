// A PATH like this machine's but with no pnpm on it, as on a fresh machine that has only Node and
// npm: every directory holding a pnpm is replaced by a copy of it (symlinks) without pnpm/pnpx.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const PNPM_NAMES = new Set(['pnpm', 'pnpx', 'pnpm.cjs', 'pnpx.cjs']);

export function pathWithoutPnpm(original: string): string {
  const shadowRoot = mkdtempSync(path.join(tmpdir(), 'coinview-no-pnpm-'));
  return original
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir, i) => {
      if (![...PNPM_NAMES].some((name) => existsSync(path.join(dir, name)))) return dir;
      const shadow = path.join(shadowRoot, String(i));
      mkdirSync(shadow);
      for (const name of readdirSync(dir))
        if (!PNPM_NAMES.has(name)) symlinkSync(path.join(dir, name), path.join(shadow, name));
      return shadow;
    })
    .join(path.delimiter);
}
