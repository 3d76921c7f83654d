import type { AlertRuleInput } from '@coinview/core/rules/rule';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordFire } from './alert-fires';
import {
  AlertRuleInvalidError,
  createAlertRule,
  deleteAlertRule,
  getAlertRule,
  listAlertFires,
  listAlertRules,
  pauseAlertRule,
  resumeAlertRule,
  updateAlertRule,
  type AlertRuleWrite,
} from './alert-rules';
import type { Db } from './client';
import { createTestDatabase, type TestDatabase } from './testing';

let database: TestDatabase;
let db: Db;
let alice: string;
let bob: string;

const rsiBelow30: AlertRuleInput = {
  symbol: 'BTCUSDT',
  interval: '1h',
  condition: {
    op: 'crosses-below',
    left: { kind: 'indicator', id: 'rsi', params: { period: 14 } },
    right: { kind: 'value', value: 30 },
  },
};

function write(overrides: Partial<AlertRuleWrite> = {}): AlertRuleWrite {
  return {
    name: 'RSI oversold',
    definition: rsiBelow30,
    message: '{{symbol}}: {{rule}}',
    notifyEmail: true,
    notifyInApp: true,
    notifyWebhook: false,
    ...overrides,
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => {
  await database?.cleanup();
});
beforeEach(async () => {
  await db.user.deleteMany();
  alice = (await db.user.create({ data: { email: 'alice@example.com' } })).id;
  bob = (await db.user.create({ data: { email: 'bob@example.com' } })).id;
});

describe('alert rules', () => {
  it('creates a rule from a validated definition, copying symbol, interval and expiry', async () => {
    const expiresAt = Date.UTC(2027, 0, 1);
    const rule = await createAlertRule(
      db,
      alice,
      write({ definition: { ...rsiBelow30, symbol: 'ETHUSDT', interval: '5m', expiresAt } }),
    );
    expect(rule).toMatchObject({
      symbol: 'ETHUSDT',
      interval: '5m',
      status: 'active',
      version: 1,
      fireCount: 0,
      lastFiredAt: null,
      expiresAt,
    });
    // Defaults filled in by the schema are what is stored (the worker reads them back).
    expect(rule.definition.trigger).toBe('bar-close');
    expect(rule.definition.frequency).toBe('once-per-bar-close');
    expect(await listAlertRules(db, alice)).toHaveLength(1);
    expect(await listAlertRules(db, bob)).toEqual([]);
  });

  it('refuses an invalid rule with a message that says what to fix', async () => {
    const bad = {
      ...rsiBelow30,
      condition: {
        op: 'crosses-below',
        left: { kind: 'indicator', id: 'rsi', params: { period: 0 } },
        right: { kind: 'value', value: 30 },
      },
    };
    const err = await createAlertRule(db, alice, write({ definition: bad })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AlertRuleInvalidError);
    expect((err as Error).message).toMatch(/condition\.left\.params\.period: .*at least 1/);
    expect(await db.alertRule.count()).toBe(0);
  });

  it('updates bump the version and re-arm a triggered rule but keep a paused one paused', async () => {
    const rule = await createAlertRule(db, alice, write());
    const updated = await updateAlertRule(
      db,
      alice,
      rule.id,
      write({ name: 'Renamed', definition: { ...rsiBelow30, interval: '4h' } }),
    );
    expect(updated).toMatchObject({ name: 'Renamed', interval: '4h', version: 2 });

    await db.alertRule.update({ where: { id: rule.id }, data: { status: 'triggered' } });
    expect((await updateAlertRule(db, alice, rule.id, write()))?.status).toBe('active');

    await pauseAlertRule(db, alice, rule.id);
    const stillPaused = await updateAlertRule(db, alice, rule.id, write());
    expect(stillPaused?.status).toBe('paused');
  });

  it('pauses and resumes, bumping the version each time', async () => {
    const rule = await createAlertRule(db, alice, write());
    const paused = await pauseAlertRule(db, alice, rule.id);
    expect(paused).toMatchObject({ status: 'paused', version: 2 });
    // Pausing twice changes nothing (the worker need not reload).
    expect(await pauseAlertRule(db, alice, rule.id)).toMatchObject({ version: 2 });
    expect(await resumeAlertRule(db, alice, rule.id)).toMatchObject({
      status: 'active',
      version: 3,
    });
  });

  it("never reads or changes another user's rule", async () => {
    const rule = await createAlertRule(db, bob, write());
    expect(await getAlertRule(db, alice, rule.id)).toBeNull();
    expect(await updateAlertRule(db, alice, rule.id, write({ name: 'mine' }))).toBeNull();
    expect(await pauseAlertRule(db, alice, rule.id)).toBeNull();
    expect(await resumeAlertRule(db, alice, rule.id)).toBeNull();
    expect(await deleteAlertRule(db, alice, rule.id)).toBe(false);
    expect(await listAlertFires(db, alice, rule.id, { limit: 10 })).toBeNull();
    expect(await getAlertRule(db, bob, rule.id)).toMatchObject({
      name: 'RSI oversold',
      status: 'active',
      version: 1,
    });
  });

  it('returns the latest fires with each delivery, and the counters', async () => {
    const rule = await createAlertRule(db, alice, write());
    for (const hour of [9, 10, 11]) {
      await recordFire(db, {
        ruleId: rule.id,
        userId: alice,
        barTime: new Date(Date.UTC(2026, 10, 27, hour)),
        trigger: 'bar-close',
        price: '90000.5',
        message: `fire ${hour}`,
        values: { 'RSI 14': 29 },
        channels: ['webhook', 'email'],
        once: false,
      });
    }
    const fires = await db.alertFire.findMany({ where: { ruleId: rule.id } });
    await db.alertDelivery.updateMany({
      where: { fireId: { in: fires.map((f) => f.id) }, channel: 'webhook' },
      data: { status: 'failed', attempts: 5, lastError: 'HTTP 500' },
    });

    const detail = await getAlertRule(db, alice, rule.id, { fireLimit: 2 });
    expect(detail?.fireCount).toBe(3);
    expect(detail?.lastFiredAt).not.toBeNull();
    expect(detail?.fires.map((f) => f.message)).toEqual(['fire 11', 'fire 10']);
    expect(detail?.fires[0]?.deliveries).toEqual([
      { channel: 'email', status: 'pending', attempts: 0, lastError: null, deliveredAt: null },
      {
        channel: 'webhook',
        status: 'failed',
        attempts: 5,
        lastError: 'HTTP 500',
        deliveredAt: null,
      },
    ]);
    const older = await listAlertFires(db, alice, rule.id, {
      limit: 10,
      before: Date.UTC(2026, 10, 27, 10),
    });
    expect(older?.map((f) => f.message)).toEqual(['fire 9']);
  });

  it('deletes a rule with its fires', async () => {
    const rule = await createAlertRule(db, alice, write());
    await recordFire(db, {
      ruleId: rule.id,
      userId: alice,
      barTime: new Date(),
      trigger: 'intrabar',
      price: '1',
      message: 'x',
      values: {},
      channels: ['inapp'],
      once: true,
    });
    expect(await deleteAlertRule(db, alice, rule.id)).toBe(true);
    expect(await db.alertFire.count()).toBe(0);
    expect(await getAlertRule(db, alice, rule.id)).toBeNull();
  });
});
