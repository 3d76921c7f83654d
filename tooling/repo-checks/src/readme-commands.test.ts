// Every command the README tells a reader to type works as written on a fresh machine after the
// set-up scripts: there, pnpm is not installed globally (scripts/lib.sh runs it through npx), so a
// bare `pnpm …` fails with "pnpm: not found". The README writes `npx pnpm …`, which resolves the
// repo's own pnpm (a root devDependency) without the network; this test runs each command's
// first step with a PATH that has no pnpm.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathWithoutPnpm } from './path-without-pnpm';
import { readRepoFile, repoRoot } from './repo-files';

/** Shell commands of a README: lines of ```sh blocks and inline code that starts with a command. */
function readmeCommands(markdown: string): string[] {
  const commands: string[] = [];
  for (const block of markdown.matchAll(/```sh\n([\s\S]*?)```/g))
    for (const line of (block[1] ?? '').split('\n'))
      if (line.trim() && !line.trim().startsWith('#')) commands.push(line.trim());
  const prose = markdown.replace(/```[\s\S]*?```/g, '');
  for (const span of prose.matchAll(/`([^`\n]+)`/g)) {
    const code = (span[1] ?? '').trim();
    if (/^(npx|pnpm|bash|node|npm)\s/.test(code)) commands.push(code);
  }
  return commands;
}

const readme = readRepoFile('README.md');
const commands = readmeCommands(readme);
const rootPackage = JSON.parse(readRepoFile('package.json')) as {
  packageManager: string;
  scripts: Record<string, string>;
};
const PNPM_BUILTINS = new Set(['install', 'add', 'exec', 'run']);
const env = { ...process.env, PATH: pathWithoutPnpm(process.env.PATH ?? ''), CI: 'true' };

function run(command: string, args: string[]) {
  return spawnSync(command, args, { cwd: repoRoot, env, encoding: 'utf8', timeout: 240_000 });
}

/** The words of a command without the README's `[optional]` parts and `a|b` alternatives. */
function words(command: string): string[] {
  return command
    .replace(/\[[^\]]*\]/g, '')
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.split('|')[0] ?? w);
}

describe('README commands', () => {
  it('finds the commands', () => {
    expect(commands).toContain('bash scripts/start.sh');
    expect(commands.filter((c) => c.startsWith('npx pnpm coinview')).length).toBeGreaterThanOrEqual(
      2,
    );
  });

  it('the test PATH really has no pnpm (as on a fresh machine)', () => {
    expect(() => execFileSync('sh', ['-c', 'command -v pnpm'], { env })).toThrow();
  });

  it('writes no command that needs a global pnpm', () => {
    expect(commands.filter((c) => /^pnpm\s/.test(c))).toEqual([]);
  });

  it('runs only scripts that exist', () => {
    for (const command of commands) {
      const [first, second] = words(command);
      if (first === 'bash')
        expect(existsSync(path.join(repoRoot, second ?? '')), command).toBe(true);
    }
  });

  it('`npx pnpm` resolves the pinned pnpm locally, and every pnpm command names a script', () => {
    const version = run('npx', ['--no-install', 'pnpm', '--version']);
    expect(version.stderr).not.toMatch(/not found/);
    expect(`pnpm@${version.stdout.trim()}`).toBe(rootPackage.packageManager);
    for (const command of commands.filter((c) => c.startsWith('npx pnpm '))) {
      const script = words(command)[2] ?? '';
      expect(script in rootPackage.scripts || PNPM_BUILTINS.has(script), command).toBe(true);
    }
  }, 300_000);

  it.each(commands.filter((c) => c.startsWith('npx pnpm coinview ')).map((c) => [c]))(
    '%s starts (its --help)',
    (command) => {
      const [, , ...rest] = words(command);
      const result = run('npx', ['--no-install', 'pnpm', ...rest.slice(0, 2), '--help']);
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain(`Usage: coinview ${rest[1]}`);
    },
    300_000,
  );
});
