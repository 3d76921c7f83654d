// Proves the purity rule is an allow-list: whatever a module in packages/core imports or reaches
// for, only relative modules and the listed pure libraries pass. Lints source text as if it were
// a file of packages/core, through the very config packages/core uses.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { core } from './core.js';

const coreDir = fileURLToPath(new URL('../../packages/core', import.meta.url));
// The probe file exists in no tsconfig, and the purity rules need no types: parse it untyped.
const eslint = new ESLint({
  cwd: coreDir,
  overrideConfigFile: true,
  overrideConfig: [...core(coreDir), tseslint.configs.disableTypeChecked],
});

async function purityErrors(code, file = 'src/purity-probe.ts') {
  const [result] = await eslint.lintText(code, { filePath: path.join(coreDir, file) });
  const fatal = result.messages.find((m) => m.fatal);
  if (fatal) throw new Error(fatal.message);
  return result.messages
    .filter((m) =>
      ['no-restricted-imports', 'no-restricted-globals', 'no-restricted-syntax'].includes(m.ruleId),
    )
    .map((m) => m.ruleId);
}

describe('packages/core purity', () => {
  it.each([
    "import { createHash } from 'node:crypto';\nexport const h = createHash;",
    "import { createHash } from 'crypto';\nexport const h = createHash;",
    "import path from 'path';\nexport const j = path.join;",
    "import { readFileSync } from 'fs';\nexport const r = readFileSync;",
    "import { Pool } from 'pg';\nexport const p = Pool;",
    "import { PrismaClient } from '@prisma/client';\nexport const c = PrismaClient;",
    "import { db } from '@coinview/db/client';\nexport const d = db;",
    "export * from 'node:os';",
    "import zodiac from 'zodiac';\nexport const z = zodiac;",
  ])('reports an import outside the allow-list: %s', async (code) => {
    expect(await purityErrors(code)).toEqual(['no-restricted-imports']);
  });

  it.each([
    'export const b = Buffer.from("x");',
    'export const e = process.env.HOME;',
    'export const u = crypto.randomUUID();',
    'export const t = setTimeout(() => 0, 1);',
    'export const g = globalThis.process;',
  ])('reports an I/O global: %s', async (code) => {
    expect(await purityErrors(code)).toEqual(['no-restricted-globals']);
  });

  it('reports a dynamic import', async () => {
    expect(await purityErrors("export const m = () => import('node:fs');")).toEqual([
      'no-restricted-syntax',
    ]);
  });

  it('accepts relative modules, zod and technicalindicators', async () => {
    const code = [
      "import { z } from 'zod';",
      "import { RSI } from 'technicalindicators';",
      "import { barOpenTime } from './interval';",
      'export const s = z.number();',
      'export const r = RSI;',
      'export const b = barOpenTime;',
    ].join('\n');
    expect(await purityErrors(code)).toEqual([]);
  });

  it('lets tests beside the code read fixtures from disk', async () => {
    const code = "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;";
    expect(await purityErrors(code, 'src/purity-probe.test.ts')).toEqual([]);
  });
});
