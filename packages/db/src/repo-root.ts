// Finds the monorepo root (the folder holding pnpm-workspace.yaml) so that data lands in one
// `.data/` whichever package or app a process was started from. The working directory is tried
// first because bundlers (Next.js) may relocate this module's own URL.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function searchUp(from: string): string | undefined {
  let dir = path.resolve(from);
  for (;;) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function findRepoRoot(): string {
  const starts = [process.cwd(), path.dirname(fileURLToPath(import.meta.url))];
  for (const start of starts) {
    const root = searchUp(start);
    if (root) return root;
  }
  throw new Error(
    `No pnpm-workspace.yaml above ${starts.join(' or ')}: cannot locate the repository root`,
  );
}
