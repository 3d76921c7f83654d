// Per-account quotas under concurrency: with room for 5 more, 20 parallel creates end with exactly
// 5 created and 15 refused in words, for alert rules and for layouts; another user is unaffected.
import { defaultLayoutState } from '@coinview/core/layout';
import { QUOTAS } from '@coinview/core/quotas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlertRule, type AlertRuleWrite } from './alert-rules';
import type { Db } from './client';
import { createLayout } from './layouts';
import { QuotaExceededError } from './quota';
import { createTestDatabase, type TestDatabase } from './testing';

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => {
  await database?.cleanup();
});

const rule: AlertRuleWrite = {
  name: 'Close above 1',
  definition: {
    symbol: 'BTCUSDT',
    interval: '1h',
    condition: {
      op: 'greater-than',
      left: { kind: 'price', field: 'close' },
      right: { kind: 'value', value: 1 },
    },
  },
  message: '{{symbol}}',
  notifyEmail: false,
  notifyInApp: true,
  notifyWebhook: false,
};

async function outcome(creates: Promise<unknown>[]) {
  const results = await Promise.allSettled(creates);
  const refused = results.filter((r) => r.status === 'rejected');
  for (const r of refused) expect(r.reason).toBeInstanceOf(QuotaExceededError);
  return {
    created: results.length - refused.length,
    refused: refused.length,
    refusedWith: refused[0],
  };
}

describe('quotas', () => {
  it(`alert rules: 20 parallel creates with room for 5 → exactly ${QUOTAS.alertRules.limit}`, async () => {
    const user = (await db.user.create({ data: { email: 'rules@example.com' } })).id;
    const other = (await db.user.create({ data: { email: 'other@example.com' } })).id;
    for (let i = 0; i < QUOTAS.alertRules.limit - 5; i++) await createAlertRule(db, user, rule);
    const result = await outcome(Array.from({ length: 20 }, () => createAlertRule(db, user, rule)));
    expect(result).toMatchObject({ created: 5, refused: 15 });
    expect(((result.refusedWith as PromiseRejectedResult).reason as Error).message).toBe(
      `You have ${QUOTAS.alertRules.limit} alerts, the most one account can have. Delete one to add another.`,
    );
    expect(await db.alertRule.count({ where: { userId: user } })).toBe(QUOTAS.alertRules.limit);
    await expect(createAlertRule(db, other, rule)).resolves.toMatchObject({ name: rule.name });
  }, 60_000);

  it(`layouts: 20 parallel creates with room for 5 → exactly ${QUOTAS.layouts.limit}`, async () => {
    const user = (await db.user.create({ data: { email: 'layouts@example.com' } })).id;
    const state = defaultLayoutState();
    for (let i = 0; i < QUOTAS.layouts.limit - 5; i++)
      await createLayout(db, user, { name: `Layout ${i}`, state });
    const result = await outcome(
      Array.from({ length: 20 }, (_, i) =>
        createLayout(db, user, { name: `Parallel ${i}`, state }),
      ),
    );
    expect(result).toMatchObject({ created: 5, refused: 15 });
    expect(await db.chartLayout.count({ where: { userId: user } })).toBe(QUOTAS.layouts.limit);
  }, 60_000);
});
