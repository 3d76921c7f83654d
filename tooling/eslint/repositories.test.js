// Proves the apps' "Prisma only through packages/db" rule: the query shapes that were written in
// web routers and worker jobs are reported, calling a repository with the client is not, and
// tests may still set up rows directly. Lints source text as a file of apps/web with the rule's
// own config block (syntax-only, so the probe needs no tsconfig).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { repositoriesOnly } from './repositories.js';

const webDir = fileURLToPath(new URL('../../apps/web', import.meta.url));
const eslint = new ESLint({
  cwd: webDir,
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
    ...repositoriesOnly,
  ],
});

async function reported(code, file = 'src/server/api/routers/probe.ts') {
  const [result] = await eslint.lintText(code, { filePath: path.join(webDir, file) });
  const fatal = result.messages.find((m) => m.fatal);
  if (fatal) throw new Error(fatal.message);
  return result.messages.filter((m) => m.ruleId === 'no-restricted-syntax').length;
}

describe('apps query through repositories', () => {
  it.each([
    // The two that were in apps/web (notifications.live, notificationSettings.sendVerification):
    'export const f = (ctx) => ctx.db.notification.findMany({ where: {} });',
    'export const f = (ctx) => ctx.db.alertEmailVerification.findFirst({ where: {} });',
    // The worker's shapes:
    'export const f = (deps) => deps.db.alertDelivery.updateMany({ where: {}, data: {} });',
    'export class R { db; load() { return this.db.alertRule.findUnique({ where: {} }); } }',
    'export const f = (db) => db.notification.upsert({ where: {}, create: {}, update: {} });',
    'export const f = (db) => db.$transaction(async (tx) => tx.order.create({ data: {} }));',
    'export const f = (db) => db.$queryRaw`SELECT 1`;',
  ])('reports %s', async (code) => {
    expect(await reported(code)).toBeGreaterThan(0);
  });

  it('accepts a repository call with the client, and other things named like Prisma methods', async () => {
    const code = [
      "import { listNotifications } from '@coinview/db/notifications';",
      'export const a = (ctx) => listNotifications(ctx.db, ctx.session.user.id, { limit: 5 });',
      'export const b = (limiter, key) => limiter.device.delete(key);',
      'export const c = (map, k) => map.delete(k);',
      "export const d = (hash) => hash.update('x');",
      // A unit of work composed of repository functions is the caller's to open.
      'export const e = (db, id) => db.$transaction((tx) => applyOrderUpdateInTx(tx, id, {}));',
    ].join('\n');
    expect(await reported(code)).toBe(0);
  });

  it('lets tests and test helpers set up rows directly', async () => {
    const code = "export const f = (db) => db.user.create({ data: { email: 'a@b.c' } });";
    expect(await reported(code, 'src/server/api/routers/probe.test.ts')).toBe(0);
    expect(await reported(code, 'src/server/api/testing.ts')).toBe(0);
    expect(await reported(code, 'src/services/order-executor/test-trading.ts')).toBe(0);
  });
});
